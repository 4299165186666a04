import ArgumentParser
import Core
import Foundation
import Logging
import Pipeline

/// The `ridematch` command: run scenarios, compare strategies, manage traffic tables.
@main
struct Ridematch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ridematch",
        abstract: "A ride-hailing matching simulator and stream-join engine.",
        discussion: """
            Exit status: 0 success; 2 bad input (usage, scenario, data files); 130 interrupted (Ctrl-C); \
            1 anything else.
            """,
        subcommands: [
            RunCommand.self, CompareCommand.self, ValidateCommand.self, StrategiesCommand.self, TrafficCommand.self,
            SweepCommand.self, SweepTaskCommand.self, NetworkCommand.self, ExportCommand.self, EngineCommand.self,
        ]
    )

    /// Parses the command line and runs it, mapping errors to the documented exit status:
    /// one `error:` line on stderr, 2 for bad input and usage, 1 for anything else.
    static func main() {
        bootstrapLogging()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: Error) -> Never {
        if let interrupted = error as? SweepInterrupted {
            printError(interrupted.description)
            Foundation.exit(130)
        }
        if let interrupted = error as? RunInterrupted {
            printError(interrupted.description)
            Foundation.exit(130)
        }
        if let input = error as? InputError {
            printError("error: \(input.description)")
            Foundation.exit(2)
        }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            Foundation.exit(0)
        }
        if let exit = error as? ExitCode {
            Foundation.exit(exit.rawValue)
        }
        if code == .validationFailure {
            var message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
            message = choiceMessage(message) ?? message
            printError("error: \(message) (see 'ridematch --help')")
            Foundation.exit(2)
        }
        printError("error: \(error)")
        Foundation.exit(1)
    }
}

/// Sends log messages to stderr at the level named by `RIDEMATCH_LOG_LEVEL`
/// (trace, debug, info, notice, warning, error, critical; default warning).
func bootstrapLogging() {
    let name = ProcessInfo.processInfo.environment["RIDEMATCH_LOG_LEVEL"] ?? "warning"
    let level = Logger.Level(rawValue: name.lowercased()) ?? .warning
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
