import Core

/// The merged result of a sweep: one row per planned run (finished, failed or missing) and
/// the statistics per grid point, written as sweep.csv, sweep_summary.csv and sweep.html.
public struct SweepReport: Sendable {
    /// One planned run and what became of it.
    public struct Run: Sendable, Equatable {
        /// The run's index in the plan.
        public var index: Int
        /// Index of its grid point.
        public var point: Int
        /// Its value of each axis (YAML text).
        public var values: [String]
        /// Its seed.
        public var seed: UInt64
        /// `ok`, `failed` or `missing` (never ran to an end, e.g. its Slurm task was killed).
        public var status: String
        /// The exit status `ridematch run` would give: 0, 2 bad input, 1 anything else; nil when missing.
        public var exitCode: Int?
        /// The error line of a failed or missing run.
        public var error: String
        /// The run's summary.csv cells by column (empty unless `ok`).
        public var summary: [String: String]

        /// Describes one run.
        public init(index: Int, point: Int, values: [String], seed: UInt64, status: String, exitCode: Int?,
                    error: String, summary: [String: String]) {
            self.index = index
            self.point = point
            self.values = values
            self.seed = seed
            self.status = status
            self.exitCode = exitCode
            self.error = error
            self.summary = summary
        }
    }

    /// The metrics of sweep_summary.csv (mean and 95 % interval per grid point), in order.
    public static let metrics: [CompareReport.Metric] = [
        .init(column: "match_rate", label: "match rate", decimals: 4),
        .init(column: "wait_p50_s", label: "median wait (s)", decimals: 3),
        .init(column: "wait_mean_s", label: "mean wait (s)", decimals: 3),
        .init(column: "wait_p90_s", label: "wait p90 (s)", decimals: 3),
        .init(column: "time_to_match_mean_s", label: "time to match (s)", decimals: 3),
        .init(column: "utilization", label: "driver utilization", decimals: 4),
        .init(column: "completed", label: "completed", decimals: 1),
        .init(column: "cancelled", label: "cancelled", decimals: 1),
        .init(column: "deadhead_km", label: "deadhead km", decimals: 3),
        .init(column: "pickup_eta_mae_s", label: "pickup ETA MAE (s)", decimals: 3),
        .init(column: "revenue_per_driver_hour", label: "revenue / driver hour", decimals: 4),
        .init(column: "earnings_gini", label: "earnings Gini", decimals: 4),
    ]

    /// The metrics drawn in sweep.html, one chart each.
    public static let chartMetrics = ["wait_p50_s", "utilization", "match_rate", "wait_p90_s"]

    /// Sweep name.
    public var name: String
    /// Grid axes: field paths and their values, in file order.
    public var axes: [(path: String, values: [String])]
    /// Seeds of every grid point.
    public var seeds: [UInt64]
    /// Columns of the runs' summary.csv, in order.
    public var summaryColumns: [String]
    /// Every planned run, in plan order.
    public var runs: [Run]
    /// One line about the set-up shown under the page title (scenario, fixed overrides).
    public var note: String

    /// A report of `runs` over the grid `axes`.
    public init(name: String, axes: [(path: String, values: [String])], seeds: [UInt64], summaryColumns: [String],
                runs: [Run], note: String) {
        self.name = name
        self.axes = axes
        self.seeds = seeds
        self.summaryColumns = summaryColumns
        self.runs = runs
        self.note = note
    }

