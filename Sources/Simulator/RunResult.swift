import Core
import Histogram
import Matching
import Scenario

/// How a request ended when the horizon was reached.
public enum RequestOutcome: String, Sendable, Equatable, CaseIterable {
    /// Dropped off.
    case completed
    /// Matched, not yet dropped off at the end.
    case inProgress = "in_progress"
    /// The rider's patience ran out before a match.
    case cancelled
    /// Still waiting for a match at the end.
    case unmatched
}

/// Why a request was cancelled.
public enum CancelReason: String, Sendable, Equatable, CaseIterable {
    /// The rider's patience ran out before a match.
    case patience
    /// The rider declined the fare quote (above their willingness to pay).
    case quoteDeclined = "quote_declined"
}

/// One rider request and what happened to it (one row of requests.csv).
public struct RequestRecord: Sendable, Equatable {
    /// Request id (0-based, in request-time order).
    public var id: Int32
    /// When the rider asked, ms.
    public var requestTime: Millis
    /// Pickup point.
    public var origin: GeoPoint
    /// Drop-off point.
    public var destination: GeoPoint
    /// How it ended.
    public var outcome: RequestOutcome
    /// The matched driver.
    public var driver: Int32?
    /// When the engine matched it, ms.
    public var matchTime: Millis?
    /// Pickup ETA quoted at match time, seconds.
    public var quotedPickupEta: Double?
    /// When the driver picked the rider up, ms.
    public var pickupTime: Millis?
    /// When the rider was dropped off, ms.
    public var dropoffTime: Millis?
    /// Road distance the driver drove to the pickup (deadhead), metres.
    public var pickupDistance: Double?
    /// Road distance of the trip, metres (predicted until the trip is done, real after).
    public var tripDistance: Double?
    /// Fare quoted at match time.
    public var quotedFare: Double?
    /// Fare charged at drop-off.
    public var finalFare: Double?
    /// Surge multiplier of the quote.
    public var surge: Double?
    /// When the rider gave up, ms (cancelled requests).
    public var cancelTime: Millis?
    /// Why the rider gave up (cancelled requests).
    public var cancelReason: CancelReason?
    /// Id of the traffic zone that holds the pickup point (`zone_id` of the traffic table).
    public var originZone: Int?
    /// Demand zone (`demand.zones`) of the pickup point; nil without zones or outside them.
    public var originDemandZone: Int? = nil
    /// Demand zone of the drop-off point; nil without zones or outside them.
    public var destDemandZone: Int? = nil
    /// Line of the trip table this request was replayed from (nil when sampled).
    public var sourceLine: Int? = nil
    /// The trip table's `request_id` of this request, if it has that column.
    public var sourceID: String? = nil
    /// Offers for this request that drivers declined.
    public var declinedOffers = 0
    /// Pooled service: whether the rider shared the vehicle with another rider at some
    /// point of the ride (nil when served solo or never matched).
    public var shared: Bool? = nil
    /// Pooled service: the direct trip's true time as a solo ride would have driven it at
    /// pickup, seconds (nil: solo service, where it is the in-vehicle time).
    public var directSeconds: Double? = nil

    /// Wait from request to pickup, ms.
    public var wait: Millis? { pickupTime.map { $0 - requestTime } }
    /// Actual pickup time minus match time, seconds (the truth the quote predicted).
    public var actualPickupEta: Double? {
        guard let p = pickupTime, let m = matchTime else { return nil }
        return (p - m).seconds
    }
}

/// One driver's time and work over the run (one row of drivers.csv).
public struct DriverRecord: Sendable, Equatable {
    /// Driver id.
    public var id: Int32
    /// Time online, ms (idle + repositioning + to pickup + on trip).
    public var online: Millis = 0
    /// Time offline within the horizon (outside the driver's shift), ms.
    public var offline: Millis = 0
    /// Time available, ms.
    public var idle: Millis = 0
    /// Time driving to riders, ms.
    public var toPickup: Millis = 0
    /// Time carrying riders, ms.
    public var onTrip: Millis = 0
    /// Time driving empty to another place while available (repositioning), ms.
    public var repositioning: Millis = 0
    /// Road metres driven repositioning.
    public var repositionMeters: Double = 0
    /// Completed trips.
    public var trips = 0
    /// Road metres driven to pickups (with nobody aboard).
    public var deadhead: Double = 0
    /// Road metres driven in all (each leg counted when it starts, less the part not driven
    /// of a leg a pooling vehicle was diverted from).
    public var driven: Double = 0
    /// Sum of final fares of completed trips.
    public var revenue: Double = 0
    /// The drivers file's `driver_id` (nil when drivers are sampled).
    public var sourceID: String? = nil
    /// When the driver came online, ms (nil: never online). A driver is online over one
    /// interval [onlineFrom, onlineUntil): its shift, extended to the drop-off of a trip it was on.
    public var onlineFrom: Millis? = nil
    /// When the driver went offline for good, ms (nil: online at the horizon or never online).
    public var onlineUntil: Millis? = nil
}

