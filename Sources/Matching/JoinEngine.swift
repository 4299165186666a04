import Core
import Histogram
import Streams
import Traffic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The engine's decision to send a driver to a rider, published on the `matches` stream.
public struct MatchDecision: Sendable, Equatable {
    /// Rider (request) id.
    public var request: Int32
    /// Driver id.
    public var driver: Int32
    /// Processing time of the decision, ms since scenario start.
    public var time: Millis
    /// Predicted pickup ETA quoted to the rider, seconds.
    public var quotedPickupEta: Double
    /// Straight-line distance from the driver's last known location to the pickup, metres.
    public var quotedPickupDistance: Double
    /// Predicted trip duration (pickup to drop-off), seconds.
    public var quotedTripSeconds: Double
    /// Predicted road distance of the trip, metres.
    public var quotedTripMeters: Double
    /// Fare quoted at match time (predicted trip), surge included.
    public var quotedFare: Double
    /// Surge multiplier applied to the quote.
    public var surge: Double
    /// The vehicle's new shared plan and the rider's promise when the strategy shares rides
    /// (nil: a one-rider plan, the rider's pickup then drop-off).
    public var pooled: PooledMatch? = nil
}

/// A record that arrived too late: older than the joint watermark minus the allowed lateness.
public struct LateRecord: Sendable, Equatable {
    /// The record as it arrived.
    public var record: Record
    /// The joint watermark when it arrived.
    public var watermark: Millis
    /// Whether the engine applied it (docs/streams.md: a late ping never; a late status if
    /// newer than the stored one; a late cancel if its request still waited; a late request always).
    public var applied = false
}

/// Settings of the join engine.
public struct EngineConfig: Sendable, Equatable {
    /// Largest pickup ETA the engine may quote, seconds.
    public var maxPickupEta: Double
    /// Age beyond which a location is not a candidate, ms.
    public var staleness: Millis
    /// Watermark lag, ms.
    public var outOfOrderness: Millis
    /// Lateness allowed behind the watermark, ms.
    public var allowedLateness: Millis
    /// Unix time of simulation time 0 (for the hour of week), seconds.
    public var startUnixSeconds: Double
    /// Spatial index cell size, metres.
    public var cellSize: Double
    /// Half side of the square the spatial index covers, metres.
    public var indexHalfExtent: Double
    /// Driver ids are `0..<drivers`.
    public var drivers: Int
    /// Fare rules for quotes.
    public var fare: FareRule
    /// Processing time without a record after which an input stream is idle, ms
    /// (``Core/Millis/farFuture``: never).
    public var idleTimeout: Millis
    /// Live surge pricing (default off).
    public var surge: SurgeSettings = .off
    /// Repositioning of idle drivers (nil: drivers stay; see ``Rebalancer``).
    public var repositioning: EngineRepositioning? = nil
    /// Seats and promised bounds of pooled rides (strategies that share rides).
    public var pool: PoolSettings = .solo
    /// Geo-partitioned (or operator-split) matching (nil: one unpartitioned engine; see
    /// ``EnginePartitions``). Solo strategies only.
    public var partitions: EnginePartitions? = nil

    /// Creates a configuration.
    public init(
        maxPickupEta: Double, staleness: Millis, outOfOrderness: Millis, allowedLateness: Millis,
        startUnixSeconds: Double, cellSize: Double, indexHalfExtent: Double, drivers: Int, fare: FareRule,
        idleTimeout: Millis = .farFuture
    ) {
        self.idleTimeout = idleTimeout
        self.maxPickupEta = maxPickupEta
        self.staleness = staleness
        self.outOfOrderness = outOfOrderness
        self.allowedLateness = allowedLateness
        self.startUnixSeconds = startUnixSeconds
        self.cellSize = cellSize
        self.indexHalfExtent = indexHalfExtent
        self.drivers = drivers
        self.fare = fare
    }
}

