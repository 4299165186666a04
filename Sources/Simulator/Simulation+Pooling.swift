import Core
import Foundation
import Matching
import Streams
import Traffic

/// One stop a vehicle made (one row of stops.csv).
public struct StopRecord: Sendable, Equatable {
    /// The vehicle (driver) id.
    public var driver: Int32
    /// When, ms since the scenario start.
    public var time: Millis
    /// Pickup or drop-off.
    public var kind: StopKind
    /// The rider (request) id.
    public var request: Int32
    /// Riders aboard after the stop.
    public var onboard: Int
}

/// The simulator's truth about pooled service: each vehicle's stop list as it drives it,
/// the stops made, and the check of every promise the engine made.
struct PoolRun {
    /// One vehicle's truth.
    struct Vehicle {
        /// Remaining stops, in order; the vehicle drives to the first.
        var stops: [PlannedStop] = []
        /// Riders assigned and not dropped off.
        var riders: [Int32] = []
        /// Riders aboard.
        var onboard: [Int32] = []
        /// Legs started (keys the true-speed noise of the next leg and stale arrival events).
        var legs: UInt32 = 0
        /// Road metres of the current leg.
        var legMeters: Double = 0
    }

    var vehicles: [Vehicle] = []
    /// Every stop made (solo and pooled runs), in simulation order.
    var stops: [StopRecord] = []
    /// Scratch path for direct-trip routes.
    var scratch = LegPath()
    /// Predicted stop times checked against riders' promises at pooled decisions.
    var promiseChecks = 0
    /// Checks that failed (a bug if ever non-zero: the engine checks before it decides).
    var promiseBreaks = 0
    /// Each pooled rider's promise, by request id.
    var promises: [Int32: PoolRider] = [:]
}

extension Simulation {
    /// Whether the run uses a pooling strategy.
    var pooling: Bool { engine.pool.isActive }

    /// Whether request `id` accepts a shared ride: only offered when the strategy pools; one
    /// uniform draw from the `pooling` stream keyed by request id (the same for every pooling strategy).
    func acceptsSharing(_ id: Int32) -> Bool {
        guard pooling else { return false }
        var rng = RandomSource(seed: scenario.seed, stream: .pooling, key: UInt64(UInt32(bitPattern: id)))
        return rng.uniform() < scenario.demand.poolingShare
    }

    /// Plays a pooled decision: the rider's and driver's answers, then the vehicle's new stop list.
    mutating func applyPooled(_ m: MatchDecision, _ pooled: PooledMatch, at now: Millis) {
        let r = Int(m.request), d = Int(m.driver)
        if poolRun.vehicles.isEmpty { poolRun.vehicles = Array(repeating: PoolRun.Vehicle(), count: drivers.count) }
        guard requests[r].matchTime == nil, requests[r].cancelTime == nil, drivers[d].phase != .offline,
            now < drivers[d].shiftEnd
        else {
            rejectedMatches += 1
            withdraw(m, source: .dispatch, at: now)
            return
        }
        if !behaviour.riderAccepts(request: m.request, surge: m.surge) {
            quoteDeclined(m, at: now)
            withdraw(m, source: .driverApp, at: now)
            return
        }
        let attempt = riders[r].offers
        riders[r].offers += 1
        guard behaviour.driverAccepts(request: m.request, attempt: attempt, pickupMeters: m.quotedPickupDistance) else {
            declinedOffers += 1
            requests[r].declinedOffers += 1
            withdraw(m, source: .driverApp, at: now)
            let again = RideRequest(origin: riders[r].origin, destination: riders[r].destination, shares: pooled.rider.shares)
            publish(key: m.request, at: now, .request(again), via: .status)
            return
        }
        if poolRun.vehicles[d].riders.isEmpty {
            _ = stopRepositioning(d, at: now)  // a repositioning vehicle stops where it is and serves
            publish(key: m.driver, at: now, .status(.busy), via: .status)
        }
        recordMatch(m, at: now)
        requests[r].shared = false
        poolRun.vehicles[d].riders.append(m.request)
        poolRun.promises[m.request] = pooled.rider
        checkPromises(pooled)
        replan(driver: d, engineStops: pooled.stops, at: now)
    }

