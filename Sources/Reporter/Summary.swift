import Core
import Simulator

/// A value in the summary: text, a count, or a measured number with its decimals.
public enum SummaryValue: Sendable, Equatable {
    /// Text (scenario, strategy).
    case text(String)
    /// A count.
    case count(Int)
    /// An unsigned identifier such as the seed (a JSON number, any size).
    case unsigned(UInt64)
    /// A number shown with the given decimals; `nil` where it does not apply.
    case number(Double?, decimals: Int)

    /// The CSV cell.
    public var csv: String {
        switch self {
        case .text(let s): Format.csvField(s)
        case .count(let n): String(n)
        case .unsigned(let n): String(n)
        case .number(let x, let d): Format.fixed(x, d)
        }
    }

    /// The JSON value.
    public var json: String {
        switch self {
        case .text(let s): jsonString(s)
        case .count(let n): String(n)
        case .unsigned(let n): String(n)
        case .number(let x, let d):
            x.map { $0.isFinite ? Format.fixed($0, d) : "null" } ?? "null"
        }
    }
}

/// Every headline metric of one run, in report order; docs/metrics.md defines each.
public struct Summary: Sendable {
    /// (column, value) pairs in column order.
    public let fields: [(name: String, value: SummaryValue)]

    /// The columns whose values are wall-clock measurements of this machine, not of the
    /// simulation: the only ones that differ between two runs of the same scenario and seed.
    public static let wallClockColumns: Set<String> = [
        "decision_latency_p50_us", "decision_latency_p90_us", "decision_latency_p99_us",
        "decision_latency_p999_us", "decision_latency_max_us", "wall_s", "events_per_s",
    ]

    /// Computes the summary of a run.
    public init(_ run: RunResult) {
        let m = Metrics(run)
        let latency = run.decisionLatency
        func us(_ percentile: Double) -> SummaryValue {
            .number(latency.totalCount == 0 ? nil : Double(latency.valueAtPercentile(percentile)) / 1000, decimals: 3)
        }
        let pricing = PricingMetrics(run).fields(declinedOffers: run.declinedOffers)
        fields = [
            ("scenario", .text(run.scenario.name)),
            ("strategy", .text(run.strategy)),
            ("seed", .unsigned(run.scenario.seed)),
            ("duration_s", .number(run.horizon.seconds, decimals: 3)),
            ("drivers", .count(run.drivers.count)),
            ("requests", .count(run.requests.count)),
            ("completed", .count(m.count(.completed))),
            ("in_progress", .count(m.count(.inProgress))),
            ("cancelled", .count(m.count(.cancelled))),
            ("unmatched", .count(m.count(.unmatched))),
            ("match_rate", .number(m.matchRate, decimals: 4)),
            ("rejected_matches", .count(run.rejectedMatches)),
            ("cancelled_patience", .count(m.cancelled(.patience))),
            ("requests_balance", .count(m.requestsBalance)),
            ("time_to_match_mean_s", .number(m.timeToMatchMean, decimals: 3)),
            ("time_to_match_p50_s", .number(m.timeToMatchPercentile(50), decimals: 3)),
            ("time_to_match_p90_s", .number(m.timeToMatchPercentile(90), decimals: 3)),
            ("wait_mean_s", .number(m.waitMean, decimals: 3)),
            ("wait_p50_s", .number(m.waitPercentile(50), decimals: 3)),
            ("wait_p90_s", .number(m.waitPercentile(90), decimals: 3)),
            ("wait_p99_s", .number(m.waitPercentile(99), decimals: 3)),
            ("pickup_eta_bias_s", .number(m.etaBias, decimals: 3)),
            ("pickup_eta_mae_s", .number(m.etaMAE, decimals: 3)),
            ("pickup_eta_mape_pct", .number(m.etaMAPE, decimals: 3)),
            ("deadhead_km", .number(m.deadheadKm, decimals: 3)),
            ("trip_km", .number(m.tripKm, decimals: 3)),
            ("deadhead_share", .number(m.deadheadShare, decimals: 4)),
            ("driver_online_h", .number(m.onlineHours, decimals: 4)),
            ("driver_idle_h", .number(m.hours(\.idle), decimals: 4)),
            ("driver_to_pickup_h", .number(m.hours(\.toPickup), decimals: 4)),
            ("driver_on_trip_h", .number(m.hours(\.onTrip), decimals: 4)),
            ("driver_offline_h", .number(m.hours(\.offline), decimals: 4)),
            ("driver_time_balance_h", .number(m.driverTimeBalanceHours, decimals: 4)),
            ("busy_drivers_mean", .number(m.busyDriversMean, decimals: 3)),
            ("utilization", .number(m.utilization, decimals: 4)),
            ("trips_per_driver_hour", .number(m.tripsPerDriverHour, decimals: 4)),
            ("revenue", .number(m.revenue, decimals: 2)),
            ("revenue_per_driver_hour", .number(m.revenuePerDriverHour, decimals: 4)),
            ("earnings_gini", .number(m.earningsGini, decimals: 4)),
        ] + pricing + [
            ("decision_latency_p50_us", us(50)),
            ("decision_latency_p90_us", us(90)),
            ("decision_latency_p99_us", us(99)),
            ("decision_latency_p999_us", us(99.9)),
            ("decision_latency_max_us", .number(latency.totalCount == 0 ? nil : Double(latency.max) / 1000, decimals: 3)),
            ("decisions", .count(Int(latency.totalCount))),
            ("late_events", .count(run.lateRecords.count)),
            ("input_rows", .count(run.inputs.reduce(0) { $0 + $1.rows })),
            ("input_rows_accepted", .count(run.inputs.reduce(0) { $0 + $1.accepted })),
            ("input_rows_rejected", .count(run.inputs.reduce(0) { $0 + $1.rejectedCount })),
            ("events", .count(run.events)),
            ("wall_s", .number(run.wallSeconds, decimals: 3)),
            ("events_per_s", .number(run.wallSeconds > 0 ? Double(run.events) / run.wallSeconds : nil, decimals: 0)),
        ] + Summary.streamFields(run) + Summary.repositioningFields(run) + PoolMetrics(run).fields
            + Summary.strategyFields(run)
    }

    /// The value of a column, if present.
    public subscript(name: String) -> SummaryValue? {
        fields.first { $0.name == name }?.value
    }
}

