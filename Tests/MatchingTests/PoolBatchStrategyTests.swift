import Core
import Matching
import Streams
import Testing
import Traffic

/// An engine running `pool-batch` (5 s windows) with `drivers` slots over a flat 36 km/h city;
/// `reoptimize`: riders not yet aboard may move every window.
func poolBatchEngine(drivers: Int, seats: Int, maxWait: Double = 300, maxDetour: Double = 300,
                     limits: ShareabilityLimits = .init(), reoptimize: Bool = false) throws -> JoinEngine {
    var config = EngineConfig(
        maxPickupEta: 600, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
        startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: drivers,
        fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7))
    config.pool = PoolSettings(seats: seats, maxWait: maxWait, maxDetour: maxDetour)
    let settings = StrategySettings(batchWindow: 5000, weights: (1, 0.2, 0.1, 0.05), reoptimize: reoptimize)
    let strategy = PoolBatchStrategy(settings: settings, limits: limits, workLimit: TripAssignmentSolver().workLimit)
    return JoinEngine(config: config, strategy: strategy, traffic: try flatTraffic())
}

/// Feeds records in arrival order, firing the engine's timer whenever it is due.
func feedTimed(_ engine: inout JoinEngine, _ records: [Record], until end: Millis) -> [MatchDecision] {
    var out: [MatchDecision] = []
    for r in records {
        while engine.nextTimer <= r.arrivalTime { engine.fireTimer(at: engine.nextTimer, into: &out) }
        engine.process(r, into: &out)
    }
    while engine.nextTimer <= end { engine.fireTimer(at: engine.nextTimer, into: &out) }
    return out
}

/// A random city minute: `drivers` idle vehicles, `riders` requests over the first 20 s
/// (a share of them accept sharing), all within 3 km of the centre.
func randomPoolFeed(_ rng: inout TestRNG, drivers: Int, riders: Int) -> [Record] {
    func point() -> (Double, Double) { (rng.unit() * 6000 - 3000, rng.unit() * 6000 - 3000) }
    var records: [Record] = []
    for d in 0..<drivers {
        let p = point()
        records.append(Feed.status(Int32(d), .available, at: 0))
        records.append(Feed.ping(Int32(d), x: p.0, y: p.1, at: 0))
    }
    let times = (0..<riders).map { _ in Millis(rng.below(20_000)) + 1 }.sorted()
    for (i, t) in times.enumerated() {
        let from = point(), to = point()
        records.append(Record(key: Int32(i), eventTime: t, arrivalTime: t, payload: .request(RideRequest(
            origin: PlanePoint(x: from.0, y: from.1), destination: PlanePoint(x: to.0, y: to.1), shares: rng.below(4) != 0))))
    }
    // Vehicles ping again (in place) so they stay fresh.
    for d in 0..<drivers {
        let p = records[2 * d + 1].payload
        records.append(Record(key: Int32(d), eventTime: 25_000, arrivalTime: 25_000, payload: p))
    }
    return records.sorted { ($0.arrivalTime, $0.key) < ($1.arrivalTime, $1.key) }
}

