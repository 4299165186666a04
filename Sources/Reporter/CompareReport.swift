import Core

/// The result of `ridematch compare`: every strategy's summary for every seed, and the
/// statistics over seeds written to compare.csv and printed as tables.
public struct CompareReport: Sendable {
    /// A headline metric compared across strategies.
    public struct Metric: Sendable, Equatable {
        /// The summary column it is read from.
        public var column: String
        /// Label of the printed table.
        public var label: String
        /// Decimals in compare.csv and the table.
        public var decimals: Int
    }

    /// The metrics compared, in column order. `decision_latency_p99_us` and `wall_s` are
    /// wall-clock measurements: the only columns that differ between reruns.
    public static let metrics: [Metric] = [
        Metric(column: "match_rate", label: "match rate", decimals: 4),
        Metric(column: "completed", label: "completed", decimals: 1),
        Metric(column: "cancelled", label: "cancelled", decimals: 1),
        Metric(column: "time_to_match_mean_s", label: "time to match s", decimals: 3),
        Metric(column: "wait_mean_s", label: "wait mean s", decimals: 3),
        Metric(column: "wait_p90_s", label: "wait p90 s", decimals: 3),
        Metric(column: "pickup_eta_quoted_mean_s", label: "pickup ETA s", decimals: 3),
        Metric(column: "pickup_eta_actual_mean_s", label: "pickup actual s", decimals: 3),
        Metric(column: "pickup_eta_mae_s", label: "pickup ETA MAE s", decimals: 3),
        Metric(column: "deadhead_km", label: "deadhead km", decimals: 3),
        Metric(column: "reposition_km", label: "reposition km", decimals: 3),
        Metric(column: "utilization", label: "utilization", decimals: 4),
        Metric(column: "revenue", label: "revenue", decimals: 2),
        Metric(column: "fare_mean", label: "fare mean", decimals: 4),
        Metric(column: "surge_mean", label: "surge mean", decimals: 4),
        Metric(column: "declined_offers", label: "declined offers", decimals: 1),
        Metric(column: "cancelled_quote_declined", label: "quote declined", decimals: 1),
        Metric(column: "earnings_gini", label: "earnings Gini", decimals: 4),
        Metric(column: "vehicle_km_per_trip", label: "vehicle km / trip", decimals: 4),
        Metric(column: "occupancy_mean", label: "occupancy", decimals: 4),
        Metric(column: "pooled_share", label: "pooled share", decimals: 4),
        Metric(column: "decision_latency_p99_us", label: "decision p99 µs", decimals: 3),
        Metric(column: "wall_s", label: "wall s", decimals: 3),
    ]

    /// Columns of compare.csv holding wall-clock measurements.
    public static let wallClockColumns: Set<String> = Set(
        ["decision_latency_p99_us", "wall_s"].flatMap { m in ["_mean", "_ci95", "_diff", "_diff_ci95"].map { m + $0 } })

    /// Scenario name.
    public let scenario: String
    /// Strategies in order; the first is the baseline of the paired differences.
    public let strategies: [String]
    /// Seeds of the replications, in order.
    public let seeds: [UInt64]
    /// `values[s][m][r]`: metric `m` of strategy `s` in replication `r` (nil: not defined).
    public let values: [[[Double?]]]

    /// Builds the report from `summaries[strategy][replication]`.
    public init(scenario: String, strategies: [String], seeds: [UInt64], summaries: [[Summary]]) {
        self.scenario = scenario
        self.strategies = strategies
        self.seeds = seeds
        values = summaries.map { runs in
            CompareReport.metrics.map { metric in runs.map { $0[metric.column]?.numeric } }
        }
    }

    /// Mean and CI half-width of metric `m` for strategy `s`.
    public func stats(strategy s: Int, metric m: Int) -> (mean: Double?, halfWidth: Double?) {
        CompareStatistics.meanAndHalfWidth(values[s][m].compactMap { $0 })
    }

    /// Mean paired difference (strategy − baseline) of metric `m` and its CI half-width.
    public func difference(strategy s: Int, metric m: Int) -> (mean: Double?, halfWidth: Double?) {
        CompareStatistics.meanAndHalfWidth(CompareStatistics.pairedDifferences(values[s][m], values[0][m]))
    }

    /// compare.csv: one row per strategy.
    public var csv: String {
        var header = ["scenario", "strategy", "baseline", "replications", "seeds"]
        for metric in CompareReport.metrics {
            header += ["_mean", "_ci95", "_diff", "_diff_ci95"].map { metric.column + $0 }
        }
        var out = header.joined(separator: ",") + "\n"
        let seedText = seeds.map(String.init).joined(separator: " ")
        for (s, name) in strategies.enumerated() {
            var cells = [Format.csvField(scenario), Format.csvField(name), Format.csvField(strategies[0]),
                         String(seeds.count), seedText]
            for (m, metric) in CompareReport.metrics.enumerated() {
                let a = stats(strategy: s, metric: m), d = difference(strategy: s, metric: m)
                let digits = metric.decimals + 1
                cells += [Format.fixed(a.mean, digits), Format.fixed(a.halfWidth, digits),
                          Format.fixed(d.mean, digits), Format.fixed(d.halfWidth, digits)]
            }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// compare_runs.csv: one row per (strategy, seed) with each compared metric.
    public var runsCSV: String {
        var out = (["strategy", "seed"] + CompareReport.metrics.map(\.column)).joined(separator: ",") + "\n"
        for (s, name) in strategies.enumerated() {
            for (r, seed) in seeds.enumerated() {
                let cells = [Format.csvField(name), String(seed)]
                    + CompareReport.metrics.indices.map { Format.fixed(values[s][$0][r], CompareReport.metrics[$0].decimals) }
                out += cells.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The printed tables: means ± 95 % CI per strategy, then paired differences against
    /// the baseline.
    public var table: String {
        var rows: [[String]] = [["metric"] + strategies]
        for (m, metric) in CompareReport.metrics.enumerated() {
            rows.append([metric.label] + strategies.indices.map { s in
                cell(stats(strategy: s, metric: m), metric.decimals)
            })
        }
        var out = "mean ± 95% CI over \(seeds.count) seed\(seeds.count == 1 ? "" : "s")\n" + render(rows)
        if strategies.count > 1 {
            var diff: [[String]] = [["Δ vs \(strategies[0])"] + strategies.dropFirst()]
            for (m, metric) in CompareReport.metrics.enumerated() {
                diff.append([metric.label] + strategies.indices.dropFirst().map { s in
                    cell(difference(strategy: s, metric: m), metric.decimals, signed: true)
                })
            }
            out += "\npaired difference (strategy − \(strategies[0])) ± 95% CI\n" + render(diff)
        }
        return out
    }

    private func cell(_ v: (mean: Double?, halfWidth: Double?), _ decimals: Int, signed: Bool = false) -> String {
        guard let mean = v.mean else { return "–" }
        var text = Format.fixed(mean, decimals)
        if signed, mean >= 0 { text = "+" + text }
        if let h = v.halfWidth { text += " ± " + Format.fixed(h, decimals) }
        return text
    }

    private func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for row in rows {
            var line = "  "
            for (i, c) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += i == 0 ? c + pad : "  " + pad + c
            }
            out += line + "\n"
        }
        return out
    }
}

extension SummaryValue {
    /// The value as a number (counts and numbers), nil for text or not applicable.
    public var numeric: Double? {
        switch self {
        case .text: nil
        case .count(let n): Double(n)
        case .unsigned(let n): Double(n)
        case .number(let x, _): x
        }
    }
}
