import Core
import Matching
import Testing

extension TestRNG {
    /// A point in a 4 km square around the origin.
    mutating func point() -> PlanePoint { PlanePoint(x: unit() * 4000 - 2000, y: unit() * 4000 - 2000) }
}

/// Predicted seconds at 10 m/s, straight line: a metric, like the engine's.
private func seconds(_ a: PlanePoint, _ b: PlanePoint) -> Double { a.distance(to: b) / 10 }

private let settings = PoolSettings(seats: 3, maxWait: 420, maxDetour: 300)

/// A random feasible plan: riders inserted one by one with the routine under test's own
/// feasibility check, some of them then marked aboard (their pickups made).
private func randomPlan(_ g: inout TestRNG, riders: Int, now: Double, location: PlanePoint) -> VehiclePlan {
    var plan = VehiclePlan(driver: 7, seats: settings.seats)
    for k in 0..<riders {
        let o = g.point(), d = g.point()
        let rider = PoolRider(
            request: Int32(k), origin: o, destination: d, requestTime: now - g.unit() * 120,
            directSeconds: seconds(o, d), shares: true, settings: settings)
        guard let ins = PlanInsertion.cheapest(inserting: [rider], into: plan, from: location, now: now, time: seconds)
        else { continue }
        plan.riders.append(rider)
        plan.stops = ins.stops
    }
    // Board the riders whose pickup comes first, as if those stops were just made.
    while let first = plan.stops.first, first.kind == .pickup, g.unit() < 0.5 {
        plan.pickedUp(first.request, at: now - g.unit() * 60)
    }
    return plan
}

/// Every order of the plan's stops plus the new rider's two stops that keeps the old stops' order.
private func allOrders(_ old: [PlannedStop], _ pickup: PlannedStop, _ dropoff: PlannedStop) -> [[PlannedStop]] {
    var out: [[PlannedStop]] = []
    for i in 0...old.count {
        for j in (i + 1)...(old.count + 1) {
            var s = old
            s.insert(pickup, at: i)
            s.insert(dropoff, at: j)
            out.append(s)
        }
    }
    return out
}

@Suite("Pooled insertion")
struct PlanInsertionTests {
    @Test("cheapest insertion equals brute force over every order, and keeps every promise")
    func bruteForce() {
        var g = TestRNG(state: 15)
        var feasibleCount = 0, infeasibleCount = 0
        for _ in 0..<400 {
            let now = 1000.0, location = g.point()
            var plan = randomPlan(&g, riders: Int(g.next() % 4), now: now, location: location)
            plan.seats = settings.seats
            let o = g.point(), d = g.point()
            let rider = PoolRider(
                request: 99, origin: o, destination: d, requestTime: now - g.unit() * 60, directSeconds: seconds(o, d),
                shares: true, settings: settings)
            let got = PlanInsertion.cheapest(inserting: [rider], into: plan, from: location, now: now, time: seconds)
            // Brute force: evaluate every order from scratch with independent code.
            var best: Double?
            let base = duration(plan.stops, from: location)
            for order in allOrders(plan.stops, PlannedStop(kind: .pickup, request: 99, point: o),
                                   PlannedStop(kind: .dropoff, request: 99, point: d))
            where keepsPromises(order, riders: plan.riders + [rider], seats: plan.seats, from: location, now: now) {
                let cost = duration(order, from: location) - base
                if best == nil || cost < best! - 1e-9 { best = cost }
            }
            #expect((got == nil) == (best == nil))
            if let got, let best {
                feasibleCount += 1
                #expect(abs(got.addedSeconds - best) < 1e-6)
                #expect(keepsPromises(got.stops, riders: plan.riders + [rider], seats: plan.seats, from: location, now: now))
                #expect(got.arrivals.count == got.stops.count)
            } else {
                infeasibleCount += 1
            }
        }
        #expect(feasibleCount > 100)
        #expect(infeasibleCount > 10)
    }

