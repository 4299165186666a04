import Core
import Foundation
import Simulator

/// A report folder could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
    /// What went wrong, naming the path.
    public let description: String

    /// Creates the error from its message.
    public init(description: String) { self.description = description }
}

/// A report write stopped on request (its ``StopFlag`` was raised) before the swap: the
/// previous report, if any, is untouched and no staging folder remains.
public struct ReportWriteStopped: Error {}

/// Writes a run's report folder atomically: every file goes to a temporary folder beside
/// the target, which is renamed into place only when all files are written. A failed or
/// interrupted write leaves the previous report as it was.
public enum ReportWriter {
    /// The files of a run report, by name. The texts are built concurrently (they only
    /// read the run), which halves report time on a big run on two cores. The trip_routes.csv
    /// of a routed run (``RunResult/routed``: drivers drove road routes) is not among them:
    /// ``write(_:under:moving:stop:)`` streams it to disk.
    public static func files(for run: RunResult) -> [(name: String, text: String)] {
        let builders = builders(for: run)
        let texts = Texts(count: builders.count)
        let build = builders.map(\.build)
        DispatchQueue.concurrentPerform(iterations: build.count) { i in texts.set(i, build[i]()) }
        return zip(builders, texts.values).map { ($0.name, $1) }
    }

    /// The names of the files ``write(_:under:moving:stop:)`` writes for `run` (the stream
    /// dump's folder aside), in order.
    public static func fileNames(for run: RunResult) -> [String] {
        builders(for: run).map(\.name) + (run.routed ? ["trip_routes.csv"] : [])
    }

    private static func builders(for run: RunResult) -> [(name: String, build: @Sendable () -> String)] {
        let summary = Summary(run)
        var builders: [(name: String, build: @Sendable () -> String)] = [
            ("requests.csv", { ReportFiles.requestsCSV(run) }),
            ("drivers.csv", { ReportFiles.driversCSV(run) }),
            ("stops.csv", { PoolMetrics.stopsCSV(run) }),
            ("summary.csv", { ReportFiles.summaryCSV(summary) }),
            ("summary.json", { ReportFiles.summaryJSON(summary) }),
            ("late_events.csv", { LateEvents.csv(run) }),
            ("timeseries.csv", { TimeSeries(run).csv }),
            ("eta_by_hour.csv", { Breakdowns.etaByHourCSV(Breakdowns.etaByHour(run)) }),
            ("zones.csv", { Breakdowns.zonesCSV(Breakdowns.zones(run), idleDrivers: ZoneFigures.idleDrivers(run)) }),
            ("zone_shapes.geojson", { GeoJSONText.zoneShapes(run.zoneShapes, layer: "traffic") }),
            ("report.html", { HTMLReport.run(run, summary: summary) }),
        ]
        if !run.inputs.isEmpty { builders.append(("rejected_rows.csv", { RejectedRowsCSV.text(run) })) }
        if run.scenario.demand.zones != nil {
            let horizon = max(1, Double(run.horizon))
            let idle = run.idleByDemandZone.mapValues { Double($0) / horizon }
            builders.append(("demand_zones.csv", { Breakdowns.zonesCSV(Breakdowns.zones(run, by: \.originDemandZone), idleDrivers: idle) }))
            builders.append(("demand_zone_shapes.geojson", { GeoJSONText.zoneShapes(run.demandZoneShapes, layer: "demand") }))
        }
        return builders
    }

    /// Slots for texts built on several threads, each written once.
    private final class Texts: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [String]
        init(count: Int) { slots = Array(repeating: "", count: count) }
        func set(_ i: Int, _ text: String) {
            lock.lock()
            slots[i] = text
            lock.unlock()
        }
        var values: [String] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }

    /// Writes `<root>/<scenario>/<strategy>/` and returns its URL; `moving` are files already
    /// written elsewhere (e.g. a stream dump), moved in under their names with the rest. When
    /// `stop` is raised before the swap, nothing changes and ``ReportWriteStopped`` is thrown.
    @discardableResult
    public static func write(
        _ run: RunResult, under root: URL, moving: [(name: String, file: URL)] = [], stop: StopFlag? = nil
    ) throws -> URL {
        let target = folder(for: run, under: root)
        try write(run, to: target, moving: moving, stop: stop)
        return target
    }

    /// Writes the report of `run` into `target` atomically (``writeAtomically(_:to:moving:stop:)``):
    /// the files of ``files(for:)``, a routed run's trip_routes.csv (streamed to a staging
    /// file first: hundreds of MB on a network day) and `moving`.
    public static func write(
        _ run: RunResult, to target: URL, moving: [(name: String, file: URL)] = [], stop: StopFlag? = nil
    ) throws {
        guard run.routed else {
            return try writeAtomically(files(for: run), to: target, moving: moving, stop: stop)
        }
        let parent = target.deletingLastPathComponent()
        let routes = parent.appendingPathComponent(
            ".\(target.lastPathComponent).trip_routes-\(ProcessInfo.processInfo.processIdentifier).csv")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(description: "cannot write report to \(target.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: routes) }
        try ReportFiles.writeTripRoutesCSV(run, to: routes)
        try writeAtomically(files(for: run), to: target, moving: moving + [("trip_routes.csv", routes)], stop: stop)
    }

    /// `<root>/<scenario>/<strategy>/`, where ``write(_:under:stop:)`` puts the report.
    public static func folder(for run: RunResult, under root: URL) -> URL {
        root.appendingPathComponent(run.scenario.name).appendingPathComponent(run.strategy)
    }

    /// Writes `text`'s UTF-8 bytes to `url` without copying them first (a network day's
    /// trip_routes.csv is hundreds of MB: a copy would double the run's peak memory).
    static func writeUTF8(_ text: String, to url: URL) throws {
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return try Data().write(to: url) }
            try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none).write(to: url)
        }
    }

    /// Writes the files into a temporary sibling folder of `target`, then swaps it in.
    /// When `stop` is raised once the files are staged, the staging folder is deleted, the
    /// target is left as it was and ``ReportWriteStopped`` is thrown.
    public static func writeAtomically(
        _ files: [(name: String, text: String)], to target: URL, moving: [(name: String, file: URL)] = [],
        stop: StopFlag? = nil
    ) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try writeUTF8(file.text, to: staging.appendingPathComponent(file.name))
            }
            for file in moving {
                let destination = staging.appendingPathComponent(file.name)
                try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.moveItem(at: file.file, to: destination)
            }
            if let stop, stop.isRaised {
                try? fm.removeItem(at: staging)
                throw ReportWriteStopped()
            }
            if fm.fileExists(atPath: target.path) {
                try? fm.removeItem(at: previous)
                try fm.moveItem(at: target, to: previous)
            }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: previous)
        } catch let stopped as ReportWriteStopped {
            throw stopped
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path), fm.fileExists(atPath: previous.path) {
                try? fm.moveItem(at: previous, to: target)
            }
            throw ReportWriteError(description: "cannot write report to \(target.path): \(error.localizedDescription)")
        }
    }
}
