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

/// The simulator's truth about every vehicle's stop list as it drives it (solo service: one
/// rider's pickup and drop-off), the stops made, and the check of every shared-ride promise.
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
        /// The rider whose direct trip (pickup to drop-off, alone) the current leg drives, or -1:
        /// its route is the trip's route (trip_routes.csv).
        var directRider: Int32 = -1
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
    /// Riders moved between vehicles (Simulation+Reassign.swift).
    var reassigns = ReassignCounts()
}

/// Where solo and shared service differ in the play-out. Everything else — offer answers,
/// legs, stops, going idle or offline, fares and the ledger — is one path over stop lists.
/// Derived from the strategy's capability (``MatchingStrategy/sharesRides``).
struct ServiceRules {
    /// Whether the strategy puts several riders in one vehicle.
    let sharesRides: Bool
    /// Vehicles report every stop (pickup, drop-off, withdrawn) to the engine, which keeps
    /// their plans, and a vehicle whose shift ends while serving says it is off (closed to new
    /// riders). In solo service the driver's status says it all.
    var reportsStops: Bool { sharesRides }
    /// Riders are offered a shared ride (`demand.pooling_share`).
    var offersSharing: Bool { sharesRides }
    /// The driver answers an offer on the pickup route from where it is: the offer is one
    /// rider's pickup, so the route is known (and is the leg driven). In shared service the
    /// driver answers on the quoted distance: the route depends on the rest of the plan.
    var answersOnRoute: Bool { !sharesRides }
    /// Who publishes a vehicle's release after a declined offer (shared service: the driver's
    /// app, as its stop records; solo: the status stream's own publisher).
    var declineSource: RecordSource? { sharesRides ? .driverApp : nil }
}

extension Simulation {
    /// The service's rules, from the strategy's capability.
    var service: ServiceRules { ServiceRules(sharesRides: sharesRides) }

    /// Whether request `id` accepts a shared ride: only offered when the strategy shares
    /// rides; one uniform draw from the `pooling` stream keyed by request id (the same for
    /// every strategy that shares rides).
    func acceptsSharing(_ id: Int32) -> Bool {
        guard service.offersSharing else { return false }
        var rng = RandomSource(seed: scenario.seed, stream: .pooling, key: UInt64(UInt32(bitPattern: id)))
        return rng.uniform() < scenario.demand.poolingShare
    }

    /// Whether vehicle `d` may take a rider now: on shift and not off (a busy vehicle may, when
    /// the strategy planned it so).
    func takesRiders(_ d: Int, at now: Millis) -> Bool {
        drivers[d].phase != .offline && now < drivers[d].shiftEnd
    }

    /// Plays a decision out: the rider and the vehicle must still be there; then the rider's
    /// and the driver's answers; then the vehicle's new stop list (a solo decision's is the
    /// rider's pickup and drop-off).
    mutating func apply(_ m: MatchDecision, at now: Millis) {
        if let from = m.pooled?.movedFrom { return applyMove(m, from: from, at: now) }
        let r = Int(m.request), d = Int(m.driver)
        guard requests[r].matchTime == nil, requests[r].cancelTime == nil, takesRiders(d, at: now) else {
            // The rider left (or the vehicle went off) before the decision reached them.
            rejectedMatches += 1
            release(m, source: .dispatch, at: now)
            return
        }
        if let pooled = m.pooled, !seatsSuffice(pooled.stops, adding: m.request, vehicle: d) {
            // The engine planned on records still in flight (a pickup it has not heard of yet):
            // the vehicle's app refuses a plan it has no seat for; the rider is matched again.
            rejectedMatches += 1
            release(m, source: .driverApp, at: now)
            publish(key: m.request, at: now, .request(RideRequest(
                origin: riders[r].origin, destination: riders[r].destination, shares: pooled.rider.shares)), via: .status)
            return
        }
        var routed: DrivenLeg?
        if service.answersOnRoute {
            let here = stopRepositioning(d, at: now)
            routed = travel.drive(from: here, to: riders[r].origin, hourOfWeek: hour(at: now), path: &paths[d])
        }
        guard offerAccepted(m, pickupMeters: routed?.meters ?? m.quotedPickupDistance, at: now) else { return }
        if poolRun.vehicles[d].riders.isEmpty {
            _ = stopRepositioning(d, at: now)  // a repositioning vehicle stops where it is and serves
            publish(key: m.driver, at: now, .status(.busy), via: .status)
        }
        recordMatch(m, at: now)
        requests[r].shared = false
        if let routed { requests[r].pickupDistance = routed.meters }
        poolRun.vehicles[d].riders.append(m.request)
        if let pooled = m.pooled {
            poolRun.promises[m.request] = pooled.rider
            checkPromises(pooled)
        }
        let stops = m.pooled?.stops
            ?? [PlannedStop(kind: .pickup, request: m.request, point: riders[r].origin),
                PlannedStop(kind: .dropoff, request: m.request, point: riders[r].destination)]
        replan(driver: d, engineStops: stops, at: now, routed: routed)
    }

