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
    /// The external policy of strategy `external` (``ExternalStrategy``; no command by default).
    public var external: ExternalPolicySettings
    /// Whether `pool-batch` re-assigns riders not yet aboard every window
    /// (`matching.pool.reoptimize`, default false; other strategies ignore it).
    public var reoptimize: Bool

    /// Creates settings.
    public init(
        batchWindow: Millis, weights: (eta: Double, deadhead: Double, fare: Double, idle: Double),
        fare: FareRule = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7),
        external: ExternalPolicySettings = ExternalPolicySettings(), reoptimize: Bool = false
    ) {
        self.reoptimize = reoptimize
        self.batchWindow = batchWindow
        self.weights = weights
        self.fare = fare
        self.external = external
    }

    /// Compares all fields.
    public static func == (a: StrategySettings, b: StrategySettings) -> Bool {
        a.batchWindow == b.batchWindow && a.weights == b.weights && a.fare == b.fare && a.external == b.external
            && a.reoptimize == b.reoptimize
    }
}

/// A way of deciding which vehicle serves which rider. A strategy is a value; it reads the
/// engine's state only through ``CandidateSearch`` (drivers, candidates, ETAs) and
/// ``PoolSearch`` (every vehicle's plan), and answers by committing decisions to the plans:
/// each decision is a vehicle's new stop list. Solo service is the case of one rider — a
/// pickup stop and a drop-off stop.
///
/// There is one protocol for every strategy; what a strategy can do is a hook with a default
/// (as GRDB's record protocols do):
/// - a solo strategy implements ``assign(_:search:)``; the default ``decide(_:search:plans:)``
///   commits each of its assignments as a one-rider plan;
/// - a strategy whose decisions come from outside the process (``ExternalStrategy``) can fail
///   mid-run: it stops deciding, raises ``stopFlag`` (the simulation polls it and stops early)
///   and reports the error in ``failure``, which the run throws instead of writing a report;
///   ``finish(summary:)`` tells it the run's summary row at the end;
/// - a strategy that puts several riders in one vehicle sets ``sharesRides`` and implements
///   ``decide(_:search:plans:)`` itself, committing insertions with ``PoolSearch/commit(_:search:)``;
/// - ``summaryColumns`` adds the strategy's own columns to summary.csv.
///
/// A new strategy is one type conforming to this protocol plus one line in
/// ``StrategyRegistry/all``.
public protocol MatchingStrategy: Sendable {
    /// The name used in scenario files and on the command line.
    static var name: String { get }
    /// One line for `ridematch strategies`.
    static var summary: String { get }
    /// Whether the strategy puts several riders in one vehicle (default false). The engine
    /// then keeps every vehicle's plan from the stop records, and the simulator's vehicles
    /// report their stops and offer riders a shared ride.
    static var sharesRides: Bool { get }
    /// Creates the strategy from the scenario's matching settings.
    init(settings: StrategySettings)
    /// When the engine calls ``decide(_:search:plans:)``.
    var cadence: Cadence { get }
    /// The engine's one decision hook: commits decisions for some of `requests` (oldest
    /// first) to `plans`. Each request at most once; each driver at most once per solo
    /// assignment. Default: ``assign(_:search:)``, each assignment a one-rider plan.
    func decide(_ requests: [PendingRequest], search: inout CandidateSearch, plans: inout PoolSearch)
    /// The solo hook: assigns drivers to some of `requests` (oldest first). Each driver at
    /// most once: use ``CandidateSearch/take(_:)`` for every driver assigned. Default: none.
    func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment]
    /// The strategy's own summary.csv columns after a run (default: none). Every run of a
    /// report writes the columns of every registered strategy (``StrategyRegistry/summaryColumnNames``),
    /// so a column another strategy contributes is an empty cell.
    var summaryColumns: [StrategyColumn] { get }
    /// Names of the columns ``summaryColumns`` contributes, in order (default: none).
    static var summaryColumnNames: [String] { get }
    /// Whether a rider matched but not yet aboard may be moved to another vehicle by a later
    /// decision (``PooledMatch/movedFrom``; default false). The run then reports its moves.
    var reassignsRiders: Bool { get }
    /// Whether the strategy needs a policy process outside the engine (default false): runs
    /// that try every strategy on scenario settings alone (tests, fuzzing) skip it
    /// (``StrategyRegistry/inProcessNames``).
    static var decidesOutOfProcess: Bool { get }
    /// A setting the strategy cannot run without that `settings` lack, as one line
    /// `field: message` (default nil: none). The run refuses to start with it.
    static func missingSetting(in settings: StrategySettings) -> String?
    /// The error that stopped the strategy deciding during the run, if any (default nil).
    /// ``ScenarioRun`` throws it after the simulation: no report is written.
    var failure: (any Error & Sendable)? { get }
    /// Raised when ``failure`` is set, so the simulation stops at its next check (default nil).
    var stopFlag: StopFlag? { get }
    /// Called once after the run with its summary row as (column, JSON value) pairs, built
    /// only if the strategy asks for it (default: nothing, `summary` is not called).
    func finish(summary: () -> [(name: String, json: String)])
}

extension MatchingStrategy {
    /// Solo service by default.
    public static var sharesRides: Bool { false }

    /// Commits each of ``assign(_:search:)``'s assignments as a one-rider plan.
    public func decide(_ requests: [PendingRequest], search: inout CandidateSearch, plans: inout PoolSearch) {
        plans.commit(assign(requests, search: &search), of: requests, search: &search)
    }

    /// No solo assignments (a strategy that implements ``decide(_:search:plans:)`` itself).
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] { [] }

    /// No columns of its own.
    public var summaryColumns: [StrategyColumn] { [] }
    /// No columns of its own.
    public static var summaryColumnNames: [String] { [] }
    /// A match is final.
    public var reassignsRiders: Bool { false }
    /// Decides in the engine's process.
    public static var decidesOutOfProcess: Bool { false }
    /// Needs no setting beyond the defaults.
    public static func missingSetting(in settings: StrategySettings) -> String? { nil }
    /// Never fails.
    public var failure: (any Error & Sendable)? { nil }
    /// No flag of its own.
    public var stopFlag: StopFlag? { nil }
    /// Nothing to finish.
    public func finish(summary: () -> [(name: String, json: String)]) {}
}

/// One summary.csv column a strategy contributes (``MatchingStrategy/summaryColumns``).
public struct StrategyColumn: Sendable, Equatable {
    /// The column name (snake_case, prefixed by the strategy, e.g. `pool_batch_windows`).
    public var name: String
    /// A count, or a number with `decimals` (nil: empty cell).
    public var value: Value

    /// What a column holds.
    public enum Value: Sendable, Equatable {
        /// A count.
        case count(Int)
        /// A number shown with the given decimals; nil where it does not apply.
        case number(Double?, decimals: Int)
    }

    /// Creates a column.
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}
