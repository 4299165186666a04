import Core

/// The search behind ``PlanInsertion/cheapest(inserting:into:from:now:clock:settings:)``: a
/// depth-first walk over stop orders, built stop by stop from the vehicle's start, that gives
/// exactly the answer of enumerating every order (old stops in their order, each new pickup
/// before its drop-off) and checking each one whole — the same order, arrivals and cost.
///
/// Why it is the same answer with far less work:
///
/// - A prefix is abandoned only when every completion of it is infeasible or costs more than
///   the best order found so far. Arrival times never decrease along an order (every leg takes
///   ≥ 0 s; only the first leg may end at a fixed predicted time), so once a stop of the prefix
///   breaks a bound, or the prefix's time already passes a later pickup's latest time or a
///   boarded rider's longest ride, or its added time already exceeds the best cost, nothing
///   after it can repair that. No travel-time lower bound is assumed (the models need not obey
///   the triangle inequality).
/// - Times along a prefix are computed in the same order of operations as the whole-order
///   check, so every arrival and cost is bit-identical to it.
/// - Ties on cost keep the order the enumeration would have found first (earlier pickup
///   positions first, rider by rider): ``precedes(_:_:)`` ranks orders that way.
///
/// Scratch arrays are reused from search to search (one ``InsertionSearch`` value per thread), none per order.
struct InsertionSearch {
    private var legs = LegTimes()
    private var all: [PoolRider] = []
    private var seats = 0
    private var base = 0.0
    private var oldCount = 0, newCount = 0, total = 0
    private var initialOnboard = 0
    /// Per point 1…total (index 0 unused): the rider (index into ``all``) and whether it is a pickup.
    private var riderOf: [Int] = [], isPickup: [Bool] = []
    /// Per rider: the point of its first drop-off stop (-1: none), whether it has a pickup stop,
    /// and the bound of its ride once known (boarded along the prefix, or aboard with no pickup stop).
    private var dropoffPoint: [Int] = [], hasPickupStop: [Bool] = []
    private var limitSince: [Double] = [], limitMaxRide: [Double] = [], hasLimit: [Bool] = []
    private var visited: [Bool] = []
    /// Per new rider: 0 waiting, 1 picked up in the prefix, 2 dropped off.
    private var newState: [UInt8] = []
    /// Pickups made along the prefix: rider, time, point (the first one of a rider counts).
    private var boarded: [(rider: Int, time: Double, point: Int)] = []
    private var order: [Int] = [], arrivals: [Double] = []
    /// Per depth, the children of the node there (``width`` slots each) and their arrivals.
    private var width = 0
    private var children: [Int] = [], childTimes: [Double] = []
    private var bestOrder: [Int] = [], bestArrivals: [Double] = []
    private var bestCost = Double.infinity

    /// An empty search; its arrays are reused (capacity kept) by every ``cheapest(_:plan:riders:)``.
    init() {}

    /// The cheapest feasible order of inserting `riders` into `plan` with leg times `legs` (built
    /// for that plan and those riders), or nil: the new stops and their arrivals, and the cost.
    mutating func cheapest(_ legs: LegTimes, plan: VehiclePlan, riders: [PoolRider])
        -> (stops: [PlannedStop], arrivals: [Double], cost: Double)?
    {
        guard prepare(legs, plan: plan, riders: riders) else { return nil }
        descend(depth: 0, at: 0, time: self.legs.now, onboard: initialOnboard, nextOld: 1)
        guard !bestOrder.isEmpty else { return nil }
        return (bestOrder.map { self.legs.stops[$0 - 1] }, bestArrivals, bestCost)
    }

    private static func reset<T>(_ a: inout [T], _ value: T, count: Int) {
        a.removeAll(keepingCapacity: true)
        a.append(contentsOf: repeatElement(value, count: count))
    }

    private mutating func prepare(_ legs: LegTimes, plan: VehiclePlan, riders: [PoolRider]) -> Bool {
        self.legs = legs
        all.removeAll(keepingCapacity: true)
        all.append(contentsOf: plan.riders)
        all.append(contentsOf: riders)
        seats = plan.seats
        oldCount = plan.stops.count
        newCount = riders.count
        total = oldCount + 2 * newCount
        Self.reset(&riderOf, -1, count: total + 1)
        Self.reset(&isPickup, false, count: total + 1)
        Self.reset(&dropoffPoint, -1, count: all.count)
        Self.reset(&hasPickupStop, false, count: all.count)
        for s in 1...total {
            let stop = self.legs.stops[s - 1]
            guard let r = all.firstIndex(where: { $0.request == stop.request }) else { return false }
            riderOf[s] = r
            isPickup[s] = stop.kind == .pickup
            if isPickup[s] { hasPickupStop[r] = true } else if dropoffPoint[r] < 0 { dropoffPoint[r] = s }
        }
        var finish = self.legs.now, at = 0
        for s in stride(from: 1, through: oldCount, by: 1) {
            finish = self.legs.arrival(from: at, departing: finish, to: s)
            at = s
        }
        base = finish
        Self.reset(&limitSince, 0, count: all.count)
        Self.reset(&limitMaxRide, 0, count: all.count)
        Self.reset(&hasLimit, false, count: all.count)
        var onboard = 0
        for r in all.indices {
            guard let since = all[r].pickedUpAt else { continue }
            onboard += 1
            if !hasPickupStop[r], dropoffPoint[r] > 0 {
                hasLimit[r] = true
                limitSince[r] = since
                limitMaxRide[r] = self.legs.maxRide(of: all[r], boardedAt: since, pickup: nil, dropoff: dropoffPoint[r])
            }
        }
        initialOnboard = onboard
        Self.reset(&visited, false, count: total + 1)
        Self.reset(&newState, 0, count: newCount)
        boarded.removeAll(keepingCapacity: true)
        Self.reset(&order, 0, count: total)
        Self.reset(&arrivals, 0, count: total)
        width = newCount + 1
        Self.reset(&children, 0, count: total * width)
        Self.reset(&childTimes, 0, count: total * width)
        bestOrder.removeAll(keepingCapacity: true)
        bestArrivals.removeAll(keepingCapacity: true)
        bestCost = .infinity
        return true
    }

