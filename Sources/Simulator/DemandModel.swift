import Core
import Foundation
import Scenario
import Zones

/// A sampled ride request, before it is published.
public struct SampledRequest: Sendable, Equatable {
    /// When the rider asks, ms since start.
    public var time: Millis
    /// Pickup point on the plane.
    public var origin: PlanePoint
    /// Drop-off point on the plane.
    public var destination: PlanePoint
    /// How long the rider waits for a match, ms.
    public var patience: Millis
    /// Demand zone id of the pickup, when the source knows it (zone demand, zone-id trips).
    public var originZone: Int? = nil
    /// Demand zone id of the drop-off, when the source knows it.
    public var destinationZone: Int? = nil
}

/// Sampled demand: a non-homogeneous Poisson process (hourly profile, by thinning) over
/// the city disc, with origins and destinations drawn from a mixture of the uniform disc
/// (weight 1) and the hotspots (their weights). Draws only from the `demand` and
/// `behaviour` streams, so it is identical whatever the strategy.
public struct DemandModel: Sendable {
    private var rng: RandomSource
    private var behaviour: RandomSource
    private let ratePerSecondMax: Double
    private let profile: [Double]
    private let profileMax: Double
    private let localStartSeconds: Double
    private let cityRadius: Double
    private let hotspots: [(center: PlanePoint, radius: Double, weight: Double)]
    private let totalWeight: Double
    private let patienceMedian: Double
    private let patienceSigma: Double
    private var clock: Double = 0

    /// Shortest trip the model samples (straight line), metres.
    public static let minimumTripMeters = 500.0

    /// Creates the model for a scenario on its local plane.
    public init(scenario: Scenario, projection: LocalProjection) {
        rng = RandomSource(seed: scenario.seed, stream: .demand)
        behaviour = RandomSource(seed: scenario.seed, stream: .behaviour)
        profile = scenario.demand.profile ?? Array(repeating: 1, count: 24)
        profileMax = profile.max() ?? 1
        ratePerSecondMax = scenario.demand.requestsPerHour / 3600 * profileMax
        localStartSeconds = scenario.start.timeIntervalSince1970 + Double(scenario.startUTCOffsetSeconds)
        cityRadius = scenario.city.radiusKm * 1000
        hotspots = scenario.demand.hotspots.map { (projection.project($0.center), $0.radiusKm * 1000, $0.weight) }
        totalWeight = 1 + hotspots.reduce(0) { $0 + $1.weight }
        patienceMedian = scenario.demand.patience.median
        patienceSigma = scenario.demand.patience.sigma
    }

    /// The next request before `horizon` (ms), or nil when demand is over.
    public mutating func next(before horizon: Millis) -> SampledRequest? {
        guard ratePerSecondMax > 0 else { return nil }
        while true {
            clock += rng.exponential(mean: 1 / ratePerSecondMax)
            let time = Millis.fromSeconds(clock)
            guard time < horizon else { return nil }
            let hour = Int(((localStartSeconds + clock) / 3600).rounded(.down)) % 24
            let accept = rng.uniform()
            guard accept * profileMax < profile[(hour + 24) % 24] else { continue }
            let origin = samplePoint()
            var destination = samplePoint()
            var tries = 0
            while destination.distance(to: origin) < DemandModel.minimumTripMeters && tries < 20 {
                destination = samplePoint()
                tries += 1
            }
            let patience = patienceMedian * exp(patienceSigma * behaviour.normal())
            return SampledRequest(time: time, origin: origin, destination: destination, patience: .fromSeconds(patience))
        }
    }

    private mutating func samplePoint() -> PlanePoint {
        var pick = rng.uniform() * totalWeight
        if pick >= 1 {
            pick -= 1
            for spot in hotspots {
                if pick < spot.weight {
                    for _ in 0..<100 {
                        let p = uniformInDisc(center: spot.center, radius: spot.radius)
                        if p.norm <= cityRadius { return p }
                    }
                    break
                }
                pick -= spot.weight
            }
        }
        return uniformInDisc(center: .zero, radius: cityRadius)
    }

    private mutating func uniformInDisc(center: PlanePoint, radius: Double) -> PlanePoint {
        let r = radius * rng.uniform().squareRoot()
        let theta = 2 * Double.pi * rng.uniform()
        return PlanePoint(x: center.x + r * cos(theta), y: center.y + r * sin(theta))
    }
}

extension DemandModel: DemandKind {
    /// `sampled`.
    public static let kind = "sampled"

    /// The default: every scenario without a trip table or zone-to-zone rates.
    public static func isChosen(by scenario: Scenario) -> Bool { true }

    /// `demand.requests_per_hour`.
    public static let volumeSetting = "demand.requests_per_hour"

    /// The integral of the request rate over the horizon: `requests_per_hour` times the
    /// profile multiplier of each local hour the horizon covers.
    public static func expectedRequests(for scenario: Scenario) -> Double? {
        let profile = scenario.demand.profile ?? Array(repeating: 1, count: 24)
        guard profile.count == 24 else { return nil }
        let rate = scenario.demand.requestsPerHour / 3600
        var t = 0.0, total = 0.0
        let local = scenario.start.timeIntervalSince1970 + Double(scenario.startUTCOffsetSeconds)
        while t < scenario.duration {
            let clock = local + t
            let hourStart = (clock / 3600).rounded(.down) * 3600
            let step = min(hourStart + 3600 - clock, scenario.duration - t)
            let hour = Int((hourStart / 3600).truncatingRemainder(dividingBy: 24) + 24) % 24
            total += rate * profile[hour] * step
            t += max(step, 1e-9)
        }
        return total
    }

    /// The model on the run's plane (no input file).
    public static func open(_ scenario: Scenario, plane: LocalProjection, zones: ZoneSet?, display: (URL) -> String) -> Self {
        DemandModel(scenario: scenario, projection: plane)
    }
}

/// Places drivers uniformly over the city disc, from the `supply` stream.
public func sampleDriverStarts(count: Int, radiusMeters: Double, rng: inout RandomSource) -> [PlanePoint] {
    (0..<count).map { _ in
        let r = radiusMeters * rng.uniform().squareRoot()
        let theta = 2 * Double.pi * rng.uniform()
        return PlanePoint(x: r * cos(theta), y: r * sin(theta))
    }
}
