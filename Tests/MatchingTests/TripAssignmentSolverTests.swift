import Matching
import Testing

/// The optimum by enumeration: every choice of at most one trip per vehicle with disjoint
/// requests; (most requests served, then least cost).
func bruteForceTrips(requestCount: Int, vehicleCount: Int, trips: [CandidateTrip]) -> (served: Int, cost: Double) {
    var best = (served: 0, cost: 0.0)
    var used = [Bool](repeating: false, count: requestCount)
    let byVehicle = (0..<vehicleCount).map { v in trips.filter { Int($0.vehicle) == v } }
    func visit(_ v: Int, _ served: Int, _ cost: Double) {
        if v == vehicleCount {
            if served > best.served || (served == best.served && cost < best.cost) { best = (served, cost) }
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

/// Checks that `answer` is a packing of `trips` and that its totals are its trips' sums.
func checkPacking(_ answer: TripAssignment, requestCount: Int, vehicleCount: Int, trips: [CandidateTrip]) {
    var vehicleUsed = Set<Int32>(), requestUsed = Set<Int32>()
    var served = 0, cost = 0.0
    for t in answer.chosen {
        #expect(vehicleUsed.insert(trips[t].vehicle).inserted, "vehicle \(trips[t].vehicle) given two trips")
        for r in trips[t].requests { #expect(requestUsed.insert(r).inserted, "request \(r) served twice") }
        served += trips[t].requests.count
        cost += trips[t].cost
    }
    #expect(answer.chosen == answer.chosen.sorted())
    #expect(answer.served == served)
    #expect(abs(answer.cost - cost) < 1e-9)
}

/// A random instance: trips of up to `seats` requests (sorted, unique) on random vehicles.
func randomTrips(_ rng: inout TestRNG, requests: Int, vehicles: Int, trips count: Int, seats: Int, integral: Bool) -> [CandidateTrip] {
    guard requests > 0, vehicles > 0 else { return [] }
    return (0..<count).map { _ in
        let size = 1 + rng.below(min(seats, requests))
        var set = Set<Int32>()
        while set.count < size { set.insert(Int32(rng.below(requests))) }
        let cost = integral ? Double(rng.below(6)) : rng.unit() * 100 * Double(size)
        return CandidateTrip(vehicle: Int32(rng.below(vehicles)), requests: set.sorted(), cost: cost)
    }
}

@Suite struct TripAssignmentSolverTests {
    @Test func matchesBruteForceOnThousandsOfRandomInstances() {
        var rng = TestRNG(state: 1515)
        var solver = TripAssignmentSolver()
        var searched = 0, proved = 0, bipartite = 0
        for round in 0..<4000 {
            let requests = rng.below(9), vehicles = 1 + rng.below(5), seats = 1 + rng.below(4)
            let trips = randomTrips(&rng, requests: requests, vehicles: vehicles, trips: rng.below(18), seats: seats,
                                    integral: round % 2 == 0)
            let answer = solver.solve(requestCount: requests, vehicleCount: vehicles, trips: trips)
            let expected = bruteForceTrips(requestCount: requests, vehicleCount: vehicles, trips: trips)
            checkPacking(answer, requestCount: requests, vehicleCount: vehicles, trips: trips)
            #expect(answer.served == expected.served, "round \(round)")
            #expect(abs(answer.cost - expected.cost) < 1e-9, "round \(round): \(answer.cost) vs \(expected.cost)")
            #expect(answer.stats.limitHits == 0)
            searched += answer.stats.searchedComponents
            proved += answer.stats.provedAtRoot
            bipartite += answer.stats.bipartiteComponents
        }
        // Every path of the solver was exercised.
        #expect(searched > 100 && proved > 100 && bipartite > 100)
    }

    @Test func largerInstancesWithManyComponentsMatchBruteForce() {
        var rng = TestRNG(state: 77)
        var solver = TripAssignmentSolver()
        for round in 0..<300 {
            // Three disjoint blocks, each a small random instance: solved as separate components.
            var trips: [CandidateTrip] = []
            for block in 0..<3 {
                for var trip in randomTrips(&rng, requests: 5, vehicles: 3, trips: 9, seats: 3, integral: round % 3 == 0) {
                    trip.vehicle += Int32(3 * block)
                    trip.requests = trip.requests.map { $0 + Int32(5 * block) }
                    trips.append(trip)
                }
            }
            let answer = solver.solve(requestCount: 15, vehicleCount: 9, trips: trips)
            checkPacking(answer, requestCount: 15, vehicleCount: 9, trips: trips)
            var served = 0, cost = 0.0
            for block in 0..<3 {
                let part = trips.filter { Int($0.vehicle) / 3 == block }.map {
                    CandidateTrip(vehicle: $0.vehicle - Int32(3 * block), requests: $0.requests.map { $0 - Int32(5 * block) }, cost: $0.cost)
                }
                let b = bruteForceTrips(requestCount: 5, vehicleCount: 3, trips: part)
                served += b.served
                cost += b.cost
            }
            #expect(answer.served == served)
            #expect(abs(answer.cost - cost) < 1e-9)
            #expect(answer.stats.components >= 3)  // blocks never join; one may split further
        }
    }

    @Test func servingMoreRidersBeatsCheaperTrips() {
        // One vehicle: two riders together (cost 50) or rider 0 alone (cost 1). Serving two wins.
        let trips = [
            CandidateTrip(vehicle: 0, requests: [0], cost: 1),
            CandidateTrip(vehicle: 0, requests: [0, 1], cost: 50),
        ]
        var solver = TripAssignmentSolver()
        let answer = solver.solve(requestCount: 2, vehicleCount: 1, trips: trips)
        #expect(answer.chosen == [1] && answer.served == 2 && answer.cost == 50)
    }

    @Test func biggestTripFirstIsNotOptimal() {
        // Greedy by size takes the pair {0,1} on vehicle 0 (cost 10) and leaves rider 2, whom
        // only vehicle 0 can reach. Optimal: rider 2 on vehicle 0, riders 0 and 1 on vehicle 1.
        let trips = [
            CandidateTrip(vehicle: 0, requests: [0, 1], cost: 10),
            CandidateTrip(vehicle: 0, requests: [2], cost: 5),
            CandidateTrip(vehicle: 1, requests: [0, 1], cost: 30),
            CandidateTrip(vehicle: 1, requests: [0], cost: 1),
        ]
        var solver = TripAssignmentSolver()
        let answer = solver.solve(requestCount: 3, vehicleCount: 2, trips: trips)
        #expect(answer.chosen == [1, 2] && answer.served == 3 && answer.cost == 35)
    }

    @Test func poolingBeatsSoloWhenCheaper() {
        // Two riders, two vehicles. Solo: 20 + 20. Together in vehicle 0: 25 (vehicle 1 stays free).
        let trips = [
            CandidateTrip(vehicle: 0, requests: [0], cost: 20),
            CandidateTrip(vehicle: 1, requests: [1], cost: 20),
            CandidateTrip(vehicle: 0, requests: [0, 1], cost: 25),
            CandidateTrip(vehicle: 1, requests: [0, 1], cost: 45),
        ]
        var solver = TripAssignmentSolver()
        let answer = solver.solve(requestCount: 2, vehicleCount: 2, trips: trips)
        #expect(answer.chosen == [2] && answer.served == 2 && answer.cost == 25)
    }

    @Test func emptyAndIsolatedInputs() {
        var solver = TripAssignmentSolver()
        let none = solver.solve(requestCount: 3, vehicleCount: 2, trips: [])
        #expect(none.chosen.isEmpty && none.served == 0 && none.cost == 0 && none.stats.components == 0)
        // Requests 1 and 3 have no trip: they stay unserved; the two single trips are separate components.
        let trips = [CandidateTrip(vehicle: 1, requests: [0], cost: 3), CandidateTrip(vehicle: 0, requests: [2], cost: 4)]
        let answer = solver.solve(requestCount: 4, vehicleCount: 2, trips: trips)
        #expect(answer.chosen == [0, 1] && answer.served == 2 && answer.cost == 7)
        #expect(answer.stats.components == 2 && answer.stats.bipartiteComponents == 2)
    }

    @Test func workLimitIsCountedNeverHidden() {
        var rng = TestRNG(state: 9)
        var tiny = TripAssignmentSolver(workLimit: 1)
        var exact = TripAssignmentSolver()
        var hits = 0
        for _ in 0..<200 {
            let trips = randomTrips(&rng, requests: 8, vehicles: 4, trips: 16, seats: 3, integral: false)
            let limited = tiny.solve(requestCount: 8, vehicleCount: 4, trips: trips)
            let full = exact.solve(requestCount: 8, vehicleCount: 4, trips: trips)
            checkPacking(limited, requestCount: 8, vehicleCount: 4, trips: trips)
            #expect(full.stats.limitHits == 0)
            // A component that needed a search and stopped at once is reported with its gap bound.
            #expect(limited.stats.limitHits == limited.stats.searchedComponents)
            hits += limited.stats.limitHits
            if limited.stats.limitHits == 0 {
                #expect(limited.served == full.served && abs(limited.cost - full.cost) < 1e-9)
            } else {
                #expect(limited.served <= full.served)
                #expect(limited.served < full.served || limited.cost >= full.cost - 1e-9)
                #expect(limited.stats.servedGap >= full.served - limited.served)
            }
        }
        #expect(hits > 0)
    }

    @Test func deterministic() {
        var rng = TestRNG(state: 5)
        let trips = randomTrips(&rng, requests: 30, vehicles: 12, trips: 120, seats: 4, integral: true)
        var a = TripAssignmentSolver(), b = TripAssignmentSolver()
        #expect(a.solve(requestCount: 30, vehicleCount: 12, trips: trips) == b.solve(requestCount: 30, vehicleCount: 12, trips: trips))
    }
}
