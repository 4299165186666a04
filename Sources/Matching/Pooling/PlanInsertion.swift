import Core

/// A feasible new plan for a vehicle: the stop order after inserting one or more riders,
/// with the engine's predicted arrival at every stop.
public struct Insertion: Sendable, Equatable {
    /// The vehicle (driver) id.
    public var driver: Int32
    /// The new stop order.
    public var stops: [PlannedStop]
    /// Predicted arrival at each stop of ``stops``, seconds since the scenario start.
    public var arrivals: [Double]
    /// The inserted riders, with their promises.
    public var added: [PoolRider]
    /// Predicted time to finish the new plan minus that of the old one, seconds (the cost).
    public var addedSeconds: Double

    /// Predicted pickup time of `request`, seconds since the scenario start, if it is a waiting rider of the plan.
    public func pickupTime(of request: Int32) -> Double? {
        stops.firstIndex { $0.request == request && $0.kind == .pickup }.map { arrivals[$0] }
    }

    /// Predicted drop-off time of `request`, seconds since the scenario start, if it is in the plan.
    public func dropoffTime(of request: Int32) -> Double? {
        stops.firstIndex { $0.request == request && $0.kind == .dropoff }.map { arrivals[$0] }
    }
}

/// Predicted leg times as the vehicle will drive them: each leg at the hour of the week it
/// starts (the simulator drives every leg at its departure hour), rounded to the millisecond
/// as the simulator's clock is. A scenario's traffic changes by hour, so a plan that crosses
/// an hour is predicted hour by hour — not all at the hour of the decision.
public struct LegClock {
    /// Unix seconds of the scenario start (hour of week of a time since the start).
    public let startUnixSeconds: Double
    /// Predicted seconds from a point to another, departing in an hour of the week.
    public let seconds: (PlanePoint, PlanePoint, Int) -> Double

    /// A clock over `seconds(a, b, hourOfWeek)`, rounded to milliseconds.
    public init(startUnixSeconds: Double, seconds: @escaping (PlanePoint, PlanePoint, Int) -> Double) {
        self.startUnixSeconds = startUnixSeconds
        self.seconds = { a, b, h in PlanInsertion.milliseconds(seconds(a, b, h)) }
    }

    /// A clock whose legs take `seconds(a, b)` whatever the hour (tests, benchmarks), unrounded.
    public init(hourless seconds: @escaping (PlanePoint, PlanePoint) -> Double) {
        startUnixSeconds = 0
        self.seconds = { a, b, _ in seconds(a, b) }
    }

    /// The hour of the week at `t` seconds since the scenario start.
    public func hour(at t: Double) -> Int { hourOfWeek(unixSeconds: startUnixSeconds + t) }
}

/// Where a vehicle stands for a plan decided at `now`: its (estimated) position now, and the
/// stop its current leg drives to with the predicted arrival there, if it keeps driving that
/// leg (a plan whose first stop is another one diverts it from ``location`` now).
public struct VehicleStart: Sendable, Equatable {
    /// The vehicle's position now (the engine's estimate).
    public var location: PlanePoint
    /// The stop the vehicle is driving to and its predicted arrival (s since the start), or nil.
    public var heading: Heading?

    /// The stop a leg drives to and when the vehicle gets there.
    public struct Heading: Sendable, Equatable {
        /// The stop.
        public var stop: PlannedStop
        /// Predicted arrival, seconds since the scenario start.
        public var arrival: Double

        /// Creates a heading.
        public init(stop: PlannedStop, arrival: Double) {
            self.stop = stop
            self.arrival = arrival
        }
    }

    /// A vehicle at `location`, not driving to a stop (idle, or a plan starting afresh).
    public init(location: PlanePoint, heading: Heading? = nil) {
        self.location = location
        self.heading = heading
    }
}