/// The stream-join engine: consumes records in arrival order, keeps the driver state table
/// and the pending requests, and asks its strategy for decisions — on request arrival and
/// on its timer. It sees only records, never the simulator's truth.
public struct JoinEngine: Sendable {
    /// The strategy deciding matches.
    public let strategy: any MatchingStrategy
    /// Driver table, spatial index and candidate rules.
    public internal(set) var search: CandidateSearch
    /// Requests waiting for a driver, oldest arrival first.
    public internal(set) var pending: [PendingRequest] = []
    /// Event-time progress of the input streams.
    public internal(set) var watermarks: Watermarks
    /// Every late record, in arrival order.
    public private(set) var lateRecords: [LateRecord] = []
    /// Wall-clock nanoseconds per decision (one sample per request arrival handled by an
    /// immediate strategy, and per retry or batch pass).
    public internal(set) var decisionLatency = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000)
    /// When the engine next wants its timer, ms.
    public internal(set) var nextTimer: Millis
    /// Cancels that arrived before their requests (evicted by the watermark).
    public internal(set) var tombstones = CancelTombstones()
    /// Largest ``stateSize`` seen after any record.
    public internal(set) var peakStateSize = 0
    /// Live surge multipliers by zone, recomputed on the timer.
    public internal(set) var surge: SurgeMap
    /// Demand counts by zone and, for a platform policy, fleet rebalancing (nil: drivers stay).
    public internal(set) var rebalancer: Rebalancer?
    let config: EngineConfig
    var retriedAtHour = -1
    /// Matches whose driver was owned by another part than the rider's (partitioned engine only).
    public internal(set) var crossPartitionMatches = 0
    /// Vehicle plans (see Pooling/PoolSearch.swift): what every strategy commits its decisions to.
    public internal(set) var pool: PoolSearch

    /// Creates an engine with an empty driver table. `travel` is the travel model (nil: the
    /// straight-line model `traffic`); the engine queries its own private copy.
    public init(config: EngineConfig, strategy: any MatchingStrategy, traffic: TrafficModel, travel: (any TravelModel)? = nil) {
        self.config = config
        self.strategy = strategy
        let index = GridIndex(halfExtent: config.indexHalfExtent, cellSize: config.cellSize, capacity: config.drivers)
        search = CandidateSearch(
            drivers: DriverTable(capacity: config.drivers, index: index, staleness: config.staleness), traffic: traffic,
            travel: travel,
            maxPickupEta: config.maxPickupEta, staleness: config.staleness, capacity: config.drivers)
        watermarks = Watermarks(
            outOfOrderness: config.outOfOrderness, allowedLateness: config.allowedLateness, idleTimeout: config.idleTimeout)
        nextTimer = JoinEngine.period(of: strategy.cadence)
        surge = SurgeMap(settings: config.surge, zones: traffic.zoneCount)
        rebalancer = config.repositioning.map {
            Rebalancer(config: $0, zones: traffic.zoneCount, drivers: config.drivers, startUnixSeconds: config.startUnixSeconds)
        }
        pool = PoolSearch(
            settings: config.pool, drivers: type(of: strategy).sharesRides ? config.drivers : 0,
            halfExtent: config.indexHalfExtent, cellSize: config.cellSize, startUnixSeconds: config.startUnixSeconds)
    }

    /// The driver state table.
    public var drivers: DriverTable { search.drivers }

    /// Consumes one record at its arrival time; decisions it causes are appended to `out`.
    ///
    /// A late record (older than joint watermark − allowed lateness) is reported in
    /// ``lateRecords`` and never changes a decision already made (docs/streams.md): a late
    /// ping is not applied; a late status applies only if newer than the stored status
    /// version; a late cancel removes its request only if it is still waiting; a late
    /// request still waits for a driver, so it gets an outcome.
    public mutating func process(_ record: Record, into out: inout [MatchDecision]) {
        watermarks.advance(to: record.arrivalTime)
        let late = watermarks.isLate(eventTime: record.eventTime)
        if late {
            lateRecords.append(LateRecord(record: record, watermark: watermarks.joint))
            if case .location = record.payload { return }
        }
        watermarks.observe(record.stream, eventTime: record.eventTime, arrivalTime: record.arrivalTime)
        pool.observe(record, search: search)
        switch record.payload {
        case .request(let request):
            if late { lateRecords[lateRecords.count - 1].applied = true }
            rebalancer?.noteRequest(at: request.origin, traffic: search.traffic)
            if tombstones.consume(key: record.key) { break }
            let waiting = PendingRequest(
                key: record.key, request: request, eventTime: record.eventTime, arrivalTime: record.arrivalTime)
            pending.append(waiting)
            if case .immediate = strategy.cadence {
                decide([waiting], at: record.arrivalTime, into: &out)
            }
        case .location(let point):
            search.drivers.applyLocation(driver: record.key, at: point, eventTime: record.eventTime, now: record.arrivalTime)
        case .status(let status):
            let applied = search.drivers.applyStatus(driver: record.key, status, eventTime: record.eventTime)
            if late { lateRecords[lateRecords.count - 1].applied = applied }
        case .cancel:
            if let i = pending.firstIndex(where: { $0.key == record.key }) {
                pending.remove(at: i)
                if late { lateRecords[lateRecords.count - 1].applied = true }
            } else if !late {
                tombstones.add(key: record.key, eventTime: record.eventTime)
            }
        case .stop:
            if late { lateRecords[lateRecords.count - 1].applied = true }  // applied by `pool.observe` above
        case .match:
            break  // the engine's own output stream, not one of its inputs
        }
        notePeakState()
    }

    /// Runs the engine's timer at processing time `now`: retries waiting requests
    /// (immediate strategies, when driver availability changed) or runs a batch.
    public mutating func fireTimer(at now: Millis, into out: inout [MatchDecision]) {
        nextTimer = now + JoinEngine.period(of: strategy.cadence)
        evictUnreachableState(at: now)
        surge.updateIfDue(at: now, pending: pending, search: search)
        rebalancer?.runIfDue(at: now, search: search)
        // Taken on every tick, whatever the cadence, so the list never outgrows one period.
        let entered = search.drivers.takeEntered()
        guard case .immediate = strategy.cadence else {
            if !pending.isEmpty { decide(pending, at: now, into: &out) }
            return
        }
        // Retry: candidates change when a driver enters the table and, in shared service, with
        // every stop a vehicle makes. Every waiting request found no candidate when last decided,
        // so within the traffic hour the pass considers only the vehicles that changed since:
        // a solo request's nearest (or fastest) candidate, if any, is one of them.
        let changed = pool.takeTouched().union(entered)
        guard !changed.isEmpty, !pending.isEmpty else { return }
        let started = monotonicNanos()
        let hour = hourOfWeek(unixSeconds: config.startUnixSeconds + now.seconds)
        if hour == retriedAtHour {
            search.restriction = changed.sorted()
            pool.restriction = changed
        }
        // Otherwise the ETA bound moved with the traffic hour: every waiting request is searched again.
        retriedAtHour = hour
        decide(pending, at: now, into: &out, started: started)
        pool.restriction = nil
    }

    static func period(of cadence: Cadence) -> Millis {
        switch cadence {
        case .immediate(let retry): retry
        case .batched(let window): window
        }
    }

}

/// Monotonic clock in nanoseconds, for decision latency.
@inline(__always) func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
