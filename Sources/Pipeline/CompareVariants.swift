import Core
import Matching
import Scenario

extension CompareRun {
    /// One arm of a compare: a strategy and, with `--policies`, a repositioning policy.
    struct Variant: Sendable {
        /// The arm's name: the strategy, or `strategy+policy` with `--policies` (its report
        /// folder and its `strategy` column).
        var name: String
        /// The matching strategy.
        var strategy: String
        /// The repositioning policy (nil: the scenario's own).
        var policy: String?

        /// Sets the arm's strategy and policy on `scenario`.
        func apply(to scenario: inout Scenario) {
            scenario.matching.strategy = strategy
            if let policy { scenario.supply.repositioning.policy = policy }
        }
    }

    /// The policies to compare, checked: throws an ``InputProblem`` for an unknown or
    /// repeated name.
    static func checkPolicies(_ names: [String]) throws {
        guard !names.isEmpty else { throw InputProblem("--policies: give at least one policy") }
        for (i, name) in names.enumerated() {
            guard RepositioningRegistry.type(named: name) != nil else {
                throw InputProblem(
                    "--policies: unknown policy '\(name)' (known: \(RepositioningRegistry.names.joined(separator: ", ")))")
            }
            if names[..<i].contains(name) { throw InputProblem("--policies: '\(name)' is listed twice") }
        }
    }

    /// The arms: every strategy, or with `policies` every (strategy, policy) pair, strategy
    /// by strategy; the first arm is the baseline of the paired differences.
    static func variants(strategies: [String], policies: [String]?) throws -> [Variant] {
        guard let policies else { return strategies.map { Variant(name: $0, strategy: $0, policy: nil) } }
        try checkPolicies(policies)
        return strategies.flatMap { s in policies.map { Variant(name: "\(s)+\($0)", strategy: s, policy: $0) } }
    }
}
