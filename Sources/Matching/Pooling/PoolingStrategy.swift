import Core

/// A strategy that serves riders in shared vehicles. It decides through ``PoolSearch``:
/// for each (vehicle, riders) it chooses, it computes the insertion with
/// ``PoolSearch/insertion(of:into:search:)`` (or ``PlanInsertion``) and commits it with
/// ``PoolSearch/commit(_:search:)``; the engine turns every committed insertion into one
/// ``MatchDecision`` per added rider, carrying the vehicle's new plan (``PooledMatch``).
///
/// Like any strategy, a pooling strategy is one type plus one line in
/// ``StrategyRegistry/all``; its ``MatchingStrategy/assign(_:search:)`` is never called
/// (a default returning nothing is provided).
public protocol PoolingStrategy: MatchingStrategy {
    /// Decides pooled rides for some of `requests` (oldest first) at ``CandidateSearch/now``:
    /// commits each chosen insertion to `pool`. A request is committed at most once.
    func assignPooled(_ requests: [PendingRequest], search: inout CandidateSearch, pool: inout PoolSearch)
}

extension PoolingStrategy {
    /// Unused for pooling strategies: the engine calls ``assignPooled(_:search:pool:)``.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] { [] }
}

/// What a pooled match tells the simulator beyond the solo decision: the rider's promise
/// and the vehicle's whole new plan.
public struct PooledMatch: Sendable, Equatable {
    /// The matched rider with its promise (latest pickup, longest ride, sharing).
    public var rider: PoolRider
    /// The vehicle's planned stops after this decision, in visiting order (it may still
    /// list stops the vehicle has made since the engine last heard: the simulator skips them).
    public var stops: [PlannedStop]
    /// The engine's predicted arrival at each stop, seconds since the scenario start.
    public var arrivals: [Double]
}
