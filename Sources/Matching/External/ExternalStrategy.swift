import Core

/// Decisions from a policy outside the engine: a child process that answers each decision
/// epoch over JSON Lines on its stdin and stdout (docs/external.md). In `batch` mode it is
/// asked every `matching.batch_window` about every waiting request; in `immediate` mode on each
/// arrival and, like `nearest`, on the 1-second retry. It sees what the built-in strategies
/// see — the pending requests and their candidates from ``CandidateSearch`` — and its
/// answers become ordinary match records, so reports, stream dumps and replays work unchanged.
///
/// The value is copied freely; the child and the conversation live in one shared
/// ``ExternalPolicy``. A bad answer or a dead or silent child is the run's ``failure``.
public struct ExternalStrategy: MatchingStrategy {
    /// Scenario name `external`.
    public static let name = "external"
    /// One-line description.
    public static let summary = "a policy process over JSON Lines: matching.external or run --policy 'COMMAND'"
    /// Needs its policy command.
    public static var decidesOutOfProcess: Bool { true }
    /// Every batch window (`batch` mode) or on each arrival with the 1-second retry (`immediate`).
    public let cadence: Cadence
    /// The policy process and its conversation (shared by every copy of the value).
    public let policy: ExternalPolicy

    /// Creates the strategy from `matching.external` (the policy starts at the first epoch).
    public init(settings: StrategySettings) {
        let window = max(1, settings.batchWindow)
        cadence = settings.external.immediate ? .immediate(retry: 1000) : .batched(window: window)
        policy = ExternalPolicy(settings: settings.external, batchWindow: window, fare: settings.fare)
    }

    /// The policy command is required.
    public static func missingSetting(in settings: StrategySettings) -> String? {
        settings.external.command == nil
            ? "matching.external.command: required by strategy external (or run with --policy 'COMMAND')" : nil
    }

    /// Asks the policy about `requests`: commits its checked assignments as one-rider plans
    /// and hands its moves (`reposition`, `idle_targets`) to the engine's repositioning.
    public func decide(_ requests: [PendingRequest], search: inout CandidateSearch, plans: inout PoolSearch) {
        let assignments = policy.decide(requests, search: &search, moves: &plans.rebalancing)
        plans.commit(assignments, of: requests, search: &search)
    }

    /// The solo hook, for callers that want assignments only (moves are dropped).
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        var moves: [RepositionDecision] = []
        return policy.decide(requests, search: &search, moves: &moves)
    }

    /// The policy's first problem, if any.
    public var failure: (any Error & Sendable)? { policy.failure }
    /// Raised when the policy fails.
    public var stopFlag: StopFlag? { policy.stopFlag }
    /// Sends `end` with the summary row and lets the child exit.
    public func finish(summary: () -> [(name: String, json: String)]) { policy.finish(summary: summary) }
}