/// The cheapest feasible insertion of riders' pickups and drop-offs into a vehicle's plan.
///
/// Existing stops keep their order; each new pickup is tried at every position and its
/// drop-off at every later one (for several riders, one after another, which covers every
/// interleaving). A candidate order is feasible when, along the predicted times from the
/// vehicle's start at `now` (``VehicleStart``: a vehicle that keeps its current leg arrives
/// when that leg ends; each later leg departs at the previous stop's time, at that hour):
/// riders aboard never exceed the seats; every waiting rider (old and new) is picked up by
/// its ``PoolRider/latestPickup``; every rider's in-vehicle time (from its boarding, known
/// or predicted) is at most its direct trip at its boarding hour plus `max_detour` (a rider's
/// ``PoolRider/maxRide`` while it boards in the hour its direct trip was predicted for). A
/// rider who does not share goes only into an empty vehicle, alone. Cost: the added
/// predicted time to finish the plan; ties keep the first order found (earlier pickup
/// positions first).
public enum PlanInsertion {
    /// Tolerance on bounds, seconds (floating-point sums of leg times).
    public static let slack = 1e-6

    /// `seconds` on the millisecond clock: rounded to the nearest millisecond, at least one
    /// millisecond for a leg of any length (as the simulator times a leg).
    public static func milliseconds(_ seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        return max(1, (seconds * 1000).rounded()) / 1000
    }

    /// The cheapest feasible insertion with hour-independent leg times `time` from a vehicle
    /// standing at `location` (tests, benchmarks).
    public static func cheapest(
        inserting riders: [PoolRider], into plan: VehiclePlan, from location: PlanePoint, now: Double,
        time: @escaping (PlanePoint, PlanePoint) -> Double
    ) -> Insertion? {
        cheapest(inserting: riders, into: plan, from: VehicleStart(location: location), now: now,
                 clock: LegClock(hourless: time), settings: nil)
    }

    /// The cheapest feasible insertion of `riders` into `plan` for a vehicle starting at
    /// `start` at `now` (seconds since the scenario start), with leg times from `clock`; nil
    /// if none. `settings` (nil: each rider's ``PoolRider/maxRide`` as is) re-bounds a rider
    /// boarding in another hour than its direct trip was predicted for.
    public static func cheapest(
        inserting riders: [PoolRider], into plan: VehiclePlan, from start: VehicleStart, now: Double,
        clock: LegClock, settings: PoolSettings?
    ) -> Insertion? {
        var scratch = InsertionSearch()
        return cheapest(inserting: riders, into: plan, from: start, now: now, clock: clock, settings: settings,
                        scratch: &scratch)
    }

    /// ``cheapest(inserting:into:from:now:clock:settings:)`` with the search's arrays reused from `scratch`.
    static func cheapest(
        inserting riders: [PoolRider], into plan: VehiclePlan, from start: VehicleStart, now: Double,
        clock: LegClock, settings: PoolSettings?, scratch: inout InsertionSearch
    ) -> Insertion? {
        guard !riders.isEmpty, plan.riders.allSatisfy(\.shares) else { return nil }
        if riders.contains(where: { !$0.shares }), riders.count > 1 || !plan.isEmpty { return nil }
        let legs = LegTimes(start: start, plan: plan, riders: riders, clock: clock, now: now, maxDetour: settings?.maxDetour)
        guard let best = scratch.cheapest(legs, plan: plan, riders: riders) else { return nil }
        return Insertion(driver: plan.driver, stops: best.stops, arrivals: best.arrivals, added: riders, addedSeconds: best.cost)
    }

