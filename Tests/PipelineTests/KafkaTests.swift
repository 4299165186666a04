import Foundation
import KafkaIO
import Pipeline
import Reporter
import Scenario
import Streams
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `run --publish` and `engine --kafka` against a real Kafka-protocol broker on loopback.
@Suite("Kafka in and out", .serialized)
struct KafkaTests {
    static let inputs: [StreamName] = StreamName.engineInputs

    /// Runs the 15-minute quick start with --dump-streams and --publish to `prefix`; returns the report folder and scenario.
    static func publish(_ broker: LocalBroker, prefix: String, in folder: URL) throws -> (URL, Scenario, String) {
        let path = try EngineReplayTests.shortQuickstart(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try ridematch(["run", path, "--out", out.path, "--quiet", "--dump-streams",
                                 "--publish", "kafka://\(broker.address)?prefix=\(prefix)"])
        #expect(run.status == 0, "\(run.stderr)")
        return (out.appendingPathComponent("quickstart/nearest"), try ScenarioRun.loadScenario(path: path), path)
    }

    /// Runs `body` with a fresh broker and a temporary folder, both removed afterwards.
    static func withBroker(_ body: (LocalBroker, URL) throws -> Void) throws {
        let broker = try LocalBroker()
        defer { broker.stop() }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(broker, folder)
    }

    @Test("run --publish: every stream in its topic, record for record as dumped; engine --kafka --until-end makes the run's matches")
    func publishAndConsume() throws {
        try Self.withBroker { broker, folder in
            let (report, scenario, path) = try Self.publish(broker, prefix: "a.", in: folder)
            for stream in StreamName.allCases {
                let dumped = try dumpRows(report.appendingPathComponent("streams/\(stream.rawValue).csv"))
                #expect(try broker.count("a.\(stream.rawValue)") == Int64(dumped.count), "\(stream)")
                #expect(try broker.rows(of: "a.\(stream.rawValue)", stream: stream, start: scenario.start) == dumped, "\(stream)")
            }
            let engine = try ridematch(["engine", "--kafka", broker.address, "--group", "g", "--prefix", "a.",
                                        "--out-prefix", "a.engine.", "--scenario", path, "--until-end"])
            #expect(engine.status == 0, "\(engine.stderr)")
            let matches = try dumpRows(report.appendingPathComponent("streams/matches.csv"))
            #expect(matches.count > 500)
            #expect(try broker.rows(of: "a.engine.matches", stream: .matches, start: scenario.start) == matches)
            // Run again with the same group: everything is committed, nothing is published twice.
            let again = try ridematch(["engine", "--kafka", broker.address, "--group", "g", "--prefix", "a.",
                                       "--out-prefix", "a.engine.", "--scenario", path, "--until-end"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("published 0 decisions"))
            #expect(try broker.count("a.engine.matches") == Int64(matches.count))
        }
    }

    @Test("SIGKILL mid-topic, restart: the matches topic holds the run's matches, none lost, none twice")
    func killAndRestart() throws {
        try Self.withBroker { broker, folder in
            let (report, scenario, path) = try Self.publish(broker, prefix: "k.", in: folder)
            let total = try Self.inputs.map { try broker.count("k.\($0.rawValue)") }.reduce(0, +)
            let arguments = ["engine", "--kafka", broker.address, "--group", "kg", "--prefix", "k.", "--out-prefix", "k.out.",
                             "--scenario", path, "--until-end", "--commit-every", "2000", "--quiet"]
            let process = Process()
            process.executableURL = try ridematchBinary()
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for a first commit, then kill at once, mid-topic.
            let watcher = try KafkaConsumer(brokers: broker.address, group: "kg", topics: Self.inputs.map { "k.\($0.rawValue)" })
            var committed: Int64 = 0
            while committed == 0, process.isRunning {
                committed = try watcher.committed().reduce(0, +)
                if committed == 0 { usleep(20_000) }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(committed > 0 && committed < total, "killed mid-topic: \(committed) of \(total)")
            let published = try broker.count("k.out.matches")
            let matches = try dumpRows(report.appendingPathComponent("streams/matches.csv"))
            #expect(published < Int64(matches.count))

            let restart = try ridematch(Array(arguments.dropLast()))
            #expect(restart.status == 0, "\(restart.stderr)")
            #expect(restart.stdout.contains("\(published) already there"))
            #expect(try broker.rows(of: "k.out.matches", stream: .matches, start: scenario.start) == matches)
        }
    }

    @Test("records that are not ridematch records are skipped and reported with their offsets")
    func foreignRecords() throws {
        try Self.withBroker { broker, folder in
            let producer = try KafkaProducer(brokers: broker.address)
            try producer.ensureTopics(["f.driver-status"])
            try producer.produce(topic: "f.driver-status", key: Array("x".utf8), value: Array("{\"hello\":1}".utf8),
                                 timestamp: 0, headers: [])
            #expect(producer.flush(timeoutMs: 10000) == 0)
            let (report, scenario, path) = try Self.publish(broker, prefix: "f.", in: folder)
            let engine = try ridematch(["engine", "--kafka", broker.address, "--group", "fg", "--prefix", "f.",
                                        "--out-prefix", "f.out.", "--scenario", path, "--until-end"])
            #expect(engine.status == 0, "\(engine.stderr)")
            #expect(engine.stderrLines == ["warning: skipped 1 records that are not ridematch records: f.driver-status@0"])
            let matches = try dumpRows(report.appendingPathComponent("streams/matches.csv"))
            #expect(try broker.rows(of: "f.out.matches", stream: .matches, start: scenario.start) == matches)
        }
    }

    @Test("an unreachable broker: one error line within seconds, exit 1, no report")
    func unreachable() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(), in: folder)
        // A loopback port nobody listens on: bind one, note it, close it.
        let port = try freeLoopbackPort()
        let out = folder.appendingPathComponent("out")
        let run = try ridematch(["run", path, "--out", out.path, "--quiet", "--publish", "kafka://127.0.0.1:\(port)"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.hasPrefix("error: kafka 127.0.0.1:\(port): no broker answered within 5 s"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("small").path))
        let engine = try ridematch(["engine", "--kafka", "127.0.0.1:\(port)", "--group", "g", "--scenario", path])
        #expect(engine.status == 1)
        #expect(engine.stderrLines.count == 1)
        let bad = try ridematch(["run", path, "--out", out.path, "--publish", "kafka:/nowhere"])
        #expect(bad.status == 2)
        #expect(bad.stderrLines == ["error: --publish: expected kafka://HOST:PORT[,HOST:PORT…][?prefix=P], got 'kafka:/nowhere'"])
    }
}
