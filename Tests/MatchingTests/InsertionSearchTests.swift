import Core
@testable import Matching
import Testing

/// A grid of points 250 m apart (so riders share points and orders tie on cost).
private func gridPoint(_ g: inout TestRNG) -> PlanePoint {
    PlanePoint(x: Double(g.below(13) - 6) * 250, y: Double(g.below(13) - 6) * 250)
}

/// Whole seconds, slower west of x = 0 and in odd hours: neither a metric nor hour-free.
private func legSeconds(_ a: PlanePoint, _ b: PlanePoint, _ hour: Int) -> Double {
    let speed = ((a.x + b.x) / 2 < 0 ? 6.0 : 10.0) - Double(hour % 2) * 2
    return (a.distance(to: b) / speed).rounded()
}

@Suite("InsertionSearch equals whole-order enumeration")
struct InsertionSearchTests {
    @Test("same insertion (order, arrivals, cost) on random plans: ties, hour changes, headings, riders aboard")
    func sameAsEnumeration() {
        var g = TestRNG(state: 2024)
        let settings = PoolSettings(seats: 4, maxWait: 420, maxDetour: 300)
        // Decisions 15 minutes before an hour boundary: plans cross it.
        let clock = LegClock(startUnixSeconds: 1_772_442_000 - 900) { a, b, h in legSeconds(a, b, h) }
        var found = 0, none = 0, multi = 0
        for trial in 0..<1500 {
            let now = Double(g.below(600))
            let location = gridPoint(&g)
            var plan = VehiclePlan(driver: 3, seats: settings.seats)
            for k in 0..<g.below(4) {
                let o = gridPoint(&g), d = gridPoint(&g)
                let rider = PoolRider(
                    request: Int32(k), origin: o, destination: d, requestTime: now - Double(g.below(200)),
                    directSeconds: clock.seconds(o, d, 0), directHour: 0, shares: true, settings: settings)
                guard let ins = PlanInsertion.cheapestByEnumeration(
                    inserting: [rider], into: plan, from: VehicleStart(location: location), now: now, clock: clock,
                    settings: settings)
                else { continue }
                plan.riders.append(rider)
                plan.stops = ins.stops
            }
            while let first = plan.stops.first, first.kind == .pickup, g.unit() < 0.5 {
                plan.pickedUp(first.request, at: now - Double(g.below(90)))
            }
            var start = VehicleStart(location: location)
            if let first = plan.stops.first, g.unit() < 0.5 {
                start.heading = .init(stop: first, arrival: now + Double(g.below(400)))
            }
            // At most five riders in all: enumeration of 7 riders' 14 stops takes minutes in debug.
            let count = min(1 + g.below(trial % 3 == 0 ? 4 : 3), 5 - plan.riders.count)
            let new = (0..<count).map { k -> PoolRider in
                let o = gridPoint(&g), d = gridPoint(&g)
                return PoolRider(
                    request: Int32(100 + k), origin: o, destination: d, requestTime: now - Double(g.below(120)),
                    directSeconds: clock.seconds(o, d, 0), directHour: g.unit() < 0.5 ? 0 : 1, shares: g.unit() < 0.95,
                    settings: settings)
            }
            let want = PlanInsertion.cheapestByEnumeration(
                inserting: new, into: plan, from: start, now: now, clock: clock, settings: settings)
            let got = PlanInsertion.cheapest(inserting: new, into: plan, from: start, now: now, clock: clock, settings: settings)
            #expect(got == want, "trial \(trial)")
            if want == nil { none += 1 } else { found += 1 }
            if want != nil, count > 1 { multi += 1 }
        }
        #expect(found > 300)
        #expect(none > 100)
        #expect(multi > 60)
    }
}
