import ArgumentParser
import Core
import Foundation
import Pipeline
import Reporter
import Scenario

/// `ridematch run SCENARIO.yaml [--strategy NAME] [--seed N] [--out DIR] [--quiet]`
struct RunCommand: ParsableCommand, SharedOptionHelp {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its report to <out>/<scenario>/<strategy>/.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Matching strategy; overrides matching.strategy (see 'ridematch strategies').")
    var strategy: String?

    @Option(help: "An external policy command ('COMMAND ARGS…', run by /bin/sh): strategy external with that command (docs/external.md).")
    var policy: String?

    @OptionGroup var overrides: OverrideOptions<RunCommand>

    @OptionGroup var seed: SeedOption<RunCommand>

    @OptionGroup var out: OutOption<RunCommand>

    @OptionGroup var quiet: QuietOption

    @Flag(help: "Also write every stream, in arrival order, to <report>/streams/<stream>.csv.")
    var dumpStreams = false

    @Flag(help: "Run even when the estimate exceeds the available memory (or 10^11 events).")
    var force = false

    @Option(help: "Also publish every stream to Kafka: kafka://HOST:PORT[,HOST:PORT…][?prefix=P] (docs/streams.md).")
    var publish: String?

    @Option(help: "With --publish: 1x (real time), 10x, … or max (as fast as possible).")
    var pace = PublishPace.max

    @OptionGroup var threads: ThreadsOption

    static var setHelp: String { "Override a scenario field (repeatable), e.g. --set supply.drivers=800; checked like the file." }
    static var outHelp: String { "Folder the report goes under." }

    func run() throws {
        Interrupt.install()
        let quiet = self.quiet.quiet
        let request = try publish.map { PublishRequest(target: try KafkaTarget(url: $0), pace: pace) }
        let progress = ProgressLine(enabled: !quiet)
        defer { progress.finish() }
        let (result, folder) = try ScenarioRun.run(
            path: scenario, overrides: try overrides.parsed() + PolicyOption.overrides(policy, strategy: strategy),
            strategy: policy == nil ? strategy : nil, seed: seed.seed,
            out: out.url, dumpStreams: dumpStreams,
            progress: progress.hook, stop: Interrupt.flag, admit: { [quiet, force] scenario in
                let estimate = try RunEstimate.admit(scenario, force: force)
                if !quiet { printError(estimate.summary) }
            }, publish: request, threads: threads.threads)
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
struct ValidateCommand: ParsableCommand, SharedOptionHelp {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files (and their traffic databases) without running them.")

    @Argument(help: "Scenario files.")
    var scenarios: [String]

    @OptionGroup var overrides: OverrideOptions<ValidateCommand>

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        let overrides = try overrides.parsed()
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

/// `--policy 'COMMAND'`: the scenario overrides `matching.strategy=external` and
/// `matching.external.command=COMMAND` (a YAML double-quoted string), so the command is
/// checked like the file's and recorded in a stream dump's manifest.
enum PolicyOption {
    /// The overrides of `policy` (none without it); `--strategy` other than `external` conflicts.
    static func overrides(_ policy: String?, strategy: String?) throws -> [ScenarioOverride] {
        guard let policy else { return [] }
        if let strategy, strategy != "external" {
            throw ValidationError("--policy runs strategy external; it cannot be combined with --strategy \(strategy)")
        }
        return [
            try ScenarioOverride(path: "matching.strategy", value: "external"),
            try ScenarioOverride(path: "matching.external.command", value: yamlString(policy)),
        ]
    }

    /// `text` as a YAML double-quoted scalar.
    static func yamlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
