import Core
import Streams

extension JoinEngine {
    /// One decision of a ``PoolingStrategy``: the strategy commits insertions to ``pool``;
    /// each added rider gets a ``MatchDecision`` carrying the vehicle's new plan.
    mutating func decidePooled(
        _ requests: [PendingRequest], at now: Millis, hourOfWeek hour: Int, into out: inout [MatchDecision], started: UInt64
    ) {
        guard let strategy = strategy as? any PoolingStrategy else { preconditionFailure("not a pooling strategy") }
        search.begin(at: now, hourOfWeek: hour)
        search.restriction = nil
        pool.begin(at: now, hourOfWeek: hour)
        strategy.assignPooled(requests, search: &search, pool: &pool)
        search.end()
        let committed = pool.takeCommitted()
        if !committed.isEmpty {
            let asked = Set(requests.map(\.key))
            var assigned = Set<Int32>()
            for insertion in committed {
                for rider in insertion.added {
                    precondition(asked.contains(rider.request), "strategy assigned request \(rider.request) without being asked")
                    assigned.insert(rider.request)
                    out.append(pooledQuote(rider, insertion: insertion, at: now, hourOfWeek: hour))
                }
            }
            pending.removeAll { assigned.contains($0.key) }
        }
        decisionLatency.record(monotonicNanos() - started)
    }

    func pooledQuote(_ rider: PoolRider, insertion: Insertion, at now: Millis, hourOfWeek: Int) -> MatchDecision {
        let trip = search.travel.trip(from: rider.origin, to: rider.destination, hourOfWeek: hourOfWeek)
        let surge = self.surge.multiplier(at: rider.origin, traffic: search.traffic)
        let location = search.drivers.rows[Int(insertion.driver)].location
        let pickup = insertion.pickupTime(of: rider.request) ?? now.seconds
        var decision = MatchDecision(
            request: rider.request, driver: insertion.driver, time: now,
            quotedPickupEta: max(0, pickup - now.seconds), quotedPickupDistance: location.distance(to: rider.origin),
            quotedTripSeconds: trip.seconds, quotedTripMeters: trip.meters,
            quotedFare: config.fare.fare(meters: trip.meters, seconds: trip.seconds, surge: surge, shared: rider.shares),
            surge: surge)
        decision.pooled = PooledMatch(rider: rider, stops: insertion.stops, arrivals: insertion.arrivals)
        return decision
    }
}
