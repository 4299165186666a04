/// Immediate pooled matching: each request, oldest first, goes to the vehicle (idle or
/// already serving riders) whose cheapest feasible insertion of the rider's pickup and
/// drop-off (``PlanInsertion``: least added vehicle time, every rider's promised wait and
/// detour kept) costs least, where the cost is the added vehicle time plus the new rider's
/// predicted wait from now — so an idle vehicle next door beats a long detour of a full one.
///
/// Tried per request: the ``vehiclesTried`` nearest vehicles within the `max_pickup_eta`
/// search radius whose direct predicted drive to the pickup fits in the rider's wait bound
/// (a request past its latest pickup is not tried: it waits for its patience to end).
public struct PoolInsertionStrategy: MatchingStrategy {
    /// Scenario name `pool-insertion`.
    public static let name = "pool-insertion"
    /// Puts several riders in one vehicle (`supply.seats`, `matching.pool`).
    public static let sharesRides = true
    /// One-line description.
    public static let summary = "immediate pooling: the cheapest feasible insertion into a vehicle's stop list (supply.seats, matching.pool)"
    /// Decides on each request's arrival and retries waiting requests every two seconds.
    public let cadence: Cadence = .immediate(retry: 2000)
    /// Vehicles tried per request, nearest first.
    public static let vehiclesTried = 16

    /// Creates the strategy; it has no settings of its own.
    public init(settings: StrategySettings) {}

    /// Commits, for each request, the least-cost insertion over the nearest vehicles (ties: nearer vehicle).
    public func decide(_ requests: [PendingRequest], search: inout CandidateSearch, plans pool: inout PoolSearch) {
        for request in requests {
            let rider = pool.rider(for: request, search: search)
            let slack = rider.latestPickup - pool.now
            guard slack >= 0 else { continue }
            var best: Insertion?, bestCost = Double.infinity
            for (driver, _) in pool.vehicles(near: request.request.origin, search: search, limit: Self.vehiclesTried) {
                guard search.eta(of: driver, to: rider.origin) <= slack,
                    let insertion = pool.insertion(of: [rider], into: driver, search: search)
                else { continue }
                let cost = insertion.addedSeconds + ((insertion.pickupTime(of: rider.request) ?? pool.now) - pool.now)
                if cost < bestCost {
                    best = insertion
                    bestCost = cost
                }
            }
            if let best { pool.commit(best, search: &search) }
        }
    }
}
