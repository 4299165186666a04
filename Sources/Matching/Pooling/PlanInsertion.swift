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

/// The cheapest feasible insertion of riders' pickups and drop-offs into a vehicle's plan.
///
/// Existing stops keep their order; each new pickup is tried at every position and its
/// drop-off at every later one (for several riders, one after another, which covers every
/// interleaving). A candidate order is feasible when, along the predicted times from the
/// vehicle's location at `now`: riders aboard never exceed the seats; every waiting rider
/// (old and new) is picked up by its ``PoolRider/latestPickup``; every rider's in-vehicle
/// time (from its boarding, known or predicted) is at most its ``PoolRider/maxRide``. A rider
/// who does not share goes only into an empty vehicle, alone. Cost: the added predicted time
/// to finish the plan; ties keep the first order found (earlier pickup positions first).
public enum PlanInsertion {
    /// Tolerance on bounds, seconds (floating-point sums of leg times).
    public static let slack = 1e-6

    /// The cheapest feasible insertion of `riders` into `plan` for a vehicle at `location` at
    /// `now` (seconds since the scenario start), with predicted leg times from `time`; nil if none.
    public static func cheapest(
        inserting riders: [PoolRider], into plan: VehiclePlan, from location: PlanePoint, now: Double,
        time: @escaping (PlanePoint, PlanePoint) -> Double
    ) -> Insertion? {
        guard !riders.isEmpty, plan.riders.allSatisfy(\.shares) else { return nil }
        if riders.contains(where: { !$0.shares }), riders.count > 1 || !plan.isEmpty { return nil }
        var legs = LegTimes(location: location, plan: plan, riders: riders, time: time)
        let all = plan.riders + riders
        let base = legs.duration(of: Array(1..<(plan.stops.count + 1)))
        var best: (order: [Int], cost: Double, arrivals: [Double])?
        var order = Array(1..<(plan.stops.count + 1))
        func insert(_ k: Int) {
            guard k < riders.count else {
                guard let arrivals = feasible(order, legs: &legs, all: all, seats: plan.seats, now: now) else { return }
                let cost = (arrivals.last ?? now) - now - base
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
        var plan = VehiclePlan(driver: 0, seats: seats)
        plan.stops = stops
        var legs = LegTimes(location: location, plan: plan, riders: [], time: time)
        return feasible(Array(stops.indices.map { $0 + 1 }), legs: &legs, all: riders, seats: seats, now: now)
    }

    static func feasible(_ order: [Int], legs: inout LegTimes, all: [PoolRider], seats: Int, now: Double) -> [Double]? {
        var t = now, at = 0
        var onboard = all.reduce(0) { $0 + ($1.pickedUpAt == nil ? 0 : 1) }
        var arrivals: [Double] = []
        arrivals.reserveCapacity(order.count)
        var boarded: [(Int32, Double)] = []
        for s in order {
            t += legs.time(at, s)
            at = s
            arrivals.append(t)
            let stop = legs.stops[s - 1]
            guard let rider = all.first(where: { $0.request == stop.request }) else { return nil }
            if stop.kind == .pickup {
                onboard += 1
                guard onboard <= seats, t <= rider.latestPickup + slack else { return nil }
                boarded.append((stop.request, t))
            } else {
                onboard -= 1
                guard let since = rider.pickedUpAt ?? boarded.first(where: { $0.0 == stop.request })?.1,
                    t - since <= rider.maxRide + slack
                else { return nil }
            }
        }
        return arrivals
    }
}

/// Predicted leg times between the points of one insertion problem, each computed at most once.
/// Point 0 is the vehicle; points 1… are the plan's stops, then each new rider's pickup and drop-off.
struct LegTimes {
    var stops: [PlannedStop]
    private var points: [PlanePoint]
    private var memo: [Double]
    private let oldCount: Int
    private let time: (PlanePoint, PlanePoint) -> Double

    init(location: PlanePoint, plan: VehiclePlan, riders: [PoolRider], time: @escaping (PlanePoint, PlanePoint) -> Double) {
        stops = plan.stops
        oldCount = plan.stops.count
        for r in riders {
            stops.append(PlannedStop(kind: .pickup, request: r.request, point: r.origin))
            stops.append(PlannedStop(kind: .dropoff, request: r.request, point: r.destination))
        }
        points = [location] + stops.map(\.point)
        memo = Array(repeating: -1, count: points.count * points.count)
        self.time = time
    }

    /// The point index of new rider `k`'s pickup (its drop-off is the next index).
    func pickupIndex(ofNew k: Int) -> Int { oldCount + 2 * k + 1 }

    /// Predicted seconds from point `a` to point `b`.
    mutating func time(_ a: Int, _ b: Int) -> Double {
        let i = a * points.count + b
        if memo[i] < 0 { memo[i] = a == b ? 0 : max(0, time(points[a], points[b])) }
        return memo[i]
    }

    /// Predicted seconds to visit `order` from the vehicle.
    mutating func duration(of order: [Int]) -> Double {
        var t = 0.0, at = 0
        for s in order {
            t += time(at, s)
            at = s
        }
        return t
    }
}
