import Foundation
import Simulator

/// A report folder could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
    /// What went wrong, naming the path.
    public let description: String
}

/// Writes a run's report folder atomically: every file goes to a temporary folder beside
/// the target, which is renamed into place only when all files are written. A failed or
/// interrupted write leaves the previous report as it was.
public enum ReportWriter {
    /// The files of a run report, by name.
    public static func files(for run: RunResult) -> [(name: String, text: String)] {
        let summary = Summary(run)
        return [
            ("requests.csv", ReportFiles.requestsCSV(run)),
            ("drivers.csv", ReportFiles.driversCSV(run)),
            ("summary.csv", ReportFiles.summaryCSV(summary)),
            ("summary.json", ReportFiles.summaryJSON(summary)),
            ("late_events.csv", LateEvents.csv(run)),
            ("timeseries.csv", TimeSeries(run).csv),
            ("eta_by_hour.csv", Breakdowns.etaByHourCSV(Breakdowns.etaByHour(run))),
            ("zones.csv", Breakdowns.zonesCSV(Breakdowns.zones(run))),
            ("report.html", HTMLReport.run(run, summary: summary)),
        ] + (run.inputs.isEmpty ? [] : [("rejected_rows.csv", RejectedRowsCSV.text(run))])
    }

    /// Writes `<root>/<scenario>/<strategy>/` and returns its URL; `moving` are files already
    /// written elsewhere (e.g. a stream dump), moved in under their names with the rest.
    @discardableResult
    public static func write(_ run: RunResult, under root: URL, moving: [(name: String, file: URL)] = []) throws -> URL {
        let target = root.appendingPathComponent(run.scenario.name).appendingPathComponent(run.strategy)
        try writeAtomically(files(for: run), to: target, moving: moving)
        return target
    }

    /// Writes the files into a temporary sibling folder of `target`, then swaps it in.
    public static func writeAtomically(
        _ files: [(name: String, text: String)], to target: URL, moving: [(name: String, file: URL)] = []
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
                try Data(file.text.utf8).write(to: staging.appendingPathComponent(file.name))
            }
            for file in moving {
                let destination = staging.appendingPathComponent(file.name)
                try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.moveItem(at: file.file, to: destination)
            }
            if fm.fileExists(atPath: target.path) {
                try? fm.removeItem(at: previous)
                try fm.moveItem(at: target, to: previous)
            }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: previous)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path), fm.fileExists(atPath: previous.path) {
                try? fm.moveItem(at: previous, to: target)
            }
            throw ReportWriteError(description: "cannot write report to \(target.path): \(error.localizedDescription)")
        }
    }
}