@Suite struct PoolBatchStrategyTests {
    @Test func isRegistered() {
        #expect(StrategyRegistry.names.contains("pool-batch"))
        #expect(StrategyRegistry.make("pool-batch", settings: StrategySettings(batchWindow: 3000, weights: (1, 0, 0, 0)))?
            .cadence == .batched(window: 3000))
    }

    @Test func twoRidersGoingTheSameWayShareOneVehicle() throws {
        // Riders 1 and 2 stand 100 m apart and ride 3 km the same way. Vehicle 0 waits 200 m
        // away, vehicle 1 1 km away. Sharing vehicle 0 adds less plan time than two solo trips.
        var engine = try poolBatchEngine(drivers: 2, seats: 2)
        let out = feedTimed(&engine, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: -200, at: 0),
            Feed.status(1, .available, at: 0), Feed.ping(1, x: 1000, y: 0, at: 0),
            Record(key: 1, eventTime: 1000, arrivalTime: 1000, payload: .request(RideRequest(
                origin: PlanePoint(x: 0, y: 0), destination: PlanePoint(x: 0, y: 3000), shares: true))),
            Record(key: 2, eventTime: 1000, arrivalTime: 1000, payload: .request(RideRequest(
                origin: PlanePoint(x: 0, y: 100), destination: PlanePoint(x: 0, y: 3100), shares: true))),
        ], until: 5000)
        #expect(out.map(\.request).sorted() == [1, 2])
        #expect(out.allSatisfy { $0.driver == 0 })
        #expect(engine.pool.plan(of: 0).stops.map(\.request) == [1, 2, 1, 2])
        #expect(engine.pending.isEmpty)
        let counters = try #require(engine.strategy as? PoolBatchStrategy).counters
        #expect(counters.windows == 1 && counters.solver.limitHits == 0)
        #expect(counters.graph.pairsShareable == 1 && counters.graph.groupTrips >= 1)
    }

    @Test func aRiderWhoDoesNotShareRidesAlone() throws {
        var engine = try poolBatchEngine(drivers: 2, seats: 4)
        let out = feedTimed(&engine, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: -200, at: 0),
            Feed.status(1, .available, at: 0), Feed.ping(1, x: 0, y: -900, at: 0),
            Record(key: 1, eventTime: 1000, arrivalTime: 1000, payload: .request(RideRequest(
                origin: PlanePoint(x: 0, y: 0), destination: PlanePoint(x: 0, y: 3000), shares: false))),
            Record(key: 2, eventTime: 1000, arrivalTime: 1000, payload: .request(RideRequest(
                origin: PlanePoint(x: 0, y: 100), destination: PlanePoint(x: 0, y: 3100), shares: true))),
        ], until: 5000)
        #expect(out.count == 2)
        #expect(Set(out.map(\.driver)) == [0, 1])
        #expect(engine.pool.plan(of: 0).riders.count == 1 && engine.pool.plan(of: 1).riders.count == 1)
    }

    /// Random minutes: every decision keeps every promise, no rider is matched twice, no
    /// seat limit is broken, and no rider is left waiting while a vehicle the window left
    /// untouched could have taken them alone (the assignment serves as many as it can).
    @Test func randomMinutesKeepEveryPromiseAndServeAllTheyCan() throws {
        var rng = TestRNG(state: 1552)
        var pooledTrips = 0
        for round in 0..<30 {
            let seats = 1 + round % 4
            let drivers = 3 + rng.below(10), riders = 4 + rng.below(25)
            var engine = try poolBatchEngine(drivers: drivers, seats: seats, maxWait: 240, maxDetour: 240)
            let records = randomPoolFeed(&rng, drivers: drivers, riders: riders)
            var out: [MatchDecision] = []
            for r in records {
                while engine.nextTimer <= r.arrivalTime {
                    let before = engine
                    let start = out.count
                    engine.fireTimer(at: engine.nextTimer, into: &out)
                    checkWindow(before: before, after: engine, decisions: Array(out[start...]), seats: seats)
                }
                engine.process(r, into: &out)
            }
            #expect(Set(out.map(\.request)).count == out.count, "a rider matched twice")
            pooledTrips += (0..<drivers).filter { engine.pool.plan(of: Int32($0)).riders.count > 1 }.count
            #expect(try #require(engine.strategy as? PoolBatchStrategy).counters.solver.limitHits == 0)
        }
        #expect(pooledTrips > 0)
    }

    /// Re-optimising random minutes: the same checks, moves included — every changed plan
    /// keeps every promise (a moved rider's promise travels with it), nobody assigned is
    /// dropped, each rider has one first match, and some riders do move.
    @Test func reoptimizingRandomMinutesKeepEveryPromise() throws {
        var rng = TestRNG(state: 4242)
        var moves = 0
        for round in 0..<30 {
            let seats = 1 + round % 4
            let drivers = 3 + rng.below(10), riders = 4 + rng.below(25)
            var engine = try poolBatchEngine(drivers: drivers, seats: seats, maxWait: 240, maxDetour: 240, reoptimize: true)
            let records = randomPoolFeed(&rng, drivers: drivers, riders: riders)
            var out: [MatchDecision] = []
            for r in records {
                while engine.nextTimer <= r.arrivalTime {
                    let before = engine
                    let start = out.count
                    engine.fireTimer(at: engine.nextTimer, into: &out)
                    checkWindow(before: before, after: engine, decisions: Array(out[start...]), seats: seats,
                                reoptimizing: true)
                }
                engine.process(r, into: &out)
            }
            let first = out.filter { $0.pooled?.movedFrom == nil }
            #expect(Set(first.map(\.request)).count == first.count, "a rider matched twice")
            moves += out.count - first.count
            #expect(try #require(engine.strategy as? PoolBatchStrategy).counters.reassigned == out.count - first.count)
        }
        #expect(moves > 0)
    }

    @Test("reoptimize off: no rider ever moves")
    func withoutReoptimizationNobodyMoves() throws {
        var rng = TestRNG(state: 4242)
        let records = randomPoolFeed(&rng, drivers: 8, riders: 30)
        var engine = try poolBatchEngine(drivers: 8, seats: 4)
        let out = feedTimed(&engine, records, until: 30_000)
        #expect(!out.isEmpty && out.allSatisfy { $0.pooled?.movedFrom == nil })
    }

    @Test func deterministic() throws {
        var rng = TestRNG(state: 99)
        let records = randomPoolFeed(&rng, drivers: 12, riders: 40)
        var a = try poolBatchEngine(drivers: 12, seats: 4), b = try poolBatchEngine(drivers: 12, seats: 4)
        let outA = feedTimed(&a, records, until: 30_000), outB = feedTimed(&b, records, until: 30_000)
        #expect(!outA.isEmpty && outA == outB)
    }
}