    /// Whether vehicle `d` has a seat at every stop of `stops` (the engine's plan, less the stops
    /// already made) with `request` added, counting the riders truly aboard now.
    func seatsSuffice(_ stops: [PlannedStop], adding request: Int32, vehicle d: Int) -> Bool {
        let v = poolRun.vehicles[d]
        var aboard = v.onboard.count
        for s in stops where s.request == request || v.riders.contains(s.request) {
            if s.kind == .pickup {
                guard !v.onboard.contains(s.request) else { continue }
                aboard += 1
                if aboard > scenario.supply.seats { return false }
            } else {
                aboard -= 1
            }
        }
        return true
    }

    /// Plays out the rider's answer to the quote and the driver's answer to the offer (a pickup
    /// `pickupMeters` away). A declined quote cancels the request (reason `quote_declined`); a
    /// declined offer frees the vehicle and sends the request back to the engine to be matched again.
    mutating func offerAccepted(_ m: MatchDecision, pickupMeters: Double, at now: Millis) -> Bool {
        let r = Int(m.request)
        if !behaviour.riderAccepts(request: m.request, surge: m.surge) {
            quoteDeclined(m, at: now)
            release(m, source: service.declineSource, at: now)
            return false
        }
        let attempt = riders[r].offers
        riders[r].offers += 1
        guard behaviour.driverAccepts(request: m.request, attempt: attempt, pickupMeters: pickupMeters) else {
            declinedOffers += 1
            requests[r].declinedOffers += 1
            release(m, source: service.declineSource, at: now)
            let again = RideRequest(origin: riders[r].origin, destination: riders[r].destination,
                                    shares: m.pooled?.rider.shares ?? false)
            publish(key: m.request, at: now, .request(again), via: .status)
            return false
        }
        return true
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
                t - since > promisedRide(promise, boardingAt: since) + PlanInsertion.slack {
                poolRun.promiseBreaks += 1
            }
        }
    }

    /// The longest ride promised to a rider boarding at `since` (s): the direct trip of the
    /// boarding hour (as the engine predicts it) plus `max_detour`.
    func promisedRide(_ promise: PoolRider, boardingAt since: Double) -> Double {
        let h = hour(at: .fromSeconds(since))
        guard h != promise.directHour else { return promise.maxRide }
        let direct = PlanInsertion.milliseconds(travel.trip(from: promise.origin, to: promise.destination, hourOfWeek: h).seconds)
        return direct + promise.maxRide - promise.directSeconds
    }

    /// A decision for vehicle `d` is not played out: tells the engine (the rider leaves the
    /// vehicle's plan, where the engine keeps plans) and frees the vehicle if it is now empty.
    mutating func release(_ m: MatchDecision, source: RecordSource?, at now: Millis) {
        let d = Int(m.driver)
        if service.reportsStops {
            publish(key: m.driver, at: now, .stop(request: m.request, event: .withdrawn), via: .status, source: source)
        }
        if poolRun.vehicles[d].riders.isEmpty, isAvailable(d) {
            publish(key: m.driver, at: now, .status(.available), via: .status, source: source)
        }
    }

    /// Adopts the engine's stop order, keeping only stops the vehicle still has to make, and
    /// diverts the vehicle if its next stop changed. `routed`: the leg to the first stop,
    /// already routed into the vehicle's path from where it stands.
    mutating func replan(driver d: Int, engineStops: [PlannedStop], at now: Millis, routed: DrivenLeg? = nil) {
        let v = poolRun.vehicles[d]
        func pending(_ s: PlannedStop) -> Bool {
            v.riders.contains(s.request) && (s.kind == .dropoff || !v.onboard.contains(s.request))
        }
        var stops = engineStops.filter(pending)
        for s in v.stops where !stops.contains(s) { stops.append(s) }  // never happens: kept for safety
        let target = v.stops.first
        poolRun.vehicles[d].stops = stops
        if drivers[d].phase == .idle || stops.first != target { startLeg(driver: d, at: now, routed: routed) }
    }

    /// Starts the leg to the vehicle's first stop from where it is now (ending the current leg
    /// there; `stopPoint`: the stop it has just made), or, with no stop left, makes it idle
    /// where it is (offline after its shift). `routed`: the leg, already routed into its path.
    mutating func startLeg(driver d: Int, at now: Millis, stopPoint: PlanePoint? = nil, routed: DrivenLeg? = nil) {
        let here: PlanePoint
        if let stopPoint {
            here = stopPoint
        } else if drivers[d].phase == .idle {
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
        let driven = routed ?? travel.drive(from: here, to: next.point, hourOfWeek: hour(at: now), path: &paths[d])
        poolRun.vehicles[d].legs &+= 1
        poolRun.vehicles[d].legMeters = driven.meters
        poolRun.vehicles[d].directRider = routed != nil && next.kind == .dropoff ? next.request : -1
        ledger[d].driven += driven.meters
        let empty = poolRun.vehicles[d].onboard.isEmpty
        if empty { ledger[d].deadhead += driven.meters }
        // Noise keyed by the stop the leg ends at, (request, pickup 0 | drop-off 1): a rider
        // riding alone gets exactly the direct trip's time, whoever drives.
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
        var routed: DrivenLeg?
        if stop.kind == .pickup {
            requests[r].pickupTime = now
            poolRun.vehicles[d].onboard.append(stop.request)
            let aboard = poolRun.vehicles[d].onboard
            if aboard.count > 1 { for a in aboard { requests[Int(a)].shared = true } }
            // The direct trip as a solo ride drives it now: its fare basis and the detour's reference.
            let direct = travel.drive(from: riders[r].origin, to: riders[r].destination, hourOfWeek: hour(at: now),
                                      path: &poolRun.scratch)
            requests[r].tripDistance = direct.meters
            requests[r].directSeconds = trueDuration(direct, request: UInt64(r), leg: 1).seconds
            if let next = poolRun.vehicles[d].stops.first, next.kind == .dropoff, next.request == stop.request {
                // Straight on to this rider's drop-off: the next leg is the direct trip.
                swap(&paths[d], &poolRun.scratch)
                routed = direct
            }
        } else {
            requests[r].dropoffTime = now
            requests[r].outcome = .completed
            if poolRun.vehicles[d].directRider == stop.request { recordTripRoute(request: r, path: paths[d]) }
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
        if service.reportsStops {
            publish(key: Int32(d), at: now, .stop(request: stop.request, event: stop.kind == .pickup ? .pickup : .dropoff),
                    via: .status)
        }
        drivers[d].from = stop.point
        startLeg(driver: d, at: now, stopPoint: stop.point, routed: routed)  // books the leg just driven, starts the next
    }
}
