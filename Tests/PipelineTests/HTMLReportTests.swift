import Core
import Foundation
import Pipeline
import Reporter
import Simulator
import Testing

/// Small runs of the same scenario on three seeds (stand-ins for three strategies).
enum SmallRuns {
    static let shared: Result<[RunResult], any Error> = Result {
        let folder = try temporaryFolder()
        let path = try writeScenario(smallScenarioYAML(drivers: 80, rate: 1200), in: folder)
        let traffic = try ScenarioRun.loadTraffic(for: try ScenarioRun.loadScenario(path: path))
        return try [1, 2, 3].map { seed in
            try ScenarioRun.simulate(try ScenarioRun.loadScenario(path: path, seed: UInt64(seed)), traffic: traffic)
        }
    }
}

/// Whether Debian's chromium is installed (the CI installs it; see .ci/check-html.sh).
let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite("HTML reports")
struct HTMLReportTests {
    static let chartIDs = ["wait-cdf", "ts-flows", "ts-state", "ts-wait", "ts-surge", "eta-hour", "utilization"]

    /// No network, no other files, inline scripts only: the page needs nothing but itself.
    func expectSelfContained(_ html: String) {
        for banned in ["http://", "https://", "<script src", " src=", " href=", "url(", "@import", "<link", "<img", "<iframe", "fetch(", "XMLHttpRequest"] {
            #expect(!html.contains(banned), "contains \(banned)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test("report.html is self-contained, has the seven charts, four zone maps, the replay and the whole summary table")
    func runReport() throws {
        let run = try SmallRuns.shared.get()[0]
        let summary = Summary(run)
        let html = HTMLReport.run(run, summary: summary)
        expectSelfContained(html)
        #expect(occurrences(of: "<svg class=\"chart\"", in: html) == 7)
        #expect(occurrences(of: "<svg class=\"map\"", in: html) == 4)
        #expect(occurrences(of: "<svg class=\"map replay-map\"", in: html) == 1)
        #expect(occurrences(of: "</svg>", in: html) == 7 + 4 + 1)
        // Each map draws every zone shape once, with its numbers as a tooltip.
        #expect(occurrences(of: "<path class=\"zone\"", in: html) == 4 * run.zoneShapes.count)
        #expect(occurrences(of: "<title>zone ", in: html) == 4 * run.zoneShapes.count)
        // The replay draws one point per followed driver.
        #expect(occurrences(of: "<circle r=\"2.6\"", in: html) == run.replay!.drivers.count)
        for id in Self.chartIDs { #expect(html.contains("id=\"\(id)\""), "chart \(id)") }
        // Every summary column is a row of the table, with the same value as summary.csv.
        for field in summary.fields {
            #expect(html.contains("<td class=\"name\">\(field.name)</td><td>\(field.value.csv)</td>"), "\(field.name)")
        }
        // Lines are drawn: one path per series, bars for the ETA and utilization charts.
        #expect(occurrences(of: "<path class=\"series\"", in: html) == 1 + 3 + 3 + 1 + 1)
        #expect(occurrences(of: "<rect class=\"bar\"", in: html) > 3)
    }

    @Test("compare.html overlays the runs: one CDF line per run and one table column per run")
    func comparePage() throws {
        let runs = try SmallRuns.shared.get()
        let html = HTMLReport.compare(runs: runs)
        expectSelfContained(html)
        #expect(occurrences(of: "<svg", in: html) == 7)
        // With per-zone waits, one difference map per strategy after the baseline.
        let waits = runs.map { [ZoneFigures.waitMeans($0)] }
        let withMaps = HTMLReport.compare(runs: runs, zoneWaits: waits)
        expectSelfContained(withMaps)
        #expect(occurrences(of: "<svg class=\"map\"", in: withMaps) == 2)
        #expect(withMaps.contains("id=\"map-diff-1\"") && withMaps.contains("id=\"map-diff-2\""))
        for seed in 1...3 { #expect(html.contains("nearest · seed \(seed)")) }
        #expect(html.contains("<th>metric</th><th>nearest · seed 1</th><th>nearest · seed 2</th><th>nearest · seed 3</th>"))
        let cdf = ReportCharts.waitCDF(HTMLReport.labels(runs))
        #expect(cdf.series.count == 3)
        // Each CDF rises monotonically from (0, 0) to 1 at the largest wait.
        for (series, run) in zip(cdf.series, runs) {
            let maxWait = run.requests.compactMap { $0.wait?.seconds }.max()!
            #expect(series.points.first!.y == 0 && series.points.last!.y == 1)
            #expect(series.points.last!.x == maxWait / 60)
            #expect(zip(series.points, series.points.dropFirst()).allSatisfy { $0.x <= $1.x && $0.y! <= $1.y! })
            #expect(series.points.count <= 402)
        }
    }

    @Test("report.html opens in headless Chromium with every chart in the DOM", .enabled(if: chromium != nil))
    func chromiumRendersReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("compare.html")
        try HTMLReport.compare(runs: try SmallRuns.shared.get()).write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--dump-dom", file.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The parsed DOM (not the source text) holds the seven SVG charts and their series.
        #expect(occurrences(of: "<svg class=\"chart\"", in: dom) == 7)
        #expect(occurrences(of: "<path class=\"series\"", in: dom) >= 3 + 6 + 6 + 3 + 3)
    }
}
