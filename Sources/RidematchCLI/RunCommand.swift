import ArgumentParser
import Core
import Foundation
import Pipeline
import Reporter
import Scenario

/// `ridematch run SCENARIO.yaml [--strategy NAME] [--seed N] [--out DIR] [--quiet]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its report to <out>/<scenario>/<strategy>/.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Matching strategy; overrides matching.strategy (see 'ridematch strategies').")
    var strategy: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a scenario field (repeatable), e.g. --set supply.drivers=800; checked like the file.",
        valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "Master random seed; overrides the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Folder the report goes under.")
    var out: String = "reports"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also write every stream, in arrival order, to <report>/streams/<stream>.csv.")
    var dumpStreams = false

    @Flag(help: "Run even when the estimate exceeds the available memory (or 10^11 events).")
    var force = false

    @Option(help: "Also publish every stream to Kafka: kafka://HOST:PORT[,HOST:PORT…][?prefix=P] (docs/streams.md).")
    var publish: String?

    @Option(help: "With --publish: 1x (real time), 10x, … or max (as fast as possible).")
    var pace = "max"

    func run() throws {
        Interrupt.install()
        let request = try publish.map { PublishRequest(target: try KafkaTarget(url: $0), pace: try PublishPace(pace)) }
        let progress = ProgressLine(enabled: !quiet)
        defer { progress.finish() }
        let (result, folder) = try ScenarioRun.run(
            path: scenario, overrides: try parseOverrides(overrides), strategy: strategy, seed: seed,
            out: URL(fileURLWithPath: out), dumpStreams: dumpStreams,
            progress: progress.hook, stop: Interrupt.flag, admit: { [quiet, force] scenario in
                let estimate = try RunEstimate.admit(scenario, force: force)
                if !quiet { printError(estimate.summary) }
            }, publish: request)
        progress.finish()
        ScenarioRun.inputWarnings(result).forEach(printError)  // rejected input rows: never silent, even --quiet
        guard !quiet else { return }
        let files = (ReportWriter.fileNames(for: result) + (dumpStreams ? ["streams/"] : [])).joined(separator: ", ")
        print("\(result.scenario.name) · \(result.strategy) · seed \(result.scenario.seed)")
        print(ReportFiles.terminalTable(Summary(result)), terminator: "")
        print("wrote \(ScenarioRun.displayPath(folder))/ (\(files))")
        if let request, let publisher = request.publisher { print(publisher.summary) }
    }
}

/// `ridematch validate SCENARIO.yaml...`
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files (and their traffic databases) without running them.")

    @Argument(help: "Scenario files.")
    var scenarios: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a scenario field (repeatable), e.g. --set supply.drivers=800.", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        let overrides = try parseOverrides(overrides)
        var failed = 0
        for path in scenarios {
            do {
                let scenario = try ScenarioRun.loadScenario(path: path, overrides: overrides)
                let traffic = try ScenarioRun.loadTraffic(for: scenario)
                _ = try ScenarioRun.loadTravel(for: scenario, traffic: traffic)
                try ScenarioRun.checkInputs(for: scenario)
                let estimate = try RunEstimate.admit(scenario, force: false)
                print("ok: \(path) (\(estimate.summary))")
            } catch let error as any InputError {
                printError("error: \(error.description)")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }
}

/// `--set PATH=VALUE` arguments as scenario overrides; a malformed one is bad input (exit 2).
func parseOverrides(_ arguments: [String]) throws -> [ScenarioOverride] {
    try arguments.map { try ScenarioOverride(parsing: $0) }
}
