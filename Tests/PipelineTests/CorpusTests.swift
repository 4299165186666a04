import Foundation
import Matching
import Testing

/// The bad-input corpus (Tests/PipelineTests/Corpus/, see its README.md), run case by case
/// through the built `ridematch` binary as a user would meet it.
///
/// Every case must: exit with status 2, print exactly one stderr line, that line being
/// `error: ` + the case's `.expected` text, print nothing on stdout, and leave the `--out`
/// folder (and the case folder) without a single new file.
@Suite("Bad-input corpus")
struct CorpusTests {
    /// The corpus folder in the source tree.
    static let corpus = repoRoot.appendingPathComponent("Tests/PipelineTests/Corpus")

    /// Case names: every scenario (`*.yaml`), every speeds CSV (`speeds-*.csv`) and every
    /// OpenStreetMap extract (`network-*.osm`, `network-*.pbf`).
    /// Trip-table and driver-file cases (issue #5) are scenarios with a CSV beside them
    /// (`trips-NAME.yaml` + `trips-NAME.csv`): the runner needs no change for them.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter {
            $0.hasSuffix(".yaml") || ($0.hasPrefix("speeds-") && $0.hasSuffix(".csv"))
                || ($0.hasPrefix("network-") && ($0.hasSuffix(".osm") || $0.hasSuffix(".pbf")))
        }.sorted()
    }()

    @Test("the corpus holds at least 40 cases, each with its expected line, and nothing unused")
    func corpusIsComplete() throws {
        #expect(Self.cases.count >= 40)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path))
        for name in Self.cases {
            let stem = (name as NSString).deletingPathExtension
            #expect(names.contains(stem + ".expected"), "\(name) has no \(stem).expected")
        }
        // Every other file (expectation, database, CSV beside a scenario) belongs to a case.
        let stems = Set(Self.cases.map { ($0 as NSString).deletingPathExtension })
        for name in names where name != "README.md" {
            #expect(stems.contains((name as NSString).deletingPathExtension), "\(name) belongs to no case")
        }
    }

    @Test("each bad input: exit 2, one error line naming file, line and field, no files left", arguments: cases)
    func badInput(_ name: String) throws {
        let stem = (name as NSString).deletingPathExtension
        let expectedText = try String(contentsOf: Self.corpus.appendingPathComponent(stem + ".expected"), encoding: .utf8)
        let folder = try prepare(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = "error: " + expectedText.trimmingCharacters(in: .newlines)
            .replacingOccurrences(of: "{DIR}", with: folder.path)
            .replacingOccurrences(of: "{STRATEGIES}", with: StrategyRegistry.names.joined(separator: ", ")) + "\n"
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()

        var commands: [[String]]
        if name.hasSuffix(".yaml") {
            commands = [["run", name, "--out", "out"]]
            // `validate` reads a trip table's header only; damage further down is found by the run.
            if !stem.hasSuffix("-during-run") { commands.append(["validate", name]) }
        } else if name.hasPrefix("network-") {
            commands = [["network", "import", name, "--db", "out/network.sqlite"]]
        } else {
            commands = [["traffic", "import", name, "--db", "out/traffic.sqlite"]]
        }
        for command in commands {
            var result = try ridematch(command, in: folder)
            if stem.hasSuffix("-during-run"), command[0] == "run" {
                // These surface once the simulation runs: after the run's estimate line
                // (printed when every up-front check passed), the error is still one line.
                let lines = result.stderrLines
                #expect(lines.count == 2 && lines[0].hasPrefix("estimate: "), "\(name): \(result.stderr)")
                result.stderr = lines.dropFirst().map { $0 + "\n" }.joined()
            }
            #expect(result.status == 2, "\(name) \(command[0]): status \(result.status): \(result.stderr)")
            #expect(result.stderrLines.count == 1, "\(name) \(command[0]): \(result.stderr)")
            #expect(result.stderr == expected, "\(name) \(command[0])")
            #expect(result.stdout.isEmpty, "\(name) \(command[0]) printed \(result.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty,
                    "\(name) \(command[0]) left files in the output folder")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before,
                    "\(name) \(command[0]) left files beside the input")
        }
    }

    private func prepare(_ name: String) throws -> URL {
        try prepareCorpusCase((name as NSString).deletingPathExtension, from: Self.corpus)
    }
}
