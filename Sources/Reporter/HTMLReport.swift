import Core
import Foundation
import Simulator

/// The HTML reports: one self-contained file each (inline CSS and SVG, no scripts, no
/// links to other files or the network), readable in any browser offline.
public enum HTMLReport {
    /// report.html of one run: headline figures, the charts and the full summary table.
    public static func run(_ run: RunResult, summary: Summary? = nil) -> String {
        let summary = summary ?? Summary(run)
        let runs = [(label: run.strategy, run: run)]
        let title = "\(run.scenario.name) · \(run.strategy) · seed \(run.scenario.seed)"
        var body = "<h1>ridematch report: \(xml(title))</h1>\n"
        body += "<p class=\"meta\">\(xml(describe(run)))</p>\n"
        body += headline(summary)
        body += charts(runs)
        body += busiestZones(run)
        if run.scenario.demand.zones != nil { body += busiestZones(run, by: \.originDemandZone) }
        body += "<h2>Summary</h2>\n<p class=\"note\">Every figure is defined in docs/metrics.md; the same row is in summary.csv and summary.json.</p>\n"
        body += table(header: ["metric", "value", "unit"], rows: summary.fields.map { [$0.name, $0.value.csv, unit($0.name)] })
        return page(title: title, body: body)
    }

    /// compare.html of several runs (e.g. one per strategy on the same scenario and seed):
    /// every chart overlays the runs, and the summary table has one column per run.
    /// A run is labelled by its strategy, plus its seed where a strategy appears more than once;
    /// `note`, if given, is shown under the title.
    public static func compare(runs: [RunResult], note: String? = nil) -> String {
        let labelled = labels(runs)
        let name = runs.first?.scenario.name ?? "no runs"
        var body = "<h1>ridematch comparison: \(xml(name))</h1>\n"
        body += "<p class=\"meta\">\(xml(labelled.map(\.label).joined(separator: " · ")))"
        if let first = runs.first { body += " — \(xml(describe(first)))" }
        body += "</p>\n"
        if let note { body += "<p class=\"note\">\(xml(note))</p>\n" }
        body += charts(labelled)
        let summaries = runs.map { Summary($0) }
        let names = summaries.first?.fields.map(\.name) ?? []
        body += "<h2>Summary</h2>\n<p class=\"note\">One column per run; every figure is defined in docs/metrics.md.</p>\n"
        body += table(header: ["metric"] + labelled.map(\.label),
                      rows: names.map { column in [column] + summaries.map { $0[column]?.csv ?? "" } })
        return page(title: "\(name) comparison", body: body)
    }

    /// Legend labels: the strategy, with " · seed N" where the strategy is not unique.
    public static func labels(_ runs: [RunResult]) -> [(label: String, run: RunResult)] {
        runs.map { run in
            let repeated = runs.filter { $0.strategy == run.strategy }.count > 1
            return (repeated ? "\(run.strategy) · seed \(run.scenario.seed)" : run.strategy, run)
        }
    }

    /// One line about the run's set-up.
    static func describe(_ run: RunResult) -> String {
        let s = run.scenario
        let start = ISO8601DateFormatter.string(from: s.start, timeZone: TimeZone(secondsFromGMT: s.startUTCOffsetSeconds) ?? .gmt,
                                                formatOptions: [.withInternetDateTime])
        return "start \(start), \(Format.fixed(s.duration / 3600, 2)) h simulated, \(run.drivers.count) drivers, "
            + "\(run.requests.count) requests, report interval \(Format.fixed(s.report.interval, 0)) s"
    }

    static func charts(_ runs: [(label: String, run: RunResult)]) -> String {
        var s = "<h2>Rider wait</h2>\n" + figure(ReportCharts.waitCDF(runs).svg)
        s += "<h2>Over time</h2>\n<div class=\"grid\">\n"
        for chart in ReportCharts.timeSeries(runs) { s += figure(chart.svg) }
        s += "</div>\n<h2>Pickup ETA and drivers</h2>\n<div class=\"grid\">\n"
        s += figure(ReportCharts.etaByHour(runs).svg) + figure(ReportCharts.utilization(runs).svg)
        return s + "</div>\n"
    }

