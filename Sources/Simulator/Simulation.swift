import Core
import Foundation
import Matching
import Scenario
import Streams
import Traffic
import Zones

/// The discrete-event simulation of a city: riders ask, drivers drive and ping, records
/// travel to the engine with a delivery delay, and the engine's matches are played out
/// against the truth (true positions, true speeds) that the engine never sees.
public struct Simulation {
    enum Phase { case idle, toPickup, onTrip, offline, repositioning }

    struct DriverState {
        var phase = Phase.idle
        var from: PlanePoint
        var to: PlanePoint
        var legStart: Millis = 0
        var legEnd: Millis = 0
        var phaseSince: Millis = 0
        var shiftEnd: Millis = .farFuture

        /// Where the driver is at `t`: on the leg's segment, or along `path` when it has one.
        func position(at t: Millis, path: LegPath) -> PlanePoint {
            guard phase != .idle, phase != .offline, legEnd > legStart else { return phase == .idle || phase == .offline ? from : to }
            let f = min(1, max(0, Double(t - legStart) / Double(legEnd - legStart)))
            return path.isStraight ? from.interpolated(to: to, fraction: f) : path.position(atFraction: f)
        }

        /// ``position(at:path:)``, walking `path` from where the driver's previous ping was
        /// (the same point, found in a step or two).
        func trackPosition(at t: Millis, path: inout LegPath) -> PlanePoint {
            guard phase != .idle, phase != .offline, legEnd > legStart else { return phase == .idle || phase == .offline ? from : to }
            let f = min(1, max(0, Double(t - legStart) / Double(legEnd - legStart)))
            return path.isStraight ? from.interpolated(to: to, fraction: f) : path.trackPosition(atFraction: f)
        }
    }

    struct RiderState {
        var origin: PlanePoint
        var destination: PlanePoint
        var offers = 0
    }

    let scenario: Scenario
    let traffic: TrafficModel
    /// The travel model the drivers drive on (the simulator's own copy).
    let travel: any TravelModel
    /// Each driver's current leg path (reused from leg to leg).
    var paths: [LegPath]
    /// The road route of each completed trip (network runs only), in drop-off order.
    var tripRoutes: [TripRoute] = []
    let fare: FareRule
    let horizon: Millis
    let startUnix: Double
    let pingInterval: Millis
    let speedSigma: Double
    /// The join engine's stage: on this thread, or on its own (see ``EngineStage``).
    let stage: EngineStage
    /// Whether the strategy shares rides (read on every stop, so kept here).
    let sharesRides: Bool
    /// The join engine, caught up with every record handed to it.
    var engine: JoinEngine {
        _read { yield stage.engine }
        nonmutating _modify { yield &stage.engine }
    }
    /// Threads the run uses: 1 runs the engine on the simulator's thread (the reference); 2
    /// gives the engine its own thread, with byte-identical results.
    public var threads = 1
    var queue = EventQueue()
    var demand: any DemandSource
    let demandZones: ZoneSet?
    var driversReport: InputFileReport?
    var nextSample: SampledRequest?
    var gps: RandomSource
    var pingDelay: RandomSource
    var requestDelay: RandomSource
    var statusDelay: RandomSource
    var drivers: [DriverState]
    var ledger: [DriverRecord]
    var riders: [RiderState] = []
    var requests: [RequestRecord] = []
    var decisions: [MatchDecision] = []
    var rejectedMatches = 0
    var declinedOffers = 0
    let behaviour: OfferBehaviour
    var events = 0
    /// The replay sampler (see Simulation+Maps.swift); reads state, never changes it.
    var replay: ReplaySampler?
    /// Idle driver time by traffic zone index of where the driver waited, ms.
    var idleByZone: [Millis]
    /// Idle driver time by demand zone index (`demand.zones`), ms; empty without demand zones.
    var idleByDemandZone: [Millis]
    /// Polled every 4096 events; when raised, ``run()`` stops early and ``stopped`` is set.
    public var stopFlag: StopFlag?
    /// Whether the last ``run()`` stopped early because ``stopFlag`` was raised; its
    /// result is then partial and must not be reported.
    public private(set) var stopped = false
    /// The stream logs (kept by the engine's stage: on two threads the engine thread appends).
    var streamLog: StreamLog {
        _read { yield stage.log }
        nonmutating _modify { yield &stage.log }
    }
    /// Repositioning of idle drivers (Simulation+Repositioning.swift).
    var moves: IdleMoves
    /// Every vehicle's stop list as it drives it, and the stop log (see Simulation+Stops.swift).
    var poolRun = PoolRun()
    /// Called every ``SimulationProgress/everyEvents`` events with where the run is (for a
    /// progress line); it must not touch the simulation. Nil: no calls.
    public var progress: (@Sendable (SimulationProgress) -> Void)?