    /// The grid points, each as one value per axis, in plan order.
    public var points: [[String]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { p in axis.values.map { p + [$0] } } }
    }

    /// sweep.csv: one row per planned run: run, the grid values, seed, status, exit_code,
    /// error, then every summary column (seed excepted, it is already there).
    public var csv: String {
        let columns = summaryColumns.filter { $0 != "seed" }
        var out = (["run"] + axes.map(\.path) + ["seed", "status", "exit_code", "error"] + columns)
            .map(Format.csvField).joined(separator: ",") + "\n"
        for run in runs {
            let cells = [String(run.index)] + run.values.map(Format.csvField)
                + [String(run.seed), run.status, run.exitCode.map(String.init) ?? "", Format.csvField(run.error)]
                + columns.map { run.summary[$0] ?? "" }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The values of `column` over the finished runs of grid point `point`.
    public func values(point: Int, column: String) -> [Double] {
        runs.filter { $0.point == point && $0.status == "ok" }.compactMap { $0.summary[column].flatMap(Double.init) }
    }

    /// `mean ± half-width` of `metric` at grid point `point` (`–` without finished runs).
    public func cell(point: Int, metric: CompareReport.Metric) -> String {
        let s = CompareStatistics.meanAndHalfWidth(values(point: point, column: metric.column))
        guard let mean = s.mean else { return "–" }
        return Format.fixed(mean, metric.decimals) + (s.halfWidth.map { " ± " + Format.fixed($0, metric.decimals) } ?? "")
    }

    /// sweep_summary.csv: one row per grid point: its values, runs, ok, failed, and the mean
    /// and 95 % interval half-width (Student t over the seeds) of each headline metric.
    public var summaryCSV: String {
        var header = axes.map(\.path) + ["runs", "ok", "failed"]
        for metric in Self.metrics { header += [metric.column + "_mean", metric.column + "_ci95"] }
        var out = header.map(Format.csvField).joined(separator: ",") + "\n"
        for (p, values) in points.enumerated() {
            let own = runs.filter { $0.point == p }
            var cells = values.map(Format.csvField) + [String(own.count), String(own.filter { $0.status == "ok" }.count),
                                                         String(own.filter { $0.status != "ok" }.count)]
            for metric in Self.metrics {
                let stats = CompareStatistics.meanAndHalfWidth(self.values(point: p, column: metric.column))
                cells += [Format.fixed(stats.mean, metric.decimals + 1), Format.fixed(stats.halfWidth, metric.decimals + 1)]
            }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The lines of one chart: the metric against the first axis, one line per combination
    /// of the other axes' values, with 95 % intervals.
    public func chart(_ column: String) -> LineChart {
        let metric = Self.metrics.first { $0.column == column } ?? .init(column: column, label: column, decimals: 3)
        let first = axes[0]
        let numeric = first.values.allSatisfy { Double($0) != nil }
        func x(_ i: Int) -> Double { numeric ? Double(first.values[i])! : Double(i) }
        let points = self.points
        let width = points.count / max(1, first.values.count)  // points per value of the first axis
        var series: [LineSeries] = []
        for line in 0..<width {
            var xy: [(x: Double, y: Double?)] = [], bars: [(x: Double, lo: Double, hi: Double)] = []
            for i in first.values.indices {
                let p = i * width + line
                let stats = CompareStatistics.meanAndHalfWidth(values(point: p, column: column))
                xy.append((x(i), stats.mean))
                if let mean = stats.mean, let h = stats.halfWidth { bars.append((x(i), mean - h, mean + h)) }
            }
            let others = zip(axes.dropFirst(), points[line].dropFirst()).map { "\($0.path)=\($1)" }.joined(separator: ", ")
            series.append(LineSeries(name: others.isEmpty ? metric.label : others, points: xy, intervals: bars))
        }
        let ticks = numeric ? nil : first.values.indices.map { (x: Double($0), label: first.values[$0]) }
        return LineChart(id: "sweep-\(column)", title: "\(metric.label) vs \(first.path)", xLabel: first.path,
                         yLabel: metric.label, series: series,
                         xRange: numeric ? nil : (-0.5, Double(first.values.count) - 0.5), xTicks: ticks)
    }

    /// sweep.html: the curves of the headline metrics with 95 % intervals, the table per
    /// grid point, and every failed run.
    public var html: String { HTMLReport.sweep(self) }
}

extension HTMLReport {
    /// sweep.html of a sweep (see ``SweepReport/html``).
    static func sweep(_ report: SweepReport) -> String {
        let ok = report.runs.filter { $0.status == "ok" }.count
        var body = "<h1>ridematch sweep: \(xml(report.name))</h1>\n"
        body += "<p class=\"meta\">\(xml(report.note)) · \(report.points.count) grid points × \(report.seeds.count) seeds · "
        body += "\(ok) of \(report.runs.count) runs finished</p>\n"
        body += "<p class=\"note\">Lines: mean over the seeds (common random numbers); bars: 95 % interval (Student t).</p>\n"
        body += "<div class=\"grid\">\n"
        for column in SweepReport.chartMetrics { body += figure(report.chart(column).svg) }
        body += "</div>\n<h2>Per grid point</h2>\n<p class=\"note\">Mean ± 95 % interval over the seeds; sweep_summary.csv has every metric.</p>\n"
        let shown = SweepReport.metrics.prefix(6)
        body += table(header: report.axes.map(\.path) + ["ok"] + shown.map(\.label), rows: report.points.enumerated().map { p, values in
            values + [String(report.runs.filter { $0.point == p && $0.status == "ok" }.count)] + shown.map { report.cell(point: p, metric: $0) }
        })
        let failed = report.runs.filter { $0.status != "ok" }
        if !failed.isEmpty {
            body += "<h2>Runs without a result</h2>\n"
            body += table(header: ["run"] + report.axes.map(\.path) + ["seed", "status", "exit code", "error"], rows: failed.map {
                [String($0.index)] + $0.values + [String($0.seed), $0.status, $0.exitCode.map(String.init) ?? "", $0.error]
            })
        }
        return page(title: "\(report.name) sweep", body: body)
    }
}
