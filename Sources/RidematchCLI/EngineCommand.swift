import ArgumentParser
import Core
import Foundation
import Pipeline

/// `ridematch engine --from-streams DIR --out OUT` and
/// `ridematch engine --kafka HOST:PORT --group G [--prefix P] --scenario SCENARIO.yaml`
struct EngineCommand: ParsableCommand, SharedOptionHelp {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run the join engine alone on recorded streams (--from-streams) or Kafka topics (--kafka).",
        discussion: """
            --from-streams DIR replays the streams a 'run --dump-streams' wrote (DIR is the report folder or \
            its streams/ folder) and writes OUT/matches.csv, which equals the run's streams/matches.csv. \
            --kafka consumes <prefix>ride-requests, driver-locations, driver-status and rider-cancels and \
            publishes to <out-prefix>matches, committing offsets for --group after its outputs are \
            acknowledged; SIGTERM or Ctrl-C stops it cleanly. See docs/streams.md.
            """)

    @Option(help: "A stream dump folder (from 'run --dump-streams') to replay.")
    var fromStreams: String?

    @Option(help: "With --from-streams: the folder matches.csv is written to.")
    var out: String?

    @Option(help: "Kafka brokers, HOST:PORT[,HOST:PORT…], to consume the input topics from.")
    var kafka: String?

    @Option(help: "With --kafka: the consumer group whose offsets are committed.")
    var group: String?

    @Option(help: "With --kafka: prefix of the input topics (as in run --publish kafka://…?prefix=P).")
    var prefix = ""

    @Option(help: "With --kafka: prefix of the output topic <out-prefix>matches (default: --prefix).")
    var outPrefix: String?

    @Flag(help: "With --kafka: exit at the end of the topics, after the timer ticks left before the horizon.")
    var untilEnd = false

    @Option(help: "With --kafka: input records processed between two commits.")
    var commitEvery = 10000

    @Option(help: "The scenario file (--kafka: required; --from-streams: instead of the one the dump names).")
    var scenario: String?

    @OptionGroup var overrides: OverrideOptions<EngineCommand>

    @Option(help: "With --kafka: matching strategy; overrides matching.strategy.")
    var strategy: String?

    @OptionGroup var seed: SeedOption<EngineCommand>

    @OptionGroup var quiet: QuietOption

    static var setHelp: String {
        "With --kafka: override a scenario field, as in 'run --set' (repeatable; --from-streams re-applies the run's own)."
    }
    static var seedHelp: String { "With --kafka: master random seed; overrides the scenario's seed." }

    func validate() throws {
        guard (fromStreams == nil) != (kafka == nil) else { throw ValidationError("give --from-streams DIR or --kafka HOST:PORT") }
        if fromStreams != nil, out == nil { throw ValidationError("--from-streams needs --out OUT") }
        if kafka != nil, group == nil { throw ValidationError("--kafka needs --group G") }
        if kafka != nil, scenario == nil { throw ValidationError("--kafka needs --scenario SCENARIO.yaml") }
        if fromStreams != nil, !overrides.overrides.isEmpty {
            throw ValidationError("--set goes with --kafka; --from-streams re-applies the overrides its run used")
        }
        if commitEvery < 1 { throw ValidationError("--commit-every must be ≥ 1") }
    }

    func run() throws {
        if let fromStreams, let out {
            let outcome = try StreamReplay.run(
                dir: URL(fileURLWithPath: fromStreams), out: URL(fileURLWithPath: out), scenarioPath: scenario)
            guard !quiet.quiet else { return }
            let rate = Double(outcome.records) / max(outcome.wallSeconds, 1e-9)
            print("replayed \(outcome.records) records and \(outcome.ticks) timer ticks in "
                + String(format: "%.2f", outcome.wallSeconds) + " s (\(Int(rate)) records/s): "
                + "\(outcome.matches) matches → \(ScenarioRun.displayPath(outcome.file))")
        } else if let kafka, let group, let scenario {
            try consume(brokers: kafka, group: group, scenarioPath: scenario)
        }
    }

    private func consume(brokers: String, group: String, scenarioPath: String) throws {
        let input = try KafkaTarget(brokers: brokers, prefix: prefix, option: "--kafka")
        let outPrefix = try KafkaTarget(brokers: brokers, prefix: outPrefix ?? prefix, option: "--out-prefix").prefix
        let scenario = try ScenarioRun.loadScenario(
            path: scenarioPath, overrides: try overrides.parsed(), strategy: strategy, seed: seed.seed)
        Interrupt.installTermination()
        var engine = KafkaEngine(input: input, outPrefix: outPrefix, group: group, untilEnd: untilEnd)
        engine.commitEvery = commitEvery
        let o = try engine.run(scenario: scenario, stop: Interrupt.flag)
        if !o.skipped.isEmpty {
            let listed = o.skipped.prefix(10).map { "\($0.topic)@\($0.offset)" }.joined(separator: ", ")
            printError("warning: skipped \(o.skipped.count) records that are not ridematch records: \(listed)"
                + (o.skipped.count > 10 ? ", …" : ""))
        }
        guard !quiet.quiet else { return }
        let rate = Double(o.records) / max(o.wallSeconds, 1e-9)
        print("consumed \(o.records) records (\(o.rebuilt) re-read to rebuild state) and \(o.ticks) timer ticks in "
            + String(format: "%.2f", o.wallSeconds) + " s (\(Int(rate)) records/s); published \(o.published) decisions to "
            + "\(outPrefix)matches (\(o.alreadyPublished) already there); committed offsets "
            + o.committed.map(String.init).joined(separator: ","))
    }
}
