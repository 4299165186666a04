import Core
import Streams

/// What a shared-ride decision tells the simulator beyond the quote: the rider's promise
/// and the vehicle's whole new plan. A solo decision has none: its plan is the rider's
/// pickup and drop-off.
public struct PooledMatch: Sendable, Equatable {
    /// The matched rider with its promise (latest pickup, longest ride, sharing).
    public var rider: PoolRider
    /// The vehicle's planned stops after this decision, in visiting order (it may still
    /// list stops the vehicle has made since the engine last heard: the simulator skips them).
    public var stops: [PlannedStop]
    /// The engine's predicted arrival at each stop, seconds since the scenario start.
    public var arrivals: [Double]
    /// For a rider moved by re-optimisation (`pool-batch`), the vehicle it leaves: that
    /// vehicle drops the rider's stops (nil: a new match).
    public var movedFrom: Int32? = nil
}

/// One rider added to a vehicle's plan by a strategy's decision, before the engine quotes it.
struct Dispatch: Sendable {
    /// The rider (request) id.
    var request: Int32
    /// The vehicle (driver) id.
    var driver: Int32
    /// Predicted pickup ETA quoted to the rider, seconds.
    var pickupEta: Double
    /// Straight-line distance from the vehicle's last known location to the pickup, metres.
    var pickupDistance: Double
    /// Pickup and drop-off.
    var origin: PlanePoint, destination: PlanePoint
    /// The shared plan (nil: a one-rider plan).
    var pooled: PooledMatch?
}

extension JoinEngine {
    /// One decision pass: the strategy commits decisions to the vehicle plans; each rider
    /// added to a plan becomes one quoted ``MatchDecision`` and leaves the pending list.
    mutating func decide(
        _ requests: [PendingRequest], at now: Millis, into out: inout [MatchDecision], started: UInt64 = monotonicNanos()
    ) {
        let hour = hourOfWeek(unixSeconds: config.startUnixSeconds + now.seconds)
        search.begin(at: now, hourOfWeek: hour)
        pool.begin(at: now, hourOfWeek: hour)
        if let partitions = config.partitions {
            decidePartitioned(requests, partitions)
        } else {
            strategy.decide(requests, search: &search, plans: &pool)
        }
        search.end()
        let dispatched = pool.takeDispatched()
        if !dispatched.isEmpty {
            let asked = Set(requests.map(\.key))
            var assigned = Set<Int32>(minimumCapacity: dispatched.count)
            for d in dispatched {
                guard asked.contains(d.request) || d.pooled?.movedFrom != nil, assigned.insert(d.request).inserted else {
                    preconditionFailure("strategy assigned request \(d.request) twice or without being asked")
                }
                out.append(quote(d, at: now, hourOfWeek: hour))
            }
            pending.removeAll { assigned.contains($0.key) }
        }
        decisionLatency.record(monotonicNanos() - started)
    }

    /// The quote of one dispatched rider: predicted trip, surge, fare (shared discount for a
    /// rider who accepted sharing).
    func quote(_ d: Dispatch, at now: Millis, hourOfWeek: Int) -> MatchDecision {
        let trip = search.travel.trip(from: d.origin, to: d.destination, hourOfWeek: hourOfWeek)
        let surge = self.surge.multiplier(at: d.origin, traffic: search.traffic)
        let shares = d.pooled?.rider.shares ?? false
        return MatchDecision(
            request: d.request, driver: d.driver, time: now,
            quotedPickupEta: d.pickupEta, quotedPickupDistance: d.pickupDistance,
            quotedTripSeconds: trip.seconds, quotedTripMeters: trip.meters,
            quotedFare: config.fare.fare(meters: trip.meters, seconds: trip.seconds, surge: surge, shared: shares),
            surge: surge, pooled: d.pooled)
    }
}