    @Test("two riders at once equal the best over every interleaving")
    func twoRiders() {
        var g = TestRNG(state: 77)
        for _ in 0..<100 {
            let now = 0.0, location = g.point()
            let plan = randomPlan(&g, riders: Int(g.next() % 2), now: now, location: location)
            let new = (0..<2).map { k -> PoolRider in
                let o = g.point(), d = g.point()
                return PoolRider(request: Int32(50 + k), origin: o, destination: d, requestTime: now,
                                 directSeconds: seconds(o, d), shares: true, settings: settings)
            }
            let got = PlanInsertion.cheapest(inserting: new, into: plan, from: location, now: now, time: seconds)
            var best: Double?
            let base = duration(plan.stops, from: location)
            let stops = new.map { (PlannedStop(kind: .pickup, request: $0.request, point: $0.origin),
                                   PlannedStop(kind: .dropoff, request: $0.request, point: $0.destination)) }
            for first in allOrders(plan.stops, stops[0].0, stops[0].1) {
                for order in allOrders(first, stops[1].0, stops[1].1)
                where keepsPromises(order, riders: plan.riders + new, seats: plan.seats, from: location, now: now) {
                    let cost = duration(order, from: location) - base
                    if best == nil || cost < best! { best = cost }
                }
            }
            #expect((got == nil) == (best == nil))
            if let got, let best { #expect(abs(got.addedSeconds - best) < 1e-6) }
        }
    }

    @Test("a rider who does not share goes only into an empty vehicle, and blocks others")
    func nonSharing() {
        let o = PlanePoint(x: 0, y: 0), d = PlanePoint(x: 1000, y: 0)
        var alone = PoolRider(request: 1, origin: o, destination: d, requestTime: 0, directSeconds: 100, shares: false,
                              settings: settings)
        let empty = VehiclePlan(driver: 0, seats: 4)
        let ins = PlanInsertion.cheapest(inserting: [alone], into: empty, from: .zero, now: 0, time: seconds)
        #expect(ins?.stops.map(\.kind) == [.pickup, .dropoff])
        var busy = empty
        busy.riders = [alone]
        busy.stops = ins!.stops
        alone.request = 2
        alone.shares = true
        #expect(PlanInsertion.cheapest(inserting: [alone], into: busy, from: .zero, now: 0, time: seconds) == nil)
        #expect(!busy.acceptsRiders)
    }

    @Test("seats bound the riders aboard")
    func seats() {
        // Three riders along one line on a one-seat... two-seat vehicle: never three aboard.
        var plan = VehiclePlan(driver: 0, seats: 2)
        let wide = PoolSettings(seats: 2, maxWait: 10_000, maxDetour: 10_000)
        for k in 0..<3 {
            let o = PlanePoint(x: Double(k) * 10, y: 0), d = PlanePoint(x: 5000 + Double(k) * 10, y: 0)
            let r = PoolRider(request: Int32(k), origin: o, destination: d, requestTime: 0, directSeconds: seconds(o, d),
                              shares: true, settings: wide)
            let ins = PlanInsertion.cheapest(inserting: [r], into: plan, from: .zero, now: 0, time: seconds)!
            plan.riders.append(r)
            plan.stops = ins.stops
        }
        var aboard = 0, most = 0
        for s in plan.stops {
            aboard += s.kind == .pickup ? 1 : -1
            most = max(most, aboard)
        }
        #expect(most == 2)
    }
}

/// Seconds to visit `stops` in order from `location`.
private func duration(_ stops: [PlannedStop], from location: PlanePoint) -> Double {
    var t = 0.0, at = location
    for s in stops {
        t += seconds(at, s.point)
        at = s.point
    }
    return t
}

/// Independent check of the promise rules on one order.
private func keepsPromises(_ order: [PlannedStop], riders: [PoolRider], seats: Int, from location: PlanePoint, now: Double) -> Bool {
    var t = now, at = location
    var aboard = riders.filter { $0.pickedUpAt != nil }.count
    var boardedAt: [Int32: Double] = [:]
    for r in riders { if let p = r.pickedUpAt { boardedAt[r.request] = p } }
    for s in order {
        t += seconds(at, s.point)
        at = s.point
        let r = riders.first { $0.request == s.request }!
        if s.kind == .pickup {
            aboard += 1
            if aboard > seats || t > r.latestPickup + 1e-6 { return false }
            boardedAt[s.request] = t
        } else {
            aboard -= 1
            guard let b = boardedAt[s.request], t - b <= r.maxRide + 1e-6 else { return false }
        }
    }
    return true
}
