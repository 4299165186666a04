import Foundation
import Matching
import Scenario
import Testing
@testable import Traffic

/// Seeded mutation fuzzing of the scenario parser and the speeds CSV parser (see
/// docs/testing.md). Every mutated input must either parse or be refused with one located
/// line of the parser's own error type; a crash (trap) kills the test process, which fails
/// the run. In CI this is a smoke run; set `RIDEMATCH_FUZZ_ITERATIONS` (per parser) and
/// `RIDEMATCH_FUZZ_SEED` for a long run, and `RIDEMATCH_FUZZ_SAVE=FILE` to keep the input
/// being parsed in FILE (after a crash it holds the input that crashed).
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = Int(environment["RIDEMATCH_FUZZ_ITERATIONS"] ?? "") ?? 1500
    static let seed = UInt64(environment["RIDEMATCH_FUZZ_SEED"] ?? "") ?? 1
    static let saveTo = environment["RIDEMATCH_FUZZ_SAVE"].map { URL(fileURLWithPath: $0) }

    /// The corpus files with one of the given extensions, as bytes.
    static func corpusFiles(_ ext: String) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: CorpusTests.corpus.path).sorted()
        return try names.filter { $0.hasSuffix("." + ext) }.map {
            Array(try Data(contentsOf: CorpusTests.corpus.appendingPathComponent($0)))
        }
    }

    /// What a fuzz run saw.
    struct Tally: CustomStringConvertible {
        var inputs = 0, accepted = 0, rejected = 0, notUTF8 = 0
        var messages = Set<String>()
        var description: String {
            "\(inputs) inputs: \(accepted) accepted, \(rejected) refused with one line "
                + "(\(messages.count) distinct messages), \(notUTF8) not UTF-8"
        }
    }

    @Test("mutated scenario files parse or give one located ScenarioError line, never crash")
    func scenarioParser() throws {
        var seeds = try Self.corpusFiles("yaml")
        let valid = [
            Array(try Data(contentsOf: repoRoot.appendingPathComponent("scenarios/quickstart.yaml"))),
            Array(smallScenarioYAML(extra: "matching: {strategy: nearest, max_pickup_eta: 8m}\n"
                + "streams: {out_of_orderness: 2s, allowed_lateness: 10s, staleness: 30s}\n").utf8),
        ]
        // As many valid seeds as broken ones, so mutations explore both sides of validity.
        for i in 0..<seeds.count { seeds.append(valid[i % valid.count]) }
        var mutator = Mutator(seeds: seeds, seed: Self.seed)
        var tally = Tally()
        let base = repoRoot.appendingPathComponent("scenarios")
        for _ in 0..<Self.iterations {
            let input = mutator.next()
            if let saveTo = Self.saveTo { try Data(input).write(to: saveTo) }
            tally.inputs += 1
            guard let text = String(validating: input, as: UTF8.self) else { tally.notUTF8 += 1; continue }
            do {
                _ = try Scenario.parse(yaml: text, file: "fuzz.yaml", baseDirectory: base,
                                       knownStrategies: StrategyRegistry.names)
                tally.accepted += 1
            } catch let error as ScenarioError {
                tally.rejected += 1
                let line = error.description
                #expect(!line.contains("\n") && line.hasPrefix("fuzz.yaml"), "bad message for \(text.debugDescription): \(line)")
                tally.messages.insert(error.message.prefix(40).description)
            }
        }
        print("fuzz scenario parser (seed \(Self.seed)): \(tally)")
        #expect(tally.inputs == Self.iterations)
        #expect(tally.rejected > 0)
    }

    @Test("mutated speeds CSV files parse or give one located TrafficError line, never crash")
    func speedsParser() throws {
        var seeds = try Self.corpusFiles("csv")
        var valid = "zone_id,lat,lon,hour_of_week,speed_kmh\n"
        for zone in 1...2 {
            for hour in 0..<168 { valid += "\(zone),40.7\(zone),-73.98,\(hour),\(20 + hour % 7)\n" }
        }
        seeds += Array(repeating: Array(valid.utf8), count: seeds.count)
        var mutator = Mutator(seeds: seeds, seed: Self.seed)
        var tally = Tally()
        for _ in 0..<Self.iterations {
            let input = mutator.next()
            if let saveTo = Self.saveTo { try Data(input).write(to: saveTo) }
            tally.inputs += 1
            do {
                _ = try SpeedsCSV.parse(Data(input), displayPath: "fuzz.csv")
                tally.accepted += 1
            } catch let error as TrafficError {
                tally.rejected += 1
                let line = error.description
                #expect(!line.contains("\n") && line.hasPrefix("fuzz.csv"), "bad message: \(line.debugDescription)")
                tally.messages.insert(error.message.prefix(30).description)
            }
        }
        print("fuzz speeds CSV parser (seed \(Self.seed)): \(tally)")
        #expect(tally.inputs == Self.iterations)
        #expect(tally.accepted > 0 && tally.rejected > 0)
    }
}
