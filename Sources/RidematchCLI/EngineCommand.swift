import ArgumentParser
import Core
import Foundation
import Pipeline

/// `ridematch engine --from-streams DIR --out OUT` and
/// `ridematch engine --kafka HOST:PORT --group G [--prefix P] SCENARIO.yaml`
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run the join engine alone on recorded streams (--from-streams) or Kafka topics (--kafka).",
        discussion: """
            --from-streams DIR replays the streams a 'run --dump-streams' wrote (DIR is the report folder or \
            its streams/ folder) and writes OUT/matches.csv, which equals the run's streams/matches.csv. \
            See docs/streams.md.
            """)

    @Option(help: "A stream dump folder (from 'run --dump-streams') to replay.")
    var fromStreams: String?

    @Option(help: "With --from-streams: the folder matches.csv is written to.")
    var out: String?

    @Option(help: "The scenario file, instead of the one the dump's scenario.yaml names (it must still match).")
    var scenario: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard fromStreams != nil else { throw ValidationError("give --from-streams DIR or --kafka HOST:PORT") }
        if fromStreams != nil, out == nil { throw ValidationError("--from-streams needs --out OUT") }
    }

    func run() throws {
        if let fromStreams, let out {
            let outcome = try StreamReplay.run(
                dir: URL(fileURLWithPath: fromStreams), out: URL(fileURLWithPath: out), scenarioPath: scenario)
            guard !quiet else { return }
            let rate = Double(outcome.records) / max(outcome.wallSeconds, 1e-9)
            print("replayed \(outcome.records) records and \(outcome.ticks) timer ticks in "
                + String(format: "%.2f", outcome.wallSeconds) + " s (\(Int(rate)) records/s): "
                + "\(outcome.matches) matches → \(ScenarioRun.displayPath(outcome.file))")
        }
    }
}