/// What pooled service adds to a run's result.
public struct PoolOutcome: Sendable, Equatable {
    /// Every stop made (solo runs too: a pickup and a drop-off per trip), in simulation order.
    public var stops: [StopRecord] = []
    /// Predicted stop times checked against riders' promises at pooled decisions.
    public var promiseChecks = 0
    /// Of those, how many broke a promise (0 unless the engine is wrong).
    public var promiseBreaks = 0
    /// Whether the strategy moves riders between vehicles (``MatchingStrategy/reassignsRiders``):
    /// the summary then has the `reassign_*` columns.
    public var reassignsRiders = false
    /// Riders moved to another vehicle before pickup (moves played out).
    public var reassignments = 0
    /// Moves the simulator could not play out (the rider was aboard already, or the new
    /// vehicle had no seat or had gone off shift).
    public var reassignmentsRefused = 0
    /// Riders moved more than once.
    public var ridersMovedTwice = 0
    /// Riders moved at least once.
    public var ridersMoved = 0

    /// Creates the outcome.
    public init(stops: [StopRecord] = [], promiseChecks: Int = 0, promiseBreaks: Int = 0) {
        self.stops = stops
        self.promiseChecks = promiseChecks
        self.promiseBreaks = promiseBreaks
    }
}

/// Everything a run produced, for the reporter.
public struct RunResult: Sendable {
    /// The scenario that ran.
    public var scenario: Scenario
    /// The strategy's registered name.
    public var strategy: String
    /// Every request, by id.
    public var requests: [RequestRecord]
    /// Every driver, by id.
    public var drivers: [DriverRecord]
    /// Engine decision latency, nanoseconds.
    public var decisionLatency: Histogram<UInt64>
    /// Records that arrived late.
    public var lateRecords: [LateRecord]
    /// Record counts per stream and the engine's state figures.
    public var streams: StreamStats
    /// Matches the simulator could not apply because the rider had already left.
    public var rejectedMatches: Int
    /// Simulator events processed.
    public var events: Int
    /// Wall-clock seconds the simulation took.
    public var wallSeconds: Double
    /// Simulated horizon, ms.
    public var horizon: Millis
    /// What the run did with each replay input file (drivers file, trip table).
    public var inputs: [InputFileReport] = []
    /// Offers drivers declined (each sent the request back to the engine).
    public var declinedOffers = 0
    /// Sampled positions for the report's animated replay (nil: `report.replay_drivers: 0`).
    public var replay: ReplayTrack? = nil
    /// Idle driver time by traffic zone id of where the drivers waited, ms (zones with any).
    public var idleByZone: [Int: Millis] = [:]
    /// The traffic zones as map polygons (nearest-centre cells clipped to the city's box and
    /// every request point), by zone id.
    public var zoneShapes: [ZoneShape] = []
    /// The demand zones (`demand.zones`) as map polygons, by id; empty without them.
    public var demandZoneShapes: [ZoneShape] = []
    /// Idle driver time by demand zone id of where the drivers waited, ms (zones with any).
    public var idleByDemandZone: [Int: Millis] = [:]
    /// The road route of every completed trip, by request id, when the run drove on a road
    /// network (`city.network`); empty otherwise.
    public var tripRoutes: [TripRoute] = []
    /// Stops made and the promise check (see Simulation+Pooling.swift).
    public var pool = PoolOutcome()
    /// Street centre lines drawn under the report's maps and replay (lat/lon polylines),
    /// from the run's ``ReportExtras`` (a road network's streets); empty otherwise.
    public var roads: [[GeoPoint]] = []
    /// Whether the drivers drove road routes (``ReportExtras/routed``): the report then has
    /// trip_routes.csv (header only when no trip completed).
    public var routed = false
    /// Repositioning of idle drivers: the policy, its decisions and every leg driven.
    public var repositioning = RepositioningStats()
    /// The strategy's own summary columns (``MatchingStrategy/summaryColumns``), e.g. the
    /// graph, cap and solver counters of a `pool-batch` run; empty for strategies without any.
    public var strategyColumns: [StrategyColumn] = []

    /// The value of the strategy's own summary column `name`, if the run's strategy has it.
    public func strategyColumn(_ name: String) -> StrategyColumn.Value? {
        strategyColumns.first { $0.name == name }?.value
    }
}

/// The road route a completed trip drove, pickup to drop-off.
public struct TripRoute: Sendable, Equatable {
    /// The request id.
    public var request: Int32
    /// The route's vertices, first = the pickup point, last = the drop-off point.
    public var points: [GeoPoint]

    /// Creates a route.
    public init(request: Int32, points: [GeoPoint]) {
        self.request = request
        self.points = points
    }
}
