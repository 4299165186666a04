/// Immediate matching to the closest available driver by straight-line distance whose
/// pickup ETA is within the bound; oldest request first.
public struct NearestStrategy: MatchingStrategy {
    /// Scenario name `nearest`.
    public static let name = "nearest"
    /// One-line description.
    public static let summary = "immediate: the closest available driver by distance, within max_pickup_eta"
    /// Decides on each request's arrival and retries waiting requests every second.
    public let cadence: Cadence = .immediate(retry: 1000)

    /// Creates the strategy; it has no settings of its own.
    public init(settings: StrategySettings) {}

    /// Gives each request, oldest first, the nearest candidate not yet taken.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        var out: [Assignment] = []
        for request in requests {
            guard let candidate = search.nearestByDistance(to: request) else { continue }
            search.take(candidate.driver)
            out.append(Assignment(request: request.key, candidate: candidate))
        }
        return out
    }
}
