import ArgumentParser
import Core
import Foundation
import Pipeline
import Reporter

/// `ridematch compare SCENARIO.yaml [--strategies a,b,c] [--policies p,q] [--replications R] [--out DIR]`
struct CompareCommand: ParsableCommand, SharedOptionHelp {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several strategies on identical demand and supply over R seeds; write compare.csv.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Comma-separated strategies, the first is the baseline (default: compare.strategies).")
    var strategies: String?

    @Option(help: "Comma-separated repositioning policies: every strategy runs with each (arms named strategy+policy; the first is the baseline).")
    var policies: String?

    @Option(name: .customLong("policy"), help: "An external policy arm NAME='COMMAND' (repeatable): strategy external with that command (docs/external.md).")
    var externalPolicies: [String] = []

    @OptionGroup var overrides: OverrideOptions<CompareCommand>

    @Option(help: "Replications (seeds scenario seed, seed+1, …) per strategy (default: compare.replications).")
    var replications: Int?

    @OptionGroup var out: OutOption<CompareCommand>

    @OptionGroup var quiet: QuietOption

    func run() throws {
        let names = strategies.map { $0.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        } }
        if let names, names.contains(where: \.isEmpty) {
            throw InputProblem("--strategies: empty strategy name in '\(strategies ?? "")'")
        }
        let policyNames = policies.map { $0.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        } }
        if let policyNames, policyNames.contains(where: \.isEmpty) {
            throw InputProblem("--policies: empty policy name in '\(policies ?? "")'")
        }
        Interrupt.install()
        let outcome = try CompareRun.run(
            path: scenario, overrides: try overrides.parsed(), strategies: names, replications: replications, out: out.url,
            stop: Interrupt.flag, policies: policyNames, external: try externalPolicies.map { try CompareRun.ExternalArm(parsing: $0) })
        guard !quiet.quiet else { return }
        let report = outcome.report
        print("\(report.scenario) · \(report.strategies.joined(separator: ", ")) · seeds \(report.seeds.map(String.init).joined(separator: ", "))")
        print(report.table, terminator: "")
        print("wrote \(ScenarioRun.displayPath(outcome.folder))/compare.csv, compare_runs.csv and one report folder per strategy "
            + "(first seed) in \(Format.fixed(outcome.wallSeconds, 1)) s")
    }
}
