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
        /// The external policy command of an arm from `--policy NAME=COMMAND` (strategy external).
        var command: String? = nil

        /// Sets the arm's strategy, policy and external command on `scenario`.
        func apply(to scenario: inout Scenario) {
            scenario.matching.strategy = strategy
            if let policy { scenario.supply.repositioning.policy = policy }
            if let command { scenario.matching.external.command = command }
        }
    }

    /// An external policy arm of `compare --policy NAME=COMMAND`: the arm `NAME` runs strategy
    /// `external` with `COMMAND`, paired on the same demand as every other arm.
    public struct ExternalArm: Sendable, Equatable {
        /// The arm's name (its report folder and `strategy` column).
        public var name: String
        /// The policy command.
        public var command: String

        /// Parses `NAME=COMMAND`; throws an ``InputProblem`` naming the argument when malformed.
        public init(parsing argument: String) throws {
            guard let equals = argument.firstIndex(of: "="),
                  case let name = argument[..<equals].trimmingCharacters(in: .whitespaces), !name.isEmpty,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
                  case let command = String(argument[argument.index(after: equals)...]),
                  !command.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw InputProblem("--policy \(argument): expected NAME=COMMAND (NAME of letters, digits, - _ .)")
            }
            self.name = name
            self.command = command
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
    /// External arms follow the strategies, each named by its `NAME`.
    static func variants(strategies: [String], policies: [String]?, external: [ExternalArm] = []) throws -> [Variant] {
        var names = Set<String>()
        for arm in external {
            if strategies.contains(arm.name) || !names.insert(arm.name).inserted {
                throw InputProblem("--policy \(arm.name)=…: the arm name '\(arm.name)' is used twice")
            }
        }
        let arms = strategies.map { (name: $0, strategy: $0, command: String?.none) }
            + external.map { (name: $0.name, strategy: ExternalStrategy.name, command: Optional($0.command)) }
        guard let policies else {
            return arms.map { Variant(name: $0.name, strategy: $0.strategy, policy: nil, command: $0.command) }
        }
        try checkPolicies(policies)
        return arms.flatMap { a in
            policies.map { Variant(name: "\(a.name)+\($0)", strategy: a.strategy, policy: $0, command: a.command) }
        }
    }
}