    /// The match `m` is applied: the request is in progress with its driver and quote.
    mutating func recordMatch(_ m: MatchDecision, at now: Millis) {
        let r = Int(m.request)
        requests[r].matchTime = now
        requests[r].outcome = .inProgress
        requests[r].driver = m.driver
        requests[r].quotedPickupEta = m.quotedPickupEta
        requests[r].quotedFare = m.quotedFare
        requests[r].surge = m.surge
    }

    /// The rider declined the quote of `m`: the request is cancelled (`quote_declined`) with the quote on record.
    mutating func quoteDeclined(_ m: MatchDecision, at now: Millis) {
        let r = Int(m.request)
        requests[r].cancelTime = now
        requests[r].outcome = .cancelled
        requests[r].cancelReason = .quoteDeclined
        requests[r].quotedFare = m.quotedFare
        requests[r].surge = m.surge
    }

    /// Counts the predicted stop times of a decision that break a rider's promise (never, if the engine is right).
    mutating func checkPromises(_ pooled: PooledMatch) {
        var boarded: [Int32: Double] = [:]
        for (stop, t) in zip(pooled.stops, pooled.arrivals) {
            guard let promise = stop.request == pooled.rider.request ? pooled.rider : poolRun.promises[stop.request] else { continue }
            poolRun.promiseChecks += 1
            if stop.kind == .pickup {
                boarded[stop.request] = t
                if t > promise.latestPickup + PlanInsertion.slack { poolRun.promiseBreaks += 1 }
            } else if let since = boarded[stop.request] ?? requests[Int(stop.request)].pickupTime?.seconds,
                t - since > promise.maxRide + PlanInsertion.slack {
                poolRun.promiseBreaks += 1
            }
        }
    }

    /// Takes a rider off a vehicle's plan before pickup: tells the engine, and frees the vehicle if it is now empty.
    mutating func withdraw(_ m: MatchDecision, source: RecordSource, at now: Millis) {
        let d = Int(m.driver)
        publish(key: m.driver, at: now, .stop(request: m.request, event: .withdrawn), via: .status, source: source)
        if poolRun.vehicles[d].riders.isEmpty, isAvailable(d) {
            publish(key: m.driver, at: now, .status(.available), via: .status, source: source)
        }
    }

    /// Adopts the engine's stop order, keeping only stops the vehicle still has to make, and
    /// diverts the vehicle if its next stop changed.
    mutating func replan(driver d: Int, engineStops: [PlannedStop], at now: Millis) {
        let v = poolRun.vehicles[d]
        func pending(_ s: PlannedStop) -> Bool {
            v.riders.contains(s.request) && (s.kind == .dropoff || !v.onboard.contains(s.request))
        }
        var stops = engineStops.filter(pending)
        for s in v.stops where !stops.contains(s) { stops.append(s) }  // never happens: kept for safety
        let target = v.stops.first
        poolRun.vehicles[d].stops = stops
        if drivers[d].phase == .idle || stops.first != target { startPooledLeg(driver: d, at: now) }
    }

