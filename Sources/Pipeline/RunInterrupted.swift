import Core
import Foundation

/// A simulation stopped early because its ``StopFlag`` was raised; its result is partial
/// and is never reported.
public struct SimulationStopped: Error {}

/// A run stopped on request (Ctrl-C) before its report was swapped into place.
///
/// Its ``description`` is the one line the command line prints (exit status 130):
/// `interrupted: previous report in reports/x/nearest/ left intact`, or
/// `interrupted: no report written` when there was none.
public struct RunInterrupted: Error, CustomStringConvertible, Equatable {
    /// The report folder the run would have replaced.
    public var folder: URL
    /// Whether a previous report is in that folder (untouched).
    public var previousReportKept: Bool

    /// Describes a stop before `folder` was written, noting whether a report is already there.
    public init(folder: URL) {
        self.folder = folder
        var isFolder: ObjCBool = false
        previousReportKept = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
            && isFolder.boolValue
    }

    /// `interrupted: previous report in FOLDER/ left intact` or `interrupted: no report written`.
    public var description: String {
        previousReportKept
            ? "interrupted: previous report in \(ScenarioRun.displayPath(folder))/ left intact"
            : "interrupted: no report written"
    }
}

/// A sweep stopped on request (Ctrl-C): finished runs stay in its folder and a rerun of the
/// same command resumes it. The command line prints ``description`` and exits with 130.
public struct SweepInterrupted: Error, CustomStringConvertible {
    /// The one line printed, starting with `interrupted: `.
    public let description: String

    /// An interruption described by `description`.
    public init(_ description: String) { self.description = description }
}