    /// The unit of a summary column, from its name's suffix.
    static func unit(_ column: String) -> String {
        let units: [(String, String)] = [("events_per_s", "1/s"), ("trips_per_driver_hour", "1/h"),
                                         ("revenue_per_driver_hour", "currency/h"), ("busy_drivers_mean", "drivers"),
                                         ("revenue", "currency"), ("_us", "µs"), ("_pct", "%"), ("_km", "km"),
                                         ("_h", "h"), ("_s", "s")]
        return units.first { column.hasSuffix($0.0) }?.1 ?? ""
    }

    /// The ten zones with the most requests (zones.csv has them all): traffic zones, or demand
    /// zones with `\.originDemandZone` (demand_zones.csv).
    static func busiestZones(_ run: RunResult, by key: KeyPath<RequestRecord, Int?> = \.originZone) -> String {
        let zones = Breakdowns.zones(run, by: key).sorted { ($0.requests, -$0.zone) > ($1.requests, -$1.zone) }.prefix(10)
        guard !zones.isEmpty else { return "" }
        let (title, kind, file) = key == \RequestRecord.originZone
            ? ("Busiest pickup zones", "traffic", "zones.csv") : ("Busiest demand zones", "demand", "demand_zones.csv")
        var s = "<h2>\(title)</h2>\n<p class=\"note\">The \(zones.count) \(kind) zones with the most requests; \(file) lists every zone.</p>\n"
        s += table(header: ["zone", "requests", "match rate", "wait mean (s)", "wait p90 (s)", "ETA bias (s)", "ETA MAE (s)"],
                   rows: zones.map { z in
                       [z.zone >= 0 ? String(z.zone) : "none", String(z.requests),
                        Format.fixed(Double(z.outcomes[0] + z.outcomes[1]) / Double(max(1, z.requests)), 4),
                        Format.fixed(mean(z.waits), 1), Format.fixed(nearestRank(z.waits, 90), 1),
                        Format.fixed(z.eta.bias, 1), Format.fixed(z.eta.mae, 1)]
                   })
        return s
    }

    static func figure(_ svg: String) -> String { "<figure>\n" + svg + "</figure>\n" }

    static func headline(_ summary: Summary) -> String {
        let cards: [(String, String, String)] = [
            ("requests", "requests", ""), ("match rate", "match_rate", ""), ("wait p50", "wait_p50_s", " s"),
            ("wait p90", "wait_p90_s", " s"), ("pickup ETA MAE", "pickup_eta_mae_s", " s"),
            ("utilization", "utilization", ""), ("revenue / driver h", "revenue_per_driver_hour", ""),
            ("decision p99", "decision_latency_p99_us", " µs"),
        ]
        var s = "<div class=\"cards\">\n"
        for (label, column, unit) in cards {
            let value = summary[column]?.csv ?? ""
            s += "<div class=\"card\"><div class=\"label\">\(xml(label))</div><div class=\"value\">\(value.isEmpty ? "–" : xml(value + unit))</div></div>\n"
        }
        return s + "</div>\n"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var s = "<table>\n<thead><tr>" + header.map { "<th>\(xml($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            s += "<tr>" + row.enumerated().map { $0.offset == 0 ? "<td class=\"name\">\(xml($0.element))</td>" : "<td>\(xml($0.element))</td>" }.joined() + "</tr>\n"
        }
        return s + "</tbody>\n</table>\n"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(xml(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)<footer>Generated by ridematch. Self-contained: no scripts, no external resources.</footer>
        </body>
        </html>

        """
    }

    static let css = """
        body { font-family: "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px auto; max-width: 1320px; padding: 0 16px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .meta, .note, footer { color: #666; font-size: 13px; } footer { margin-top: 32px; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 104px; background: #fafafa; }
        .card .label { font-size: 12px; color: #666; } .card .value { font-size: 20px; font-weight: 600; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 4px; background: #fff; }
        svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
        svg .title { font-size: 14px; font-weight: 600; fill: #222; } svg .legend, svg .tick { font-size: 11px; fill: #444; }
        svg .axis-title { font-size: 12px; fill: #444; } svg .empty { font-size: 13px; fill: #999; }
        svg .grid { stroke: #e6e6e6; stroke-width: 1; } svg .axis { stroke: #888; stroke-width: 1; }
        svg .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
        table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 10px; text-align: right; }
        th { background: #f2f2f2; } td.name { text-align: left; font-family: "DejaVu Sans Mono", monospace; }
        tbody tr:nth-child(even) { background: #fafafa; }
        """
}