    /// The same answer as ``cheapest(inserting:into:from:now:clock:settings:)`` by checking every
    /// order whole (the definition ``InsertionSearch`` is tested against).
    static func cheapestByEnumeration(
        inserting riders: [PoolRider], into plan: VehiclePlan, from start: VehicleStart, now: Double,
        clock: LegClock, settings: PoolSettings?
    ) -> Insertion? {
        guard !riders.isEmpty, plan.riders.allSatisfy(\.shares) else { return nil }
        if riders.contains(where: { !$0.shares }), riders.count > 1 || !plan.isEmpty { return nil }
        var legs = LegTimes(start: start, plan: plan, riders: riders, clock: clock, now: now, maxDetour: settings?.maxDetour)
        let all = plan.riders + riders
        let base = legs.finish(Array(1..<(plan.stops.count + 1)))
        var best: (order: [Int], cost: Double, arrivals: [Double])?
        var order = Array(1..<(plan.stops.count + 1))
        func insert(_ k: Int) {
            guard k < riders.count else {
                guard let arrivals = feasible(order, legs: &legs, all: all, seats: plan.seats) else { return }
                let cost = (arrivals.last ?? now) - base
                if best == nil || cost < best!.cost { best = (order, cost, arrivals) }
                return
            }
            let pickup = legs.pickupIndex(ofNew: k), dropoff = pickup + 1
            let n = order.count
            for i in 0...n {
                order.insert(pickup, at: i)
                for j in (i + 1)...(n + 1) {
                    order.insert(dropoff, at: j)
                    insert(k + 1)
                    order.remove(at: j)
                }
                order.remove(at: i)
            }
        }
        insert(0)
        guard let best else { return nil }
        return Insertion(
            driver: plan.driver, stops: best.order.map { legs.stops[$0 - 1] }, arrivals: best.arrivals, added: riders,
            addedSeconds: best.cost)
    }

    /// Predicted arrivals at `stops` (seconds since the scenario start) for a vehicle at
    /// `location` at `now`, if the order keeps every promise of `riders` (the plan's riders,
    /// aboard or waiting) within `seats`; nil otherwise. The check ``cheapest`` applies.
    public static func arrivals(
        of stops: [PlannedStop], riders: [PoolRider], seats: Int, from location: PlanePoint, now: Double,
        time: @escaping (PlanePoint, PlanePoint) -> Double
    ) -> [Double]? {
        arrivals(of: stops, riders: riders, seats: seats, from: VehicleStart(location: location), now: now,
                 clock: LegClock(hourless: time), settings: nil)
    }

    /// Predicted arrivals at `stops` for a vehicle starting at `start` at `now` with leg
    /// times from `clock`, if the order keeps every promise of `riders` within `seats`.
    public static func arrivals(
        of stops: [PlannedStop], riders: [PoolRider], seats: Int, from start: VehicleStart, now: Double,
        clock: LegClock, settings: PoolSettings?
    ) -> [Double]? {
        var plan = VehiclePlan(driver: 0, seats: seats)
        plan.stops = stops
        var legs = LegTimes(start: start, plan: plan, riders: [], clock: clock, now: now, maxDetour: settings?.maxDetour)
        return feasible(Array(stops.indices.map { $0 + 1 }), legs: &legs, all: riders, seats: seats)
    }

    static func feasible(_ order: [Int], legs: inout LegTimes, all: [PoolRider], seats: Int) -> [Double]? {
        var onboard = all.reduce(0) { $0 + ($1.pickedUpAt == nil ? 0 : 1) }
        var arrivals: [Double] = []
        arrivals.reserveCapacity(order.count)
        var boarded: [(request: Int32, time: Double, point: Int)] = []
        var t = legs.now, at = 0
        for s in order {
            t = legs.arrival(from: at, departing: t, to: s)
            at = s
            arrivals.append(t)
            let stop = legs.stops[s - 1]
            guard let rider = all.first(where: { $0.request == stop.request }) else { return nil }
            if stop.kind == .pickup {
                onboard += 1
                guard onboard <= seats, t <= rider.latestPickup + slack else { return nil }
                boarded.append((stop.request, t, s))
            } else {
                onboard -= 1
                let boarding = boarded.first { $0.request == stop.request }
                guard let since = rider.pickedUpAt ?? boarding?.time,
                    t - since <= legs.maxRide(of: rider, boardedAt: since, pickup: boarding?.point, dropoff: s) + slack
                else { return nil }
            }
        }
        return arrivals
    }
}

