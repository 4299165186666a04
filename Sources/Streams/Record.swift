import Core

/// The named, append-only streams a ride-hailing platform's services talk through.
public enum StreamName: String, CaseIterable, Sendable, Comparable {
    /// Rider requests, keyed by rider (request) id.
    case rideRequests = "ride-requests"
    /// Driver location pings, keyed by driver id.
    case driverLocations = "driver-locations"
    /// Driver status changes (available, busy, offline), keyed by driver id.
    case driverStatus = "driver-status"
    /// Riders giving up before a match, keyed by rider (request) id.
    case riderCancels = "rider-cancels"
    /// Match decisions published by the engine, keyed by rider (request) id.
    case matches = "matches"

    /// The streams the join engine consumes.
    public static let engineInputs: [StreamName] = [.rideRequests, .driverLocations, .driverStatus, .riderCancels]

    /// Orders streams by declaration order.
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a driver's app says about the driver's availability.
public enum DriverStatus: UInt8, Sendable, Equatable, CustomStringConvertible {
    /// Online and free to take a rider.
    case available
    /// On the way to a rider or on a trip.
    case busy
    /// Not working.
    case offline

    /// Lower-case name as written in stream dumps.
    public var description: String {
        switch self {
        case .available: "available"
        case .busy: "busy"
        case .offline: "offline"
        }
    }
}

/// What happened to a rider in a pooling vehicle, as the driver's app reports it (stream
/// `driver-status`, keyed by driver): the engine keeps each vehicle's stop list from these.
public enum StopEvent: UInt8, Sendable, Equatable, CustomStringConvertible {
    /// The rider boarded.
    case pickup
    /// The rider alighted.
    case dropoff
    /// The dispatcher took the rider off the vehicle's plan before pickup (the rider left,
    /// declined the quote, or the driver declined): the engine removes its stops.
    case withdrawn
    /// The dispatcher moved the waiting rider to another vehicle (`pool-batch`
    /// re-optimisation, docs/pooling.md): this vehicle dropped the rider's stops.
    case reassigned

    /// Lower-case name as written in stream dumps.
    public var description: String {
        switch self {
        case .pickup: "pickup"
        case .dropoff: "dropoff"
        case .withdrawn: "withdrawn"
        case .reassigned: "reassigned"
        }
    }
}

/// A rider's request for a ride, as the rider app reports it (on the local plane).
public struct RideRequest: Sendable, Equatable {
    /// Pickup location.
    public var origin: PlanePoint
    /// Drop-off location.
    public var destination: PlanePoint
    /// Whether the rider accepts a shared ride (`demand.pooling_share`); only pooling
    /// strategies read it.
    public var shares: Bool

    /// Creates a request from its pickup and drop-off points.
    public init(origin: PlanePoint, destination: PlanePoint, shares: Bool = false) {
        self.origin = origin
        self.destination = destination
        self.shares = shares
    }
}

/// One record on one stream: who it is about, when it happened, when it arrived, and what it says.
public struct Record: Sendable, Equatable {
    /// What a record says; the case fixes its stream.
    public enum Payload: Sendable, Equatable {
        /// A new ride request (stream `ride-requests`).
        case request(RideRequest)
        /// A location ping (stream `driver-locations`).
        case location(PlanePoint)
        /// A status change (stream `driver-status`).
        case status(DriverStatus)
        /// The rider gave up (stream `rider-cancels`).
        case cancel
        /// A pooling vehicle's stop event for rider `request` (stream `driver-status`, keyed by driver).
        case stop(request: Int32, event: StopEvent)
        /// The engine sent `driver` to the rider (stream `matches`), with the quoted pickup ETA (s) and fare.
        case match(driver: Int32, quotedPickupEta: Double, quotedFare: Double)
    }

    /// The rider (request) id or driver id the record is about.
    public var key: Int32
    /// When the thing happened at its source, ms since scenario start.
    public var eventTime: Millis
    /// When the engine receives it (≥ event time), ms since scenario start.
    public var arrivalTime: Millis
    /// The content.
    public var payload: Payload
    /// Who published it.
    public var source: RecordSource
    /// Position in its stream's log (0-based, arrival order), or -1 before it is appended.
    public var offset: Int64
    /// Position in the run's global log, across all five streams (0-based, append order),
    /// or -1 before it is appended. Ties of arrival time across streams are in this order.
    public var sequence: Int64 = -1
    /// How many times the engine's timer had fired when the record was appended, or -1
    /// when unknown (a record from outside ridematch). Replay fires exactly this many
    /// ticks before processing the record (docs/streams.md, "Replay").
    public var ticks: Int64 = -1

    /// Creates a record; the source defaults to the one that publishes the payload's stream.
    public init(
        key: Int32, eventTime: Millis, arrivalTime: Millis, payload: Payload, source: RecordSource? = nil,
        offset: Int64 = -1
    ) {
        self.key = key
        self.eventTime = eventTime
        self.arrivalTime = arrivalTime
        self.payload = payload
        self.source = source ?? RecordSource.publisher(of: payload)
        self.offset = offset
    }

    /// The stream the record belongs to.
    public var stream: StreamName {
        switch payload {
        case .request: .rideRequests
        case .location: .driverLocations
        case .status, .stop: .driverStatus
        case .cancel: .riderCancels
        case .match: .matches
        }
    }
}

/// The service that published a record.
public enum RecordSource: UInt8, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// The rider's app: requests and cancels.
    case riderApp
    /// The driver's app: location pings and status changes.
    case driverApp
    /// The dispatcher (the simulator on the platform's behalf): a driver released after a
    /// match the rider had already left.
    case dispatch
    /// The join engine: matches.
    case engine

    /// The name written in stream dumps and late_events.csv.
    public var description: String {
        switch self {
        case .riderApp: "rider-app"
        case .driverApp: "driver-app"
        case .dispatch: "dispatch"
        case .engine: "engine"
        }
    }

    /// The usual publisher of a payload.
    public static func publisher(of payload: Record.Payload) -> RecordSource {
        switch payload {
        case .request, .cancel: .riderApp
        case .location, .status, .stop: .driverApp
        case .match: .engine
        }
    }
}
