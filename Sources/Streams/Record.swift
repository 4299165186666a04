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

/// A rider's request for a ride, as the rider app reports it (on the local plane).
public struct RideRequest: Sendable, Equatable {
    /// Pickup location.
    public var origin: PlanePoint
    /// Drop-off location.
    public var destination: PlanePoint

    /// Creates a request from its pickup and drop-off points.
    public init(origin: PlanePoint, destination: PlanePoint) {
        self.origin = origin
        self.destination = destination
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
    }

    /// The rider (request) id or driver id the record is about.
    public var key: Int32
    /// When the thing happened at its source, ms since scenario start.
    public var eventTime: Millis
    /// When the engine receives it (≥ event time), ms since scenario start.
    public var arrivalTime: Millis
    /// The content.
    public var payload: Payload

    /// Creates a record.
    public init(key: Int32, eventTime: Millis, arrivalTime: Millis, payload: Payload) {
        self.key = key
        self.eventTime = eventTime
        self.arrivalTime = arrivalTime
        self.payload = payload
    }

    /// The stream the record belongs to.
    public var stream: StreamName {
        switch payload {
        case .request: .rideRequests
        case .location: .driverLocations
        case .status: .driverStatus
        case .cancel: .riderCancels
        }
    }
}
