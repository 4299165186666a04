import Core

/// Immediate matching to the candidate with the smallest predicted pickup ETA (from the
/// traffic tables, so a farther driver in a faster zone can win); oldest request first.
public struct FastestEtaStrategy: MatchingStrategy {
    /// Scenario name `fastest-eta`.
    public static let name = "fastest-eta"
    /// One-line description.
    public static let summary = "immediate: the available driver with the smallest predicted pickup ETA"
    /// Decides on each request's arrival and retries waiting requests every second.
    public let cadence: Cadence = .immediate(retry: 1000)

    /// Creates the strategy; it has no settings of its own.
    public init(settings: StrategySettings) {}

    /// Gives each request, oldest first, the free candidate with the smallest ETA.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        var out: [Assignment] = []
        for request in requests {
            guard let candidate = search.fastestByEta(to: request) else { continue }
            search.take(candidate.driver)
            out.append(Assignment(request: request.key, candidate: candidate))
        }
        return out
    }
}

extension CandidateSearch {
    /// The candidate with the smallest predicted pickup ETA (ties: smaller distance, then
    /// smaller id), if any. Searches ring by ring and stops once no unvisited driver can
    /// beat the best ETA even at the travel model's straight-line speed bound of the hour
    /// (``TravelModel/searchRadius(maxSeconds:hourOfWeek:)``), so the answer is exact.
    public func fastestByEta(to request: PendingRequest) -> Candidate? {
        let origin = request.request.origin
        var best: Candidate?
        // ETA ≥ straight-line distance / speed bound = distance × maxPickupEta / maxRadius.
        let etaPerMeter = maxRadius > 0 ? maxPickupEta / maxRadius : 0
        if restriction != nil {
            forEachIndexed(near: origin) { id, distance in
                guard isFreeAndFresh(id), let c = candidate(id, distance: distance, to: origin) else { return }
                if let b = best, (c.eta, distance, id) >= (b.eta, b.distance, b.driver) { return }
                best = c
            }
            return best
        }
        drivers.index.forEach(within: maxRadius, of: origin, { id, distance in
            guard isFreeAndFresh(id), let c = candidate(id, distance: distance, to: origin) else { return }
            if let b = best, (c.eta, distance, id) >= (b.eta, b.distance, b.driver) { return }
            best = c
        }, stopAfterRing: { bound in
            guard let b = best else { return false }
            return bound * etaPerMeter > b.eta * (1 + 1e-9)
        })
        return best
    }
}