    /// Starts the leg to the vehicle's first stop from where it is now (ending the current leg there).
    mutating func startPooledLeg(driver d: Int, at now: Millis) {
        let here: PlanePoint
        if drivers[d].phase == .idle {
            here = drivers[d].from
        } else {
            here = travel.snap(drivers[d].position(at: now, path: paths[d]))
            // The part of the diverted leg not driven is not driven.
            let left = drivers[d].legEnd > drivers[d].legStart
                ? Double(drivers[d].legEnd - now) / Double(drivers[d].legEnd - drivers[d].legStart) : 0
            let undriven = poolRun.vehicles[d].legMeters * min(1, max(0, left))
            ledger[d].driven -= undriven
            if poolRun.vehicles[d].onboard.isEmpty { ledger[d].deadhead -= undriven }
        }
        close(driver: d, at: now)
        guard let next = poolRun.vehicles[d].stops.first else {
            // Nothing left to do: idle where it is (or offline after its shift).
            let offShift = now >= drivers[d].shiftEnd
            drivers[d].phase = offShift ? .offline : .idle
            if offShift { ledger[d].onlineUntil = now }
            drivers[d].from = here
            drivers[d].to = here
            publish(key: Int32(d), at: now, .status(offShift ? .offline : .available), via: .status)
            becameIdle(d, at: now)
            return
        }
        let driven = travel.drive(from: here, to: next.point, hourOfWeek: hour(at: now), path: &paths[d])
        poolRun.vehicles[d].legs &+= 1
        poolRun.vehicles[d].legMeters = driven.meters
        ledger[d].driven += driven.meters
        let empty = poolRun.vehicles[d].onboard.isEmpty
        if empty { ledger[d].deadhead += driven.meters }
        // Noise keyed by the stop the leg ends at, (request, pickup 0 | drop-off 1), as in solo
        // service: a rider riding alone gets exactly the solo trip's time, whoever drives.
        let duration = trueDuration(driven, request: UInt64(UInt32(bitPattern: next.request)), leg: next.kind == .pickup ? 0 : 1)
        drivers[d].phase = empty ? .toPickup : .onTrip
        drivers[d].from = here
        drivers[d].to = next.point
        drivers[d].legStart = now
        drivers[d].legEnd = now + duration
        queue.schedule(.reachStop(driver: Int32(d), leg: poolRun.vehicles[d].legs), at: now + duration)
    }

    /// The vehicle reaches its first stop (unless the leg was diverted since: a stale event).
    mutating func reachStop(driver d: Int, leg: UInt32, at now: Millis) {
        guard leg == poolRun.vehicles[d].legs, !poolRun.vehicles[d].stops.isEmpty else { return }
        let stop = poolRun.vehicles[d].stops.removeFirst()
        let r = Int(stop.request)
        if stop.kind == .pickup {
            requests[r].pickupTime = now
            poolRun.vehicles[d].onboard.append(stop.request)
            let aboard = poolRun.vehicles[d].onboard
            if aboard.count > 1 { for a in aboard { requests[Int(a)].shared = true } }
            // The direct trip as a solo ride would have driven it now: its fare basis and the detour's reference.
            let direct = travel.drive(from: riders[r].origin, to: riders[r].destination, hourOfWeek: hour(at: now),
                                      path: &poolRun.scratch)
            requests[r].tripDistance = direct.meters
            requests[r].directSeconds = trueDuration(direct, request: UInt64(r), leg: 1).seconds
        } else {
            requests[r].dropoffTime = now
            requests[r].outcome = .completed
            let shares = poolRun.promises[stop.request]?.shares ?? false
            let charged = fare.fare(
                meters: requests[r].tripDistance ?? 0, seconds: requests[r].directSeconds ?? 0, surge: requests[r].surge ?? 1,
                shared: shares)
            requests[r].finalFare = charged
            ledger[d].trips += 1
            ledger[d].revenue += charged
            poolRun.vehicles[d].onboard.removeAll { $0 == stop.request }
            poolRun.vehicles[d].riders.removeAll { $0 == stop.request }
            poolRun.promises[stop.request] = nil
        }
        poolRun.stops.append(StopRecord(
            driver: Int32(d), time: now, kind: stop.kind, request: stop.request, onboard: poolRun.vehicles[d].onboard.count))
        publish(key: Int32(d), at: now, .stop(request: stop.request, event: stop.kind == .pickup ? .pickup : .dropoff),
                via: .status)
        drivers[d].from = stop.point
        startPooledLeg(driver: d, at: now)  // books the leg just driven under its phase, then starts the next
    }
}
