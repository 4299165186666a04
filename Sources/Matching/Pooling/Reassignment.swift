import Core
import Streams

/// A rider the engine moved from one vehicle to another (``PoolBatchStrategy``'s
/// re-optimisation) until the simulator confirms it with a `reassigned` record from the
/// vehicle it left. If the move cannot be played out (the rider was picked up meanwhile,
/// or the new vehicle refused the plan) the rider goes back to the vehicle it had.
struct PendingMove: Sendable, Equatable {
    /// The vehicle the rider left.
    var from: Int32
    /// The vehicle the rider was moved to.
    var to: Int32
    /// The rider with its promise (unchanged by the move).
    var rider: PoolRider
}

/// One rider a re-optimising window may move: assigned, not yet aboard, its last move
/// confirmed.
public struct AssignedRider: Sendable, Equatable {
    /// The vehicle that has it now.
    public var vehicle: Int32
    /// The rider with the promise made at its match.
    public var rider: PoolRider
}

extension PoolSearch {
    /// Riders matched but not yet aboard that a window may move, by vehicle id then plan
    /// order: every waiting rider of every plan, except one whose previous move is not yet
    /// confirmed.
    public func reassignable() -> [AssignedRider] {
        var out: [AssignedRider] = []
        for plan in plans where !plan.isEmpty {
            for rider in plan.riders where rider.pickedUpAt == nil && moving[rider.request] == nil {
                out.append(AssignedRider(vehicle: plan.driver, rider: rider))
            }
        }
        return out
    }

    /// These plans with `riders` taken out (their stops removed, the rest in order): the
    /// vehicles the window's shareability graph builds on.
    public func without(_ riders: [AssignedRider]) -> PoolSearch {
        var out = self
        for a in riders { out.plans[Int(a.vehicle)].remove(a.rider.request) }
        return out
    }

    /// The predicted cost of `driver`'s plan as it stands, on the scale of the window's trips
    /// (``ShareabilityGraph``): time to finish it minus time to finish `base` (the plan
    /// without its movable riders), plus the predicted waits of `riders` (those riders).
    /// nil when the plan cannot be timed (it has no stops).
    public func standingCost(of driver: Int32, base: VehiclePlan, riders: [PoolRider], search: CandidateSearch) -> Double? {
        let plan = plans[Int(driver)]
        guard !plan.stops.isEmpty else { return nil }
        let start = start(of: driver, search: search), clock = clock(search)
        let arrivals = PlanInsertion.predictedArrivals(of: plan.stops, from: start, now: now, clock: clock)
        let baseArrivals = PlanInsertion.predictedArrivals(of: base.stops, from: start, now: now, clock: clock)
        var cost = (arrivals.last ?? now) - (baseArrivals.last ?? now)
        for rider in riders {
            if let i = plan.stops.firstIndex(where: { $0.request == rider.request && $0.kind == .pickup }) {
                cost += max(0, arrivals[i] - now)
            }
        }
        return max(0, cost)
    }

    /// Takes `request` out of `driver`'s plan for a move to `to` (remembered until the
    /// simulator confirms it); the vehicle turns to its plan's new first stop.
    mutating func moveOut(_ request: Int32, from driver: Int32, to: Int32) {
        let d = Int(driver)
        guard let rider = plans[d].rider(request), plans[d].remove(request) else { return }
        moving[request] = PendingMove(from: driver, to: to, rider: rider)
        touched.insert(driver)
    }

    /// After the moves out of `driver`'s plan: its leg follows the plan's new first stop, and
    /// an emptied vehicle leaves the serving index (the driver table learns it is free from
    /// the vehicle's own `available` record).
    mutating func settleAfterMoves(_ driver: Int32, search: CandidateSearch) {
        withdrawn(Int(driver), at: now, search: search)
        if plans[Int(driver)].isEmpty { serving.remove(driver) }
    }

    /// Commits a re-optimised trip: `driver`'s plan becomes `base` (its plan without its
    /// movable riders) with the insertion's riders, in the insertion's stop order. Riders in
    /// `staying` were in the plan already and get no new decision; every other rider gets
    /// one, a moved one naming the vehicle it left (``PooledMatch/movedFrom``).
    mutating func commit(
        _ insertion: Insertion, onto base: VehiclePlan, staying: Set<Int32>, movedFrom: [Int32: Int32],
        search: inout CandidateSearch
    ) {
        let d = Int(insertion.driver)
        let start = start(of: insertion.driver, search: search), location = start.location
        planned(d, stops: insertion.stops, from: start, search: search)
        plans[d].riders = base.riders + insertion.added
        plans[d].stops = insertion.stops
        serving.upsert(insertion.driver, at: location)
        touched.insert(insertion.driver)
        if search.drivers.rows[d].status == .available {
            search.drivers.applyStatus(driver: insertion.driver, .busy, eventTime: .fromSeconds(now))
        }
        for rider in insertion.added where !staying.contains(rider.request) {
            let pickup = insertion.pickupTime(of: rider.request) ?? now
            var pooled = PooledMatch(rider: rider, stops: insertion.stops, arrivals: insertion.arrivals)
            pooled.movedFrom = movedFrom[rider.request]
            dispatched.append(Dispatch(
                request: rider.request, driver: insertion.driver, pickupEta: max(0, pickup - now),
                pickupDistance: location.distance(to: rider.origin), origin: rider.origin, destination: rider.destination,
                pooled: pooled))
        }
    }

    /// A moved rider goes back to `driver` (the move was not played out): aboard since `time`
    /// (picked up before the move arrived) with its drop-off last, or waiting with its pickup
    /// and drop-off last — where the simulator puts them too. Returns the rider, or nil if
    /// no move of `request` from `driver` is pending.
    mutating func restoreMoved(_ request: Int32, to driver: Int, at time: Double, aboard: Bool, search: CandidateSearch)
        -> PoolRider?
    {
        guard let move = moving[request], Int(move.from) == driver else { return nil }
        moving[request] = nil
        var rider = move.rider
        if aboard {
            rider.pickedUpAt = time
        } else {
            plans[driver].stops.append(PlannedStop(kind: .pickup, request: request, point: rider.origin))
        }
        plans[driver].stops.append(PlannedStop(kind: .dropoff, request: request, point: rider.destination))
        plans[driver].riders.append(rider)
        if aboard { boarded(rider, vehicle: driver, at: time, search: search) }
        serving.upsert(Int32(driver), at: search.drivers.rows[driver].location)
        touched.insert(Int32(driver))
        if !aboard { withdrawn(driver, at: time, search: search) }
        return plans[driver].rider(request)
    }
}

extension PlanInsertion {
    /// Predicted arrival at each of `stops` in order, for a vehicle starting at `start` at
    /// `now`, with no promise checked (the plan as it stands may already be late).
    static func predictedArrivals(of stops: [PlannedStop], from start: VehicleStart, now: Double, clock: LegClock)
        -> [Double]
    {
        var plan = VehiclePlan(driver: 0, seats: 1)
        plan.stops = stops
        var legs = LegTimes(start: start, plan: plan, riders: [], clock: clock, now: now, maxDetour: nil)
        var arrivals: [Double] = []
        var t = now, at = 0
        for s in stops.indices.map({ $0 + 1 }) {
            t = legs.arrival(from: at, departing: t, to: s)
            at = s
            arrivals.append(t)
        }
        return arrivals
    }
}