    /// Prepares a run from its built parts (see ``RunAssembly``); `tap`, if given, sees every
    /// record appended to the stream logs (for `--dump-streams`). On a road network,
    /// requests and driver starts snap to its nodes and drivers drive its routes.
    public init(_ assembly: RunAssembly, tap: (any StreamTap)? = nil) {
        let scenario = assembly.scenario, traffic = assembly.traffic, fleet = assembly.fleet
        self.scenario = scenario
        self.traffic = traffic
        let travel = assembly.travel.privateCopy()
        self.travel = travel
        fare = assembly.fare
        horizon = .fromSeconds(scenario.duration)
        startUnix = scenario.start.timeIntervalSince1970
        pingInterval = Fleet.pingInterval(scenario)
        let noise = scenario.traffic.noise
        speedSigma = log(1 + noise * noise).squareRoot()
        behaviour = OfferBehaviour(scenario: scenario)
        stage = EngineStage(assembly.makeEngine(), log: StreamLog(tap: tap))
        sharesRides = type(of: assembly.strategy).sharesRides
        demand = assembly.demand
        demandZones = assembly.demandZones
        driversReport = fleet.report
        idleByZone = Array(repeating: 0, count: traffic.zoneCount)
        idleByDemandZone = Array(repeating: 0, count: assembly.demandZones?.zones.count ?? 0)
        let seed = scenario.seed
        gps = RandomSource(seed: seed, stream: .gps)
        pingDelay = RandomSource(seed: seed, stream: .pingDelay)
        requestDelay = RandomSource(seed: seed, stream: .requestDelay)
        statusDelay = RandomSource(seed: seed, stream: .statusDelay)
        let plans = fleet.plans
        drivers = plans.map { plan in
            let start = travel.snap(plan.start)
            return DriverState(from: start, to: start, shiftEnd: plan.shiftEnd)
        }
        paths = Array(repeating: LegPath(), count: plans.count)
        moves = IdleMoves(assembly.repositioning, drivers: plans.count)
        let r = scenario.report
        if r.replayDrivers > 0 {
            self.replay = ReplaySampler(track: ReplayTrack(
                center: traffic.projection.center, interval: .fromSeconds(r.replayInterval), horizon: horizon,
                driverCount: plans.count, requestedDrivers: r.replayDrivers))
        }
        ledger = plans.indices.map { DriverRecord(id: Int32($0), sourceID: fleet.fromFile ? plans[$0].sourceID : nil) }
        for (d, plan) in plans.enumerated() where plan.shiftStart > 0 || plan.shiftEnd <= 0 {
            // Off shift until shift_start (scheduled before pings: a ping at that time sees the driver on).
            drivers[d].phase = .offline
            if plan.shiftStart > 0 { queue.schedule(.shift(driver: Int32(d), on: true), at: plan.shiftStart) }
        }
        for (d, plan) in plans.enumerated() {
            queue.schedule(.ping(driver: Int32(d)), at: max(0, plan.shiftStart) + fleet.pingPhases[d])
            if plan.shiftEnd > 0, plan.shiftEnd < horizon { queue.schedule(.shift(driver: Int32(d), on: false), at: plan.shiftEnd) }
        }
    }

