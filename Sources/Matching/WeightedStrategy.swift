import Core

/// Batched matching on a weighted cost: like `batch`, but a pair's cost is
///
///     w.eta · pickup ETA (s) + w.deadhead · deadhead (road m: the pickup route on a network,
///       straight line × detour factor otherwise)
///       − w.fare · predicted fare of the trip (before surge) − w.idle · driver idle time (s)
///
/// with the weights of `matching.weights`. Low cost wins: short pickups, short deadhead,
/// valuable trips and drivers who have waited longest.
public struct WeightedStrategy: MatchingStrategy {
    /// Scenario name `weighted`.
    public static let name = "weighted"
    /// One-line description.
    public static let summary = "batched: optimal assignment on weighted ETA, deadhead, fare and driver idle time"
    /// Decides every batch window.
    public let cadence: Cadence
    /// The cost weights.
    public let weights: (eta: Double, deadhead: Double, fare: Double, idle: Double)
    /// Fare rules for the fare term.
    public let fare: FareRule
    private let workspace = BatchWorkspace()

    /// Creates the strategy from the scenario's batch window, weights and fare rules.
    public init(settings: StrategySettings) {
        cadence = .batched(window: max(1, settings.batchWindow))
        weights = settings.weights
        fare = settings.fare
    }

    /// The predicted fare (before surge) of the request's trip at the search's decision time.
    public func predictedFare(_ request: PendingRequest, search: CandidateSearch) -> Double {
        let trip = request.request
        let quote = search.travel.trip(from: trip.origin, to: trip.destination, hourOfWeek: search.hourOfWeek)
        return fare.fare(meters: quote.meters, seconds: quote.seconds)
    }

    /// The cost of sending `candidate` to a request whose predicted fare is `tripFare`.
    public func cost(tripFare: Double, _ candidate: Candidate, search: CandidateSearch) -> Double {
        let idleSeconds = max(0, (search.now - search.drivers.rows[Int(candidate.driver)].availableSince).seconds)
        return weights.eta * candidate.eta
            + (candidate.roadMeters.map { weights.deadhead * $0 } ?? weights.deadhead * candidate.distance * search.traffic.detourFactor)
            - weights.fare * tripFare
            - weights.idle * idleSeconds
    }

    /// Assigns the batch optimally on the weighted cost.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        let fares = requests.map { predictedFare($0, search: search) }
        return BatchAssigner.assign(requests, search: &search, workspace: workspace) { i, candidate, search in
            cost(tripFare: fares[i], candidate, search: search)
        }
    }
}