/// Checks one window's decisions against the engine before and after it. With
/// `reoptimizing`, maximality is checked against idle vehicles only: a serving vehicle the
/// window left untouched kept its incumbent trip, whose riders plus one more may be a group
/// the graph's caps or seats never formed.
func checkWindow(before: JoinEngine, after: JoinEngine, decisions: [MatchDecision], seats: Int, reoptimizing: Bool = false) {
    let now = after.pool.now
    var touched = Set<Int32>()
    for d in decisions {
        touched.insert(d.driver)
        if let from = d.pooled?.movedFrom {
            // A move: the rider was waiting in the vehicle it leaves, which no longer has it.
            touched.insert(from)
            #expect(before.pool.plan(of: from).rider(d.request)?.pickedUpAt == nil)
            #expect(before.pool.plan(of: from).rider(d.request) != nil, "rider \(d.request) moved from a vehicle without it")
            #expect(after.pool.plan(of: from).rider(d.request) == nil)
            #expect(after.pool.plan(of: d.driver).rider(d.request) == before.pool.plan(of: from).rider(d.request),
                    "rider \(d.request) moved without its promise")
        } else {
            #expect(before.pending.contains { $0.key == d.request })
        }
        #expect(d.pooled != nil)
    }
    // Nobody assigned before is dropped: each rider of a plan before is in some plan after.
    for plan in before.pool.plans {
        for rider in plan.riders {
            #expect(after.pool.plans.contains { $0.rider(rider.request) != nil }, "rider \(rider.request) dropped")
        }
    }
    // Every changed plan keeps every rider's promise along the engine's predicted times.
    for driver in touched {
        let plan = after.pool.plan(of: driver)
        let arrivals = PlanInsertion.arrivals(
            of: plan.stops, riders: plan.riders, seats: seats, from: after.pool.start(of: driver, search: after.search),
            now: after.pool.now, clock: after.pool.clock(after.search), settings: after.pool.settings)
        #expect(arrivals != nil, "plan of \(driver) breaks a promise")
        #expect(plan.riders.filter { !$0.shares }.isEmpty || plan.riders.count == 1, "a solo rider shares")
    }
    // Maximality: a rider still waiting has no feasible solo insertion into an untouched vehicle.
    for request in after.pending {
        let rider = after.pool.rider(for: request, search: after.search)
        for (driver, _) in after.pool.vehicles(near: request.request.origin, search: after.search)
        where !touched.contains(driver) && (!reoptimizing || before.pool.plan(of: driver).isEmpty) {
            #expect(after.pool.insertion(of: [rider], into: driver, search: after.search) == nil,
                    "rider \(request.key) left waiting at \(now) s while vehicle \(driver) could take them")
        }
    }
}