    /// Runs to the horizon and returns what happened.
    public mutating func run() -> RunResult {
        let started = Date()
        if threads > 1 { stage.start() }
        defer { stage.stop() }
        poolRun.vehicles = Array(repeating: PoolRun.Vehicle(), count: drivers.count)
        for d in 0..<drivers.count where drivers[d].phase == .idle {
            ledger[d].onlineFrom = 0
            publish(key: Int32(d), at: 0, .status(.available), via: .status)
        }
        nextSample = demand.next(before: horizon)
        if let s = nextSample { queue.schedule(.nextRequest, at: s.time) }
        queue.schedule(.engineTimer, at: engine.nextTimer)
        startRepositioning()

        while let event = queue.pop(), event.time < horizon {
            events += 1
            if stage.running { stage.advance(to: event.time, sequence: event.sequence) }
            if events & 0xFFF == 0, let stopFlag, stopFlag.isRaised {
                stopped = true
                break
            }
            if let next = replay?.next, event.time > next { sampleReplay(before: event.time) }
            handle(event)
            if events & SimulationProgress.everyEventsMask == 0, let progress {
                progress(SimulationProgress(simulated: event.time, horizon: horizon, events: events))
            }
        }
        if !stopped { sampleReplay(before: horizon) }
        stage.stop(deliveringBefore: stopped ? nil : horizon)
        events += stage.delivered
        for d in drivers.indices { _ = stopRepositioning(d, at: horizon) }
        closeLedger()
        let inputs = [driversReport, demand.finish()].compactMap { $0 }
        var result = RunResult(
            scenario: scenario, strategy: type(of: engine.strategy).name, requests: requests, drivers: ledger,
            decisionLatency: engine.decisionLatency, lateRecords: engine.lateRecords,
            streams: StreamStats(log: streamLog, engine: engine),
            rejectedMatches: rejectedMatches, events: events,
            wallSeconds: Date().timeIntervalSince(started), horizon: horizon, inputs: inputs,
            declinedOffers: declinedOffers, replay: replay?.track, idleByZone: idleTimeByZone(),
            zoneShapes: ZonePolygons.shapes(of: traffic, covering: riders.flatMap { [$0.origin, $0.destination] }),
            demandZoneShapes: demandZoneShapes(), idleByDemandZone: idleTimeByDemandZone(), tripRoutes: tripRoutes,
            repositioning: moves.stats)
        result.pool = PoolOutcome(stops: poolRun.stops, promiseChecks: poolRun.promiseChecks, promiseBreaks: poolRun.promiseBreaks)
        result.pool.record(poolRun.reassigns, reassigns: engine.strategy.reassignsRiders)
        result.strategyColumns = engine.strategy.summaryColumns
        return result
    }

