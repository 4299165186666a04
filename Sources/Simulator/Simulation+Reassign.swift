import Core
import Matching
import Streams

/// Moves of riders between vehicles (`pool-batch` re-optimisation, docs/pooling.md), as the
/// run counts them.
struct ReassignCounts: Sendable, Equatable {
    /// Moves played out.
    var applied = 0
    /// Moves refused (the rider was aboard already, or the new vehicle could not take it).
    var refused = 0
    /// Moves played out per rider.
    var byRider: [Int32: Int] = [:]
}

extension Simulation {
    /// Plays out a move of a waiting rider from vehicle `from` to the decision's vehicle, at
    /// `now`: the old vehicle drops the rider's stops (and publishes `reassigned`), then the
    /// new one adopts the decision's plan. The rider keeps its match time, quote and promise.
    /// A move that cannot be played out is withdrawn from the new vehicle; the rider stays
    /// with the old vehicle, its stops left last there (where the engine puts them back when
    /// it hears of the refusal, or of the pickup that came first).
    mutating func applyMove(_ m: MatchDecision, from: Int32, at now: Millis) {
        let r = Int(m.request), d = Int(m.driver), o = Int(from)
        guard let pooled = m.pooled else { return }
        let assigned = poolRun.vehicles[o].riders.contains(m.request)
        let waiting = assigned && !poolRun.vehicles[o].onboard.contains(m.request)
        guard waiting, requests[r].cancelTime == nil, takesRiders(d, at: now),
            seatsSuffice(pooled.stops, adding: m.request, vehicle: d)
        else {
            poolRun.reassigns.refused += 1
            release(m, source: .dispatch, at: now)
            if assigned {
                let mine = poolRun.vehicles[o].stops.filter { $0.request == m.request }
                dropStops(of: m.request, vehicle: o, at: now, appending: mine)
            }
            return
        }
        poolRun.vehicles[o].riders.removeAll { $0 == m.request }
        publish(key: from, at: now, .stop(request: m.request, event: .reassigned), via: .status, source: .dispatch)
        dropStops(of: m.request, vehicle: o, at: now)
        if poolRun.vehicles[d].riders.isEmpty {
            _ = stopRepositioning(d, at: now)
            publish(key: m.driver, at: now, .status(.busy), via: .status)
        }
        requests[r].driver = m.driver
        poolRun.vehicles[d].riders.append(m.request)
        poolRun.promises[m.request] = pooled.rider
        checkPromises(pooled)
        poolRun.reassigns.applied += 1
        poolRun.reassigns.byRider[m.request, default: 0] += 1
        replan(driver: d, engineStops: pooled.stops, at: now)
    }

    /// Vehicle `d` drops the stops of `request` (then appends `appending`); if its next stop
    /// changed it turns where it is now (or goes idle with nothing left).
    private mutating func dropStops(of request: Int32, vehicle d: Int, at now: Millis, appending: [PlannedStop] = []) {
        let target = poolRun.vehicles[d].stops.first
        poolRun.vehicles[d].stops.removeAll { $0.request == request }
        poolRun.vehicles[d].stops += appending
        if poolRun.vehicles[d].stops.first != target { startLeg(driver: d, at: now) }
    }
}

extension PoolOutcome {
    /// Records the run's moves; `reassigns`: whether the strategy moves riders at all.
    mutating func record(_ counts: ReassignCounts, reassigns: Bool) {
        reassignsRiders = reassigns
        reassignments = counts.applied
        reassignmentsRefused = counts.refused
        ridersMoved = counts.byRider.count
        ridersMovedTwice = counts.byRider.values.reduce(0) { $0 + ($1 > 1 ? 1 : 0) }
    }
}