/// Predicted leg times between the points of one insertion problem at their departure hours,
/// each computed at most once per hour. Point 0 is the vehicle; points 1… are the plan's
/// stops, then each new rider's pickup and drop-off.
struct LegTimes {
    var stops: [PlannedStop]
    /// The decision's time, seconds since the scenario start.
    let now: Double
    private var points: [PlanePoint]
    private var memo: [Double]
    private var memoHour: [Int32]
    private let oldCount: Int
    private let clock: LegClock
    private let heading: VehicleStart.Heading?
    private let maxDetour: Double?
    private var knownHour = -1, hourFrom = Double.infinity, hourTo = -Double.infinity

    /// No points (a placeholder for a reused ``InsertionSearch``).
    init() {
        stops = []
        now = 0
        points = []
        memo = []
        memoHour = []
        oldCount = 0
        clock = LegClock(hourless: { _, _ in 0 })
        heading = nil
        maxDetour = nil
    }

    init(start: VehicleStart, plan: VehiclePlan, riders: [PoolRider], clock: LegClock, now: Double, maxDetour: Double?) {
        stops = plan.stops
        oldCount = plan.stops.count
        for r in riders {
            stops.append(PlannedStop(kind: .pickup, request: r.request, point: r.origin))
            stops.append(PlannedStop(kind: .dropoff, request: r.request, point: r.destination))
        }
        points = [start.location] + stops.map(\.point)
        memo = Array(repeating: -1, count: points.count * points.count)
        memoHour = Array(repeating: -1, count: points.count * points.count)
        self.clock = clock
        self.now = now
        heading = start.heading
        self.maxDetour = maxDetour
    }

    /// The point index of new rider `k`'s pickup (its drop-off is the next index).
    func pickupIndex(ofNew k: Int) -> Int { oldCount + 2 * k + 1 }

    /// Predicted seconds from point `a` to point `b`, departing in `hour`.
    mutating func time(_ a: Int, _ b: Int, hour: Int) -> Double {
        let i = a * points.count + b
        if memo[i] < 0 || memoHour[i] != Int32(hour) {
            memo[i] = a == b ? 0 : max(0, clock.seconds(points[a], points[b], hour))
            memoHour[i] = Int32(hour)
        }
        return memo[i]
    }

    /// Predicted arrival at point `b` from point `a`, departing at `t`: from the vehicle (point
    /// 0) to the stop its current leg drives to, that leg's arrival.
    mutating func arrival(from a: Int, departing t: Double, to b: Int) -> Double {
        if a == 0, let heading, stops[b - 1] == heading.stop { return heading.arrival }
        return t + time(a, b, hour: hour(at: t))
    }

    /// ``LegClock/hour(at:)``, remembered over an interval of times known to share one hour:
    /// the hour of week never decreases with time except at the week's end, so every time
    /// between two of the same hour less than an hour apart has that hour too.
    mutating func hour(at t: Double) -> Int {
        if t >= hourFrom, t <= hourTo { return knownHour }
        let h = clock.hour(at: t)
        if h == knownHour, max(hourTo, t) - min(hourFrom, t) < 3600 {
            hourFrom = min(hourFrom, t)
            hourTo = max(hourTo, t)
        } else {
            knownHour = h
            hourFrom = t
            hourTo = t
        }
        return h
    }

    /// Predicted time the vehicle finishes `order` (seconds since the start; `now` if empty).
    mutating func finish(_ order: [Int]) -> Double {
        var t = now, at = 0
        for s in order {
            t = arrival(from: at, departing: t, to: s)
            at = s
        }
        return t
    }

    /// The longest in-vehicle time of `rider` boarding at `since`: its direct trip at the
    /// boarding hour plus `max_detour` (its own ``PoolRider/maxRide`` when boarding in the hour
    /// it was predicted for, or without settings). `pickup`/`dropoff`: the point indices of
    /// its stops when both are in this problem.
    mutating func maxRide(of rider: PoolRider, boardedAt since: Double, pickup: Int?, dropoff: Int) -> Double {
        guard let maxDetour else { return rider.maxRide }
        let h = hour(at: since)
        guard h != rider.directHour else { return rider.maxRide }
        let direct = pickup.map { time($0, dropoff, hour: h) } ?? clock.seconds(rider.origin, rider.destination, h)
        return direct + maxDetour
    }
}