    mutating func handle(_ event: Event) {
        let now = event.time
        switch event.kind {
        case .nextRequest:
            if let s = nextSample { createRequest(s) }
            nextSample = demand.next(before: horizon)
            if let s = nextSample { queue.schedule(.nextRequest, at: s.time) }
        case .patienceEnds(let rider):
            let r = Int(rider)
            guard requests[r].matchTime == nil, requests[r].cancelTime == nil else { return }
            requests[r].cancelTime = now
            requests[r].outcome = .cancelled
            requests[r].cancelReason = .patience
            publish(key: rider, at: now, .cancel, via: .status)
        case .ping(let driver):
            let d = Int(driver)
            guard drivers[d].phase != .offline else { return }  // off shift: the app is silent
            let truth = drivers[d].trackPosition(at: now, path: &paths[d])
            if now >= drivers[d].shiftEnd {
                overtimePing(driver: driver, truth: truth, at: now)
            } else {
                let (nx, ny) = gps.normalPair()
                let sd = scenario.supply.gpsNoiseM
                let seen = PlanePoint(x: truth.x + nx * sd, y: truth.y + ny * sd)
                publish(key: driver, at: now, .location(seen), via: .ping)
            }
            queue.schedule(.ping(driver: driver), at: now + pingInterval)
        case .shift(let driver, let on):
            shiftChange(driver: Int(driver), on: on, at: now)
        case .deliver(var record):
            streamLog.append(&record)
            engine.process(record, into: &decisions)
            applyDecisions(at: now)
            if engine.hasRepositionDecisions { applyRepositions(at: now) }  // an immediate external policy's moves
        case .engineTimer:
            streamLog.tick()
            engine.fireTimer(at: now, into: &decisions)
            applyDecisions(at: now)
            applyRepositions(at: now)
            queue.schedule(.engineTimer, at: engine.nextTimer)
        case .repositionTick:
            repositionTick(at: now)
        case .repositionEnd(let driver):
            endReposition(Int(driver), at: now)
        case .reachStop(let driver, let leg):
            reachStop(driver: Int(driver), leg: leg, at: now)
        }
    }

    mutating func createRequest(_ s: SampledRequest) {
        let id = Int32(requests.count)
        let projection = traffic.projection
        // On a road network riders stand at their nearest routable node (identity otherwise).
        let snappedOrigin = travel.snap(s.origin), snappedDestination = travel.snap(s.destination)
        let origin = projection.unproject(snappedOrigin), destination = projection.unproject(snappedDestination)
        riders.append(RiderState(origin: snappedOrigin, destination: snappedDestination))
        requests.append(RequestRecord(
            id: id, requestTime: s.time, origin: origin, destination: destination, outcome: .unmatched,
            originZone: traffic.table.zones[traffic.zoneIndex(at: snappedOrigin)].id,
            originDemandZone: s.originZone ?? demandZones?.zoneID(containing: origin),
            destDemandZone: s.destinationZone ?? demandZones?.zoneID(containing: destination),
            sourceLine: demand.lastSource?.line, sourceID: demand.lastSource?.id))
        publish(key: id, at: s.time, .request(RideRequest(
            origin: snappedOrigin, destination: snappedDestination, shares: acceptsSharing(id))), via: .request)
        queue.schedule(.patienceEnds(rider: id), at: s.time + s.patience)
    }

    mutating func applyDecisions(at now: Millis) {
        guard !decisions.isEmpty else { return }
        for m in decisions {
            var published = Record(
                key: m.request, eventTime: m.time, arrivalTime: m.time,
                payload: .match(driver: m.driver, quotedPickupEta: m.quotedPickupEta, quotedFare: m.quotedFare))
            streamLog.append(&published)
            apply(m, at: now)
        }
        decisions.removeAll(keepingCapacity: true)
    }

    /// The hour of week at simulation time `now`.
    func hour(at now: Millis) -> Int { hourOfWeek(unixSeconds: startUnix + now.seconds) }

    /// True driving time: the leg's road distance over its historical speed (the midpoint
    /// zone's speed on straight lines; the route's mean speed on a network), times a lognormal
    /// noise (mean 1, sd `traffic.noise`) drawn for this leg of this request alone — the
    /// same whichever driver drives it.
    func trueDuration(_ driven: DrivenLeg, request: UInt64, leg: UInt64) -> Millis {
        let meters = driven.meters, speed = driven.speed
        guard meters > 0 else { return 0 }
        var rng = RandomSource(seed: scenario.seed, stream: .speedNoise, key: request &* 2 &+ leg)
        let factor = exp(speedSigma * rng.normal() - speedSigma * speedSigma / 2)
        return max(1, .fromSeconds(meters / (speed * factor)))
    }

