import ArgumentParser
import Foundation
import Pipeline
import RoadNetwork
import Scenario

// Options several commands share, declared once as option groups, and the enumerated option
// values (`--backend`, `--pace`, `--metric`) as `ExpressibleByArgument` types. A command
// words an option's help for itself through `SharedOptionHelp`; the common wording is the
// default.

/// The help texts of a command's shared options.
protocol SharedOptionHelp {
    /// Help of `--set`.
    static var setHelp: String { get }
    /// Help of `--seed`.
    static var seedHelp: String { get }
    /// Help of `--out` (a folder, default `reports`).
    static var outHelp: String { get }
}

extension SharedOptionHelp {
    static var setHelp: String { "Override a scenario field (repeatable), e.g. --set supply.drivers=800." }
    static var seedHelp: String { "Master random seed; overrides the scenario's seed." }
    static var outHelp: String { "Folder the reports go under." }
}

/// `--set PATH=VALUE` (repeatable): overrides of scenario fields.
struct OverrideOptions<Help: SharedOptionHelp>: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(Help.setHelp, valueName: "PATH=VALUE"))
    var overrides: [String] = []

    /// The overrides as typed; a malformed one is bad input (exit 2).
    func parsed() throws -> [ScenarioOverride] {
        try overrides.map { try ScenarioOverride(parsing: $0) }
    }
}

/// `--seed N`: the master random seed, instead of the scenario's.
struct SeedOption<Help: SharedOptionHelp>: ParsableArguments {
    @Option(help: ArgumentHelp(Help.seedHelp))
    var seed: UInt64?
}

/// `--out DIR`: the folder reports go under (default `reports`).
struct OutOption<Help: SharedOptionHelp>: ParsableArguments {
    @Option(help: ArgumentHelp(Help.outHelp))
    var out: String = "reports"

    /// The folder as a file URL.
    var url: URL { URL(fileURLWithPath: out) }
}

/// `--quiet`.
struct QuietOption: ParsableArguments {
    @Flag(help: "Print nothing but errors.")
    var quiet = false
}

/// An option value from a fixed vocabulary; its bad values are reported as
/// `--option: <expectation>, got 'value'`.
protocol OptionChoice: ExpressibleByArgument {
    /// What the option accepts, e.g. `expected local or slurm`.
    static var expectation: String { get }
}

/// `--threads 1|2`: 2 runs the matching engine on its own thread beside the
/// simulator, 1 (the default) runs both on one thread (the reference); the outputs are the same bytes.
struct ThreadsOption: ParsableArguments {
    @Option(name: .customLong("threads"), help: "Threads for one run: 1 (one thread, the reference and default) or 2 (the engine on its own thread; same results, not yet faster: docs/performance.md).")
    var count = ThreadCount(1)

    /// The number of threads.
    var threads: Int { count.value }
}

/// The value of `--threads`.
struct ThreadCount: ExpressibleByArgument, OptionChoice {
    /// 1 or 2.
    let value: Int

    init(_ value: Int) { self.value = value }

    init?(argument: String) {
        guard let n = Int(argument), (1...2).contains(n) else { return nil }
        value = n
    }

    var defaultValueDescription: String { String(value) }
    static var expectation: String { "expected 1 or 2" }
}

// The values are listed in each option's help text, so ArgumentParser does not list them again.
extension SweepSetup.Backend: ExpressibleByArgument, OptionChoice {
    public static var allValueStrings: [String] { [] }
    static var expectation: String { "expected " + allCases.map(\.rawValue).joined(separator: " or ") }
}

extension RouteMetric: ExpressibleByArgument, OptionChoice {
    public static var allValueStrings: [String] { [] }
    static var expectation: String { "must be " + allCases.map(\.rawValue).joined(separator: " or ") }
}

extension PublishPace: ExpressibleByArgument, OptionChoice {
    public init?(argument: String) {
        guard let pace = try? PublishPace(argument) else { return nil }
        self = pace
    }

    public var defaultValueDescription: String {
        switch self {
        case .max: return "max"
        case .speedup(let factor): return "\(factor)x"
        }
    }

    static var expectation: String { "expected 1x, 10x, … or max" }
}

/// The enumerated options by name, for ``choiceMessage(_:)``.
let optionChoices: [String: any OptionChoice.Type] = [
    "--backend": SweepSetup.Backend.self, "--metric": RouteMetric.self, "--pace": PublishPace.self,
    "--threads": ThreadCount.self,
]

/// ArgumentParser's message for a bad value of an enumerated option
/// (`The value 'x' is invalid for '--backend <backend>'`) in this tool's words:
/// `--backend: expected local or slurm, got 'x'`; `nil` for any other message.
func choiceMessage(_ message: String) -> String? {
    let prefix = "The value '", middle = "' is invalid for '"
    guard message.hasPrefix(prefix), let split = message.range(of: middle, options: .backwards) else { return nil }
    let value = message[message.index(message.startIndex, offsetBy: prefix.count)..<split.lowerBound]
    let option = message[split.upperBound...].prefix { $0 != " " && $0 != "'" }
    guard let choice = optionChoices[String(option)] else { return nil }
    return "\(option): \(choice.expectation), got '\(value)'"
}