    private mutating func descend(depth: Int, at: Int, time t: Double, onboard: Int, nextOld: Int) {
        guard depth < total else {
            let cost = t - base
            if cost < bestCost || (cost == bestCost && precedes(order, bestOrder)) {
                bestCost = cost
                bestOrder.removeAll(keepingCapacity: true)
                bestOrder.append(contentsOf: order)
                bestArrivals.removeAll(keepingCapacity: true)
                bestArrivals.append(contentsOf: arrivals)
            }
            return
        }
        // Children nearest in time first (a good order early prunes more; ties on cost are
        // settled by rank, not by the order of the search).
        let first = depth * width
        var count = 0
        func offer(_ s: Int) {
            let arrival = legs.arrival(from: at, departing: t, to: s)
            var i = first + count
            while i > first, childTimes[i - 1] > arrival {
                children[i] = children[i - 1]
                childTimes[i] = childTimes[i - 1]
                i -= 1
            }
            children[i] = s
            childTimes[i] = arrival
            count += 1
        }
        if nextOld <= oldCount { offer(nextOld) }
        for k in 0..<newCount {
            switch newState[k] {
            case 0: offer(oldCount + 2 * k + 1)
            case 1: offer(oldCount + 2 * k + 2)
            default: break
            }
        }
        for c in first..<(first + count) {
            // Later children arrive no earlier: past the best cost, they all are.
            guard childTimes[c] - base <= bestCost else { break }
            let s = children[c]
            visit(s, arrival: childTimes[c], depth: depth, onboard: onboard, nextOld: s <= oldCount ? nextOld + 1 : nextOld)
        }
    }

    /// Extends the prefix by stop `s` if some completion may still be feasible and not dearer than the best.
    private mutating func visit(_ s: Int, arrival t: Double, depth: Int, onboard: Int, nextOld: Int) {
        let r = riderOf[s], rider = all[r]
        var aboard = onboard
        var setLimit = false
        if isPickup[s] {
            aboard += 1
            guard aboard <= seats, t <= rider.latestPickup + PlanInsertion.slack else { return }
        } else {
            aboard -= 1
            let boarding = boarded.first { $0.rider == r }
            guard let since = rider.pickedUpAt ?? boarding?.time else { return }
            let maxRide = hasLimit[r] && s == dropoffPoint[r] && since == limitSince[r]
                ? limitMaxRide[r] : legs.maxRide(of: rider, boardedAt: since, pickup: boarding?.point, dropoff: s)
            guard t - since <= maxRide + PlanInsertion.slack else { return }
        }
        guard t - base <= bestCost else { return }
        visited[s] = true
        defer { visited[s] = false }
        // Every later stop arrives no earlier than t.
        for u in 1...total where !visited[u] {
            let ru = riderOf[u]
            if isPickup[u] {
                if t > all[ru].latestPickup + PlanInsertion.slack { return }
            } else if hasLimit[ru], u == dropoffPoint[ru], t - limitSince[ru] > limitMaxRide[ru] + PlanInsertion.slack {
                return
            }
        }
        if isPickup[s] {
            let first = !boarded.contains { $0.rider == r }
            boarded.append((r, t, s))
            if first, rider.pickedUpAt == nil, dropoffPoint[r] > 0 {
                setLimit = true
                hasLimit[r] = true
                limitSince[r] = t
                limitMaxRide[r] = legs.maxRide(of: rider, boardedAt: t, pickup: s, dropoff: dropoffPoint[r])
            }
        }
        let k = s > oldCount ? (s - oldCount - 1) / 2 : -1
        if k >= 0 { newState[k] += 1 }
        order[depth] = s
        arrivals[depth] = t
        descend(depth: depth + 1, at: s, time: t, onboard: aboard, nextOld: nextOld)
        if k >= 0 { newState[k] -= 1 }
        if isPickup[s] {
            boarded.removeLast()
            if setLimit { hasLimit[r] = false }
        }
    }

    /// Whether order `a` comes before `b` in the whole-order enumeration: new riders inserted one
    /// after another, each pickup at every position of the order so far and its drop-off at every
    /// later one — lexicographic in (pickup position, drop-off position) rider by rider, each
    /// position counted among the old stops and the riders inserted before.
    private func precedes(_ a: [Int], _ b: [Int]) -> Bool {
        for k in 0..<newCount {
            let pa = position(oldCount + 2 * k + 1, in: a, riders: k), pb = position(oldCount + 2 * k + 1, in: b, riders: k)
            if pa != pb { return pa < pb }
            let da = position(oldCount + 2 * k + 2, in: a, riders: k), db = position(oldCount + 2 * k + 2, in: b, riders: k)
            if da != db { return da < db }
        }
        return false
    }

    /// The position of point `p` in `order` restricted to the old stops and new riders 0…`riders`.
    private func position(_ p: Int, in order: [Int], riders: Int) -> Int {
        let limit = oldCount + 2 * riders + 2
        var i = 0
        for s in order {
            if s == p { return i }
            if s <= limit { i += 1 }
        }
        return i
    }
}
