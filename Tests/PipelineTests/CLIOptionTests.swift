import Foundation
import Testing

/// The options several commands share and the enumerated option values.
@Suite("Shared and enumerated command-line options")
struct CLIOptionTests {
    @Test("a bad --backend, --pace or --metric exits 2 with one line naming the option and what it takes")
    func badChoices() throws {
        let cases: [([String], String)] = [
            (["sweep", "x.yaml", "--backend", "cloud"],
             "error: --backend: expected local or slurm, got 'cloud' (see 'ridematch --help')\n"),
            (["run", "scenarios/quickstart.yaml", "--pace", "fast"],
             "error: --pace: expected 1x, 10x, … or max, got 'fast' (see 'ridematch --help')\n"),
            (["run", "scenarios/quickstart.yaml", "--pace", "0x"],
             "error: --pace: expected 1x, 10x, … or max, got '0x' (see 'ridematch --help')\n"),
            (["network", "route", "--db", "x", "--from", "1,2", "--to", "1,2", "--metric", "length"],
             "error: --metric: must be time or distance, got 'length' (see 'ridematch --help')\n"),
        ]
        for (args, expected) in cases {
            let result = try ridematch(args)
            #expect(result.status == 2, "\(args)")
            #expect(result.stderr == expected, "\(args)")
        }
    }

    @Test("--set, --seed and --quiet are parsed alike by every command that has them")
    func sharedOptions() throws {
        for command in [["run", "no/such.yaml"], ["validate", "no/such.yaml"], ["compare", "no/such.yaml"]] {
            let result = try ridematch(command + ["--set", "supply.drivers"])
            #expect(result.status == 2)
            #expect(result.stderr == "error: --set supply.drivers: expected PATH=VALUE (e.g. supply.drivers=800)\n", "\(command)")
        }
        let engine = try ridematch(["engine", "--kafka", "localhost:1", "--group", "g", "--scenario", "no/such.yaml",
                                    "--set", "oops", "--seed", "7", "--quiet"])
        #expect(engine.stderr == "error: --set oops: expected PATH=VALUE (e.g. supply.drivers=800)\n")
        let help = try ridematch(["run", "--help"])
        #expect(help.stdout.contains("--set <PATH=VALUE>      Override a scenario field (repeatable), e.g. --set\n"
            + "                          supply.drivers=800; checked like the file.\n"))
        #expect(help.stdout.contains("--out <out>             Folder the report goes under. (default: reports)\n"))
        #expect(help.stdout.contains("(as\n                          fast as possible). (default: max)\n"))
    }
}
