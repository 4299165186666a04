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

    @Option(help: "Comma-separated region counts (1 … 256): the scenario's strategy on a geo-partitioned engine of each count against the single engine; writes <out>/<scenario>/partitions/ (docs/streams.md).")
    var partitions: String?

    @Option(help: "With --partitions: the border halo, comma-separated distances (500m, 0.5km) or off (default 500m); each count runs disjoint and with each halo.")
    var halo: String?

    @Option(help: "Comma-separated operator counts (1 … 256): demand and fleet split between non-coordinating operators; writes <out>/<scenario>/operators/.")
    var operators: String?

    @OptionGroup var out: OutOption<CompareCommand>

    @OptionGroup var quiet: QuietOption

    func run() throws {
        if partitions != nil || operators != nil || halo != nil { return try runPartitioned() }
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

extension CompareCommand {
    /// `--partitions` / `--operators`: the partitioned compare (``PartitionCompare``).
    func runPartitioned() throws {
        let split: PartitionCompare.Split
        switch (partitions, operators) {
        case (let p?, nil):
            let halos = try halo.map { try PartitionCompare.parseHalos($0) } ?? [PartitionCompare.defaultHalo]
            split = .regions(counts: try PartitionCompare.parseCounts(p, option: "--partitions"), halos: halos)
        case (nil, let o?):
            if halo != nil { throw InputProblem("--halo: only with --partitions (operators have no borders)") }
            split = .operators(counts: try PartitionCompare.parseCounts(o, option: "--operators"))
        case (nil, nil):
            throw InputProblem("--halo: only with --partitions")
        case (_?, _?):
            throw InputProblem("--operators: give --partitions or --operators, not both")
        }
        if policies != nil || !externalPolicies.isEmpty {
            throw InputProblem("\(partitions != nil ? "--partitions" : "--operators"): not with --policies or --policy")
        }
        var strategy: String?
        if let strategies {
            let names = strategies.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count == 1, !names[0].isEmpty else {
                throw InputProblem("--strategies: a partitioned compare runs one strategy, got '\(strategies)'")
            }
            strategy = names[0]
        }
        Interrupt.install()
        let outcome = try PartitionCompare.run(
            path: scenario, overrides: try overrides.parsed(), split: split, strategy: strategy, replications: replications,
            out: out.url, stop: Interrupt.flag)
        guard !quiet.quiet else { return }
        let r = outcome.report
        print("\(r.scenario) · \(r.strategies.joined(separator: ", ")) · seeds \(r.seeds.map(String.init).joined(separator: ", "))")
        print(PartitionCompare.table(outcome.rows, seeds: r.seeds.count), terminator: "")
        print("wrote \(ScenarioRun.displayPath(outcome.folder))/partitions.csv, compare.csv and compare_runs.csv "
            + "in \(Format.fixed(outcome.wallSeconds, 1)) s")
    }
}