    mutating func close(driver d: Int, at now: Millis) {
        let span = now - drivers[d].phaseSince
        switch drivers[d].phase {
        case .idle:
            ledger[d].idle += span
            if span > 0 { tallyIdle(at: drivers[d].from, span) }
        case .toPickup: ledger[d].toPickup += span
        case .onTrip: ledger[d].onTrip += span
        case .offline: ledger[d].offline += span
        case .repositioning: ledger[d].repositioning += span
        }
        if drivers[d].phase != .offline { ledger[d].online += span }
        drivers[d].phaseSince = now
    }

    mutating func closeLedger() {
        for d in 0..<drivers.count { close(driver: d, at: horizon) }
    }

    /// A shift starts (the driver comes online, available where it is) or ends (an idle
    /// driver goes offline now; a busy one finishes its trip first, see `dropOff`).
    mutating func shiftChange(driver d: Int, on: Bool, at now: Millis) {
        if on {
            guard drivers[d].phase == .offline else { return }
            close(driver: d, at: now)
            drivers[d].phase = .idle
            ledger[d].onlineFrom = now
            publish(key: Int32(d), at: now, .status(.available), via: .status)
            becameIdle(d, at: now)
        } else if isAvailable(d) {
            _ = stopRepositioning(d, at: now)
            close(driver: d, at: now)
            drivers[d].phase = .offline
            ledger[d].onlineUntil = now
            publish(key: Int32(d), at: now, .status(.offline), via: .status)
        } else if service.reportsStops, drivers[d].phase != .offline {
            // A vehicle serving shared rides finishes its riders but takes no new ones (the engine closes it).
            publish(key: Int32(d), at: now, .status(.offline), via: .status)
        }
    }

    /// A ping after the driver's shift ended, while it finishes a trip. How long that lasts
    /// depends on the strategy, so its GPS noise and delay come from a generator keyed by
    /// (driver, time), leaving the shared `gps` and `pingDelay` streams untouched.
    mutating func overtimePing(driver: Int32, truth: PlanePoint, at now: Millis) {
        var rng = RandomSource(seed: scenario.seed, stream: .gps, key: (UInt64(UInt32(driver)) + 1) << 40 ^ UInt64(now))
        let (nx, ny) = rng.normalPair()
        let sd = scenario.supply.gpsNoiseM
        let d = scenario.supply.deliveryDelay
        let delay = d.mean > 0 ? min(d.max, rng.exponential(mean: d.mean)) : 0
        let seen = PlanePoint(x: truth.x + nx * sd, y: truth.y + ny * sd)
        send(Record(key: driver, eventTime: now, arrivalTime: now + .fromSeconds(delay), payload: .location(seen)))
    }

    enum Channel { case ping, request, status }

    /// Publishes a record at event time `now`; it reaches the engine after a delivery delay
    /// (exponential, capped) drawn from the channel's own random stream.
    mutating func publish(
        key: Int32, at now: Millis, _ payload: Record.Payload, via channel: Channel, source: RecordSource? = nil
    ) {
        let d = scenario.supply.deliveryDelay
        var delay = 0.0
        if d.mean > 0 {
            switch channel {
            case .ping: delay = pingDelay.exponential(mean: d.mean)
            case .request: delay = requestDelay.exponential(mean: d.mean)
            case .status: delay = statusDelay.exponential(mean: d.mean)
            }
            delay = min(d.max, delay)
        }
        send(Record(key: key, eventTime: now, arrivalTime: now + .fromSeconds(delay), payload: payload, source: source))
    }

    /// Puts a record in flight: to the engine thread when it takes it, else on the queue
    /// (its delivery then syncs the engine; see ``EngineStage``).
    mutating func send(_ record: Record) {
        if stage.takes(record) {
            stage.send(record, sequence: queue.takeSequence())
        } else {
            queue.schedule(.deliver(record), at: record.arrivalTime)
        }
    }
}
