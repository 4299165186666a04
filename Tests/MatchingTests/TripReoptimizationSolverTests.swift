import Matching
import Testing

/// The optimum by enumeration over the packings that serve every `required` request.
func bruteForceRequired(requestCount: Int, vehicleCount: Int, trips: [CandidateTrip], required: [Bool])
    -> (served: Int, cost: Double)?
{
    var best: (served: Int, cost: Double)?
    var used = [Bool](repeating: false, count: requestCount)
    let byVehicle = (0..<vehicleCount).map { v in trips.filter { Int($0.vehicle) == v } }
    func visit(_ v: Int, _ served: Int, _ cost: Double) {
        if v == vehicleCount {
            guard required.indices.allSatisfy({ !required[$0] || used[$0] }) else { return }
            if let b = best, !(served > b.served || (served == b.served && cost < b.cost)) { return }
            best = (served, cost)
            return
        }
        visit(v + 1, served, cost)
        for trip in byVehicle[v] where trip.requests.allSatisfy({ !used[Int($0)] }) {
            for r in trip.requests { used[Int(r)] = true }
            visit(v + 1, served + trip.requests.count, cost + trip.cost)
            for r in trip.requests { used[Int(r)] = false }
        }
    }
    visit(0, 0, 0)
    return best
}

/// Re-optimisation's solve (``TripAssignmentSolver/solve(requestCount:vehicleCount:trips:required:incumbent:)``):
/// riders already assigned are required and today's assignment is the incumbent.
@Suite struct TripReoptimizationSolverTests {
    /// A random window: `assigned` riders already in vehicles (the incumbent: one trip per
    /// vehicle holding its riders), new requests, and random trips over all of them.
    static func window(_ rng: inout TestRNG) -> (n: Int, m: Int, trips: [CandidateTrip], required: [Bool], incumbent: [Int]) {
        let vehicles = 1 + rng.below(5), seats = 1 + rng.below(4)
        let assigned = rng.below(5), fresh = rng.below(6)
        let n = assigned + fresh
        var trips = randomTrips(&rng, requests: n, vehicles: vehicles, trips: rng.below(20), seats: seats,
                                integral: rng.below(2) == 0)
        // Today's assignment: each assigned rider in some vehicle (a plan may hold more riders
        // than seats: they board one after another).
        var holds = [[Int32]](repeating: [], count: vehicles)
        for r in 0..<assigned { holds[rng.below(vehicles)].append(Int32(r)) }
        var incumbent: [Int] = []
        for v in 0..<vehicles where !holds[v].isEmpty {
            incumbent.append(trips.count)
            trips.append(CandidateTrip(vehicle: Int32(v), requests: holds[v].sorted(), cost: rng.unit() * 200))
        }
        let required = (0..<n).map { $0 < assigned }
        return (n, vehicles, trips, required, incumbent)
    }

    @Test("equals enumeration over the packings that keep every assigned rider, on 3,000 random windows")
    func matchesBruteForce() {
        var rng = TestRNG(state: 2024)
        var solver = TripAssignmentSolver()
        var searched = 0, moved = 0
        for round in 0..<3000 {
            let w = Self.window(&rng)
            let answer = solver.solve(requestCount: w.n, vehicleCount: w.m, trips: w.trips, required: w.required,
                                      incumbent: w.incumbent)
            checkPacking(answer, requestCount: w.n, vehicleCount: w.m, trips: w.trips)
            let expected = bruteForceRequired(requestCount: w.n, vehicleCount: w.m, trips: w.trips, required: w.required)!
            #expect(answer.served == expected.served, "round \(round)")
            #expect(abs(answer.cost - expected.cost) < 1e-9, "round \(round): \(answer.cost) vs \(expected.cost)")
            // Every assigned rider is still served.
            let served = Set(answer.chosen.flatMap { w.trips[$0].requests })
            for r in 0..<w.n where w.required[r] { #expect(served.contains(Int32(r)), "round \(round): rider \(r) dropped") }
            if Set(answer.chosen) != Set(w.incumbent) { moved += 1 }
            searched += answer.stats.searchedComponents
        }
        #expect(searched > 100 && moved > 500)
    }

    @Test("never worse than keeping everyone where they are: more served, or as many at no more cost")
    func neverWorseThanIncumbent() {
        var rng = TestRNG(state: 99)
        var solver = TripAssignmentSolver()
        for round in 0..<3000 {
            let w = Self.window(&rng)
            let answer = solver.solve(requestCount: w.n, vehicleCount: w.m, trips: w.trips, required: w.required,
                                      incumbent: w.incumbent)
            let keptServed = w.incumbent.reduce(0) { $0 + w.trips[$1].requests.count }
            let keptCost = w.incumbent.reduce(0.0) { $0 + w.trips[$1].cost }
            #expect(answer.served > keptServed || (answer.served == keptServed && answer.cost <= keptCost + 1e-9),
                    "round \(round)")
        }
    }

    @Test("even when the search stops at its work limit, the answer is no worse than the incumbent")
    func workLimitKeepsIncumbent() {
        var rng = TestRNG(state: 5)
        var solver = TripAssignmentSolver(workLimit: 1)
        for round in 0..<500 {
            let w = Self.window(&rng)
            let answer = solver.solve(requestCount: w.n, vehicleCount: w.m, trips: w.trips, required: w.required,
                                      incumbent: w.incumbent)
            let keptServed = w.incumbent.reduce(0) { $0 + w.trips[$1].requests.count }
            let keptCost = w.incumbent.reduce(0.0) { $0 + w.trips[$1].cost }
            let served = Set(answer.chosen.flatMap { w.trips[$0].requests })
            #expect((0..<w.n).allSatisfy { !w.required[$0] || served.contains(Int32($0)) }, "round \(round)")
            #expect(answer.served > keptServed || (answer.served == keptServed && answer.cost <= keptCost + 1e-9),
                    "round \(round)")
        }
    }

    @Test("hand-worked: a new rider is served by moving an assigned one to another vehicle")
    func moveMakesRoom() {
        // Rider 0 is in vehicle 0 (incumbent trip 0); new rider 1 only fits vehicle 0; rider 0 also fits vehicle 1.
        let trips = [
            CandidateTrip(vehicle: 0, requests: [0], cost: 10),  // incumbent
            CandidateTrip(vehicle: 0, requests: [1], cost: 5),
            CandidateTrip(vehicle: 1, requests: [0], cost: 30),
        ]
        var solver = TripAssignmentSolver()
        let answer = solver.solve(requestCount: 2, vehicleCount: 2, trips: trips, required: [true, false], incumbent: [0])
        #expect(answer.chosen == [1, 2])
        #expect(answer.served == 2 && answer.cost == 35)
        // With no other vehicle for rider 0, it is kept and rider 1 waits.
        let stuck = solver.solve(requestCount: 2, vehicleCount: 1, trips: Array(trips.prefix(2)), required: [true, false],
                                 incumbent: [0])
        #expect(stuck.chosen == [0])
    }
}
