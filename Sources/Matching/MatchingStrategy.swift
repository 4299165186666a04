import Core
import Streams

/// A request waiting in the engine for a driver.
public struct PendingRequest: Sendable, Equatable {
    /// Rider (request) id.
    public var key: Int32
    /// Pickup and drop-off.
    public var request: RideRequest
    /// When the rider asked (event time).
    public var eventTime: Millis
    /// When the engine received the request.
    public var arrivalTime: Millis
}

/// A driver the engine may send to a request.
public struct Candidate: Sendable, Equatable {
    /// Driver id.
    public var driver: Int32
    /// Straight-line distance from the driver's latest known location to the pickup, metres.
    public var distance: Double
    /// Predicted pickup ETA from the travel model, seconds.
    public var eta: Double
    /// Road distance of the predicted pickup route, metres, when the travel model routes on a
    /// network; nil for the straight-line model (deadhead = distance × detour factor).
    public var roadMeters: Double?

    /// Creates a candidate.
    public init(driver: Int32, distance: Double, eta: Double, roadMeters: Double? = nil) {
        self.driver = driver
        self.distance = distance
        self.eta = eta
        self.roadMeters = roadMeters
    }
}

/// One assignment a strategy makes: this rider gets this driver.
public struct Assignment: Sendable, Equatable {
    /// Rider (request) id.
    public var request: Int32
    /// The chosen driver and its predicted pickup.
    public var candidate: Candidate
}

/// When the engine asks a strategy to decide.
public enum Cadence: Sendable, Equatable {
    /// On each request's arrival, and again for waiting requests every `retry` ms.
    case immediate(retry: Millis)
    /// Every `window` ms, over all requests waiting then.
    case batched(window: Millis)
}

/// Settings a strategy may read, from the scenario's `matching` section.
public struct StrategySettings: Sendable, Equatable {
    /// Batch window of batched strategies, ms.
    public var batchWindow: Millis
    /// Weights of weighted costs: ETA, deadhead, fare, idle.
    public var weights: (eta: Double, deadhead: Double, fare: Double, idle: Double)
    /// Fare rules (for strategies that weigh the predicted fare).
    public var fare: FareRule

    /// Creates settings.
    public init(
        batchWindow: Millis, weights: (eta: Double, deadhead: Double, fare: Double, idle: Double),
        fare: FareRule = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7)
    ) {
        self.batchWindow = batchWindow
        self.weights = weights
        self.fare = fare
    }

    /// Compares all fields.
    public static func == (a: StrategySettings, b: StrategySettings) -> Bool {
        a.batchWindow == b.batchWindow && a.weights == b.weights && a.fare == b.fare
    }
}

/// A way of deciding which driver serves which rider. A strategy is a value; it reads the
/// engine's state only through ``CandidateSearch`` and answers with assignments.
///
/// A new strategy is one type conforming to this protocol plus one line in
/// ``StrategyRegistry/all``.
public protocol MatchingStrategy: Sendable {
    /// The name used in scenario files and on the command line.
    static var name: String { get }
    /// One line for `ridematch strategies`.
    static var summary: String { get }
    /// Creates the strategy from the scenario's matching settings.
    init(settings: StrategySettings)
    /// When the engine calls ``assign(_:search:)``.
    var cadence: Cadence { get }
    /// Assigns drivers to some of `requests` (oldest first). Each driver at most once:
    /// use ``CandidateSearch/take(_:)`` for every driver assigned.
    func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment]
}
