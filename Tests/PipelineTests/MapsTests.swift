import Core
import Foundation
import Pipeline
import Reporter
import Simulator
import Testing

/// Makes sure the PyPI `geojson` package is importable by `python3`, installing it when
/// missing (pip, then pip on an externally managed Python); the caller fails if it cannot.
func installGeoJSONPackage() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", """
        python3 -c 'import geojson' 2>/dev/null && exit 0
        python3 -m pip install --quiet geojson >/dev/null 2>&1 && exit 0
        python3 -m pip install --quiet --break-system-packages geojson >/dev/null 2>&1 && exit 0
        command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-geojson >/dev/null 2>&1
        python3 -c 'import geojson'
        """]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs a script of the repository's .ci folder with python3.
func runCIScript(_ script: String, _ arguments: [String]) throws -> CLIResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", repoRoot.appendingPathComponent(".ci/\(script)").path] + arguments)
}

@Suite("Maps, replay and GeoJSON export")
struct MapsTests {
    static func run(extra: String) throws -> RunResult {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(drivers: 90, rate: 1500, extra: extra), in: folder)
        let scenario = try ScenarioRun.loadScenario(path: path)
        return try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
    }

    @Test("the replay sampler changes no outcome: every CSV is byte-identical with and without it")
    func samplerIsInvisible() throws {
        let without = try Self.run(extra: "report: {replay_drivers: 0}")
        let plain = try Self.run(extra: "")
        let dense = try Self.run(extra: "report: {replay_interval: 7s, replay_drivers: 13}")
        #expect(without.replay == nil && plain.replay != nil && dense.replay != nil)
        for other in [plain, dense] {
            #expect(ReportFiles.requestsCSV(other) == ReportFiles.requestsCSV(without))
            #expect(ReportFiles.driversCSV(other) == ReportFiles.driversCSV(without))
            #expect(TimeSeries(other).csv == TimeSeries(without).csv)
            #expect(Breakdowns.zonesCSV(Breakdowns.zones(other), idleDrivers: ZoneFigures.idleDrivers(other))
                    == Breakdowns.zonesCSV(Breakdowns.zones(without), idleDrivers: ZoneFigures.idleDrivers(without)))
            #expect(other.events == without.events)
            let a = Summary(other), b = Summary(without)
            for field in a.fields where !Summary.wallClockColumns.contains(field.name) {
                #expect(field.value.csv == b[field.name]?.csv, "\(field.name)")
            }
        }
    }

    @Test("replay frames hold the true phase of every followed driver and the exact open requests")
    func replayFramesAreExact() throws {
        let run = try Self.run(extra: "report: {replay_interval: 7s, replay_drivers: 13}")
        let track = try #require(run.replay)
        // 90 drivers, at most 13 followed: stride 7, ids 0, 7, …, 84.
        #expect(track.stride == 7 && track.drivers == stride(from: 0, to: 90, by: 7).map { Int32($0) })
        #expect(track.frameCount == Int((1_200_000 + 6_999) / 7_000))
        #expect(track.times == (0..<track.frameCount).map { Millis($0) * 7_000 })
        #expect(track.x.count == track.frameCount * track.drivers.count && track.phases.count == track.x.count)
        #expect(track.requestStarts.count == track.frameCount + 1)
        var checkedBusy = 0
        for (f, t) in track.times.enumerated() {
            let counts = track.counts[f]
            #expect(counts.drivers.reduce(0, +) == 90)
            // A request is open at t when it was made by t and neither matched nor cancelled by t.
            let open = run.requests.filter { r in
                r.requestTime <= t && !(r.matchTime.map { $0 <= t } ?? false) && !(r.cancelTime.map { $0 <= t } ?? false)
            }
            #expect(Int(counts.openRequests) == open.count, "frame \(f)")
            let marks = Int(track.requestStarts[f + 1] - track.requestStarts[f])
            #expect(marks == open.filter { $0.id % 7 == 0 }.count)
            // Phase from the request records: on trip between pickup and drop-off, to pickup
            // between the match and the pickup, idle otherwise (no shifts here).
            for (k, d) in track.drivers.enumerated() {
                var phase = ReplayPhase.idle
                for r in run.requests where r.driver == d {
                    let matched = r.matchTime!, picked = r.pickupTime ?? .farFuture, dropped = r.dropoffTime ?? .farFuture
                    if matched <= t && t < picked { phase = .toPickup }
                    if picked <= t && t < dropped { phase = .onTrip }
                }
                #expect(track.phases[f * track.drivers.count + k] == phase.rawValue, "frame \(f) driver \(d)")
                if phase != .idle { checkedBusy += 1 }
            }
        }
        #expect(checkedBusy > 100)
        // Idle time by zone adds up to the drivers' idle time.
        #expect(run.idleByZone.values.reduce(0, +) == run.drivers.map(\.idle).reduce(0, +))
    }

    @Test("the sample rule bounds frames × drivers: a 10,000-driver day follows 205 drivers")
    func sampleRule() {
        let center = GeoPoint(lat: 40.758, lon: -73.985)
        let day = ReplayTrack(center: center, interval: 30_000, horizon: 86_400_000, driverCount: 10_000, requestedDrivers: 500)
        #expect(day.stride == 49 && day.drivers.count == 205 && day.drivers.count * 2_880 <= ReplayTrack.maxPositions)
        let small = ReplayTrack(center: center, interval: 30_000, horizon: 7_200_000, driverCount: 1_200, requestedDrivers: 500)
        #expect(small.stride == 3 && small.drivers.count == 400)
        let all = ReplayTrack(center: center, interval: 30_000, horizon: 7_200_000, driverCount: 300, requestedDrivers: 500)
        #expect(all.stride == 1 && all.drivers.count == 300)
    }

    @Test("export geojson writes RFC 7946 files the geojson package validates, with the CSVs' counts")
    func exportValidates() throws {
        #expect(try installGeoJSONPackage() == 0, "cannot install the PyPI geojson package")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(name: "geo", drivers: 90, rate: 1500), in: folder)
        let out = folder.appendingPathComponent("out")
        #expect(try ridematch(["run", path, "--out", out.path, "--quiet"]).status == 0)
        let report = out.appendingPathComponent("geo/nearest")
        let export = try ridematch(["export", "geojson", report.path])
        #expect(export.status == 0, "\(export.stderr)")
        let requests = try readCSV(report.appendingPathComponent("requests.csv")).rows
        let zones = try readCSV(report.appendingPathComponent("zones.csv")).rows
        let completed = requests.filter { $0[6] == "completed" }.count
        #expect(export.stdout == "wrote \(requests.count) requests, \(completed) trips, \(zones.count) zones as GeoJSON to \(report.path)\n")
        let check = try runCIScript("check_geojson.py", [report.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\(requests.count) requests = requests.csv rows"))
        // Every position has 6 decimals, longitude first; no crs member.
        let text = try String(contentsOf: report.appendingPathComponent("zones.geojson"), encoding: .utf8)
        #expect(!text.contains("crs") && text.contains("[-73.9"))
    }

    @Test("export geojson of a folder that is not a report: one error line, exit 2, nothing written")
    func exportBadInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try ridematch(["export", "geojson", folder.appendingPathComponent("nope").path])
        #expect(missing.status == 2 && missing.stderrLines.count == 1 && missing.stdout.isEmpty)
        #expect(missing.stderr.hasSuffix("nope: not a report folder (no such directory)\n"))
        try "request_id\n".write(to: folder.appendingPathComponent("requests.csv"), atomically: true, encoding: .utf8)
        try "zone_id\n".write(to: folder.appendingPathComponent("zones.csv"), atomically: true, encoding: .utf8)
        let partial = try ridematch(["export", "geojson", folder.path])
        #expect(partial.status == 2 && partial.stderrLines == ["error: \(folder.path): not a report folder of this version: no zone_shapes.geojson (run `ridematch run` again)"])
        try "{\"type\":\"FeatureCollection\",\"features\":[]}".write(to: folder.appendingPathComponent("zone_shapes.geojson"), atomically: true, encoding: .utf8)
        let columns = try ridematch(["export", "geojson", folder.path])
        #expect(columns.status == 2 && columns.stderrLines.count == 1)
        #expect(columns.stderr.contains("requests.csv:1: origin_lat: required column missing"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["requests.csv", "zone_shapes.geojson", "zones.csv"])
    }

    @Test("report.html plays its replay in headless Chromium: the page's own frame advances", .enabled(if: chromium != nil))
    func chromiumPlaysReplay() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(extra: "")
        let file = folder.appendingPathComponent("report.html")
        try HTMLReport.run(run).write(to: file, atomically: true, encoding: .utf8)
        let check = try runCIScript("check_html.py", [file.path, "7", folder.appendingPathComponent("shot.png").path, "--maps", "4", "--replay"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("replay frame 0 -> "))
    }
}

@Suite("Zone figures")
struct ZoneFiguresTests {
    @Test("paired wait difference: the mean of (strategy − baseline) over replications where both have the zone")
    func pairedDifference() {
        let baseline: [[String: Double]] = [["1": 100, "2": 50], ["1": 120, "3": 10], ["1": 90]]
        let strategy: [[String: Double]] = [["1": 80, "2": 70], ["1": 100, "3": 40], ["2": 5]]
        let diff = ZoneFigures.pairedWaitDifference(strategy, baseline)
        #expect(Set(diff.keys) == ["1", "2", "3"])
        #expect(diff["1"]!.mean == -20 && diff["1"]!.pairs == 2)
        #expect(diff["2"]!.mean == 20 && diff["2"]!.pairs == 1)
        #expect(diff["3"]!.mean == 30 && diff["3"]!.pairs == 1)
    }

    @Test("map scale: seven equal classes between the ends; diverging scales are symmetric about 0")
    func scale() {
        let s = MapScale(values: [0, 70])
        #expect(s.bounds == [0, 10, 20, 30, 40, 50, 60, 70])
        #expect(s.color(0) == MapScale.sequential[0] && s.color(15) == MapScale.sequential[1] && s.color(70) == MapScale.sequential[6])
        #expect(s.color(nil) == MapScale.noData)
        let d = MapScale(values: [-35, 7], diverging: true)
        #expect(d.lo == -35 && d.hi == 35 && d.color(0) == MapScale.diverging[3] && d.color(-35) == MapScale.diverging[0])
    }
}
