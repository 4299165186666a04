import Core
import Simulator

/// Match-quality metrics computed from a run's request and driver records (the same
/// rows written to requests.csv and drivers.csv, so every figure can be recomputed).
public struct Metrics: Sendable {
    let run: RunResult
    let waits: [Double]
    let etaErrors: [(quoted: Double, actual: Double)]

    /// Computes the metrics of a run.
    public init(_ run: RunResult) {
        self.run = run
        waits = run.requests.compactMap { $0.wait?.seconds }.sorted()
        etaErrors = run.requests.compactMap { r in
            guard let q = r.quotedPickupEta, let a = r.actualPickupEta else { return nil }
            return (q, a)
        }
    }

    /// Requests with this outcome.
    public func count(_ outcome: RequestOutcome) -> Int {
        run.requests.reduce(0) { $0 + ($1.outcome == outcome ? 1 : 0) }
    }

    /// (completed + in progress) / requests.
    public var matchRate: Double? {
        run.requests.isEmpty ? nil : Double(count(.completed) + count(.inProgress)) / Double(run.requests.count)
    }

    /// Mean of match time − request time over matched requests, seconds.
    public var timeToMatchMean: Double? {
        mean(run.requests.compactMap { r in r.matchTime.map { ($0 - r.requestTime).seconds } })
    }

    /// Mean wait (request to pickup), seconds.
    public var waitMean: Double? { mean(waits) }

    /// Nearest-rank percentile of waits: the value at rank ⌈p/100 · n⌉.
    public func waitPercentile(_ p: Double) -> Double? { nearestRank(waits, p) }

    /// Mean of (actual − quoted) pickup ETA, seconds: positive means the engine was optimistic.
    public var etaBias: Double? { mean(etaErrors.map { $0.actual - $0.quoted }) }

    /// Mean |actual − quoted| pickup ETA, seconds.
    public var etaMAE: Double? { mean(etaErrors.map { abs($0.actual - $0.quoted) }) }

    /// Mean |actual − quoted| / actual, percent, over pickups with actual > 0.
    public var etaMAPE: Double? {
        mean(etaErrors.filter { $0.actual > 0 }.map { 100 * abs($0.actual - $0.quoted) / $0.actual })
    }

    /// Road kilometres driven to pickups.
    public var deadheadKm: Double { run.drivers.reduce(0) { $0 + $1.deadhead } / 1000 }

    /// Hours of a driver-time component summed over drivers.
    public func hours(_ component: KeyPath<DriverRecord, Millis>) -> Double {
        Double(run.drivers.reduce(Millis(0)) { $0 + $1[keyPath: component] }) / 3_600_000
    }

    /// Driver hours online.
    public var onlineHours: Double { hours(\.online) }

    /// On-trip time / online time.
    public var utilization: Double? { onlineHours > 0 ? hours(\.onTrip) / onlineHours : nil }

    /// Completed trips per driver hour online.
    public var tripsPerDriverHour: Double? {
        onlineHours > 0 ? Double(count(.completed)) / onlineHours : nil
    }

    /// Sum of final fares.
    public var revenue: Double { run.drivers.reduce(0) { $0 + $1.revenue } }

    /// Revenue per driver hour online.
    public var revenuePerDriverHour: Double? { onlineHours > 0 ? revenue / onlineHours : nil }

    /// Gini coefficient of revenue across drivers (0 equal … 1 one driver earns all).
    public var earningsGini: Double? { gini(run.drivers.map(\.revenue)) }
}

/// Arithmetic mean, nil for no values.
func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
}

/// Nearest-rank percentile of ascending `sorted`: the value at rank ⌈p/100 · n⌉; nil when empty.
func nearestRank(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count, max(1, rank)) - 1]
}

/// Gini coefficient: Σᵢ (2i − n − 1) xᵢ / (n Σ x) over ascending x (i from 1); 0 when Σ x = 0.
func gini(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let total = sorted.reduce(0, +)
    guard total > 0 else { return 0 }
    let n = Double(sorted.count)
    var acc = 0.0
    for (i, x) in sorted.enumerated() { acc += (2 * Double(i + 1) - n - 1) * x }
    return acc / (n * total)
}
