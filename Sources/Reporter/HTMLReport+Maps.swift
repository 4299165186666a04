import Core
import Simulator

extension HTMLReport {
    /// The zone maps of a run: mean wait, requests, unserved share and idle supply, each
    /// coloured by zone with a legend, a distance scale and the zone's numbers on hover.
    static func maps(_ run: RunResult) -> String {
        let figures = ZoneFigures(run)
        guard !figures.shapes.isEmpty else { return "" }
        let frame = MapFrame(shapes: figures.shapes, fallback: run.scenario.city.center)
        var tooltips: [String: String] = [:]
        for shape in figures.shapes {
            let r = figures.rows[shape.id] ?? ZoneFigures.Row()
            tooltips[shape.id] = "zone \(shape.id): \(r.requests) requests, mean wait "
                + (r.waitMean.map { Format.fixed($0, 1) + " s" } ?? "–") + ", not served "
                + (r.unservedShare.map { Format.fixed(100 * $0, 1) + " %" } ?? "–")
                + ", idle drivers (mean) " + Format.fixed(r.idleDrivers, 2)
        }
        func map(_ id: String, _ title: String, _ unit: String, _ decimals: Int, _ value: (ZoneFigures.Row) -> Double?) -> String {
            var values: [String: Double] = [:]
            for (zone, row) in figures.rows { if let v = value(row) { values[zone] = v } }
            let m = ZoneMap(id: id, title: title, unit: unit, decimals: decimals, shapes: figures.shapes, values: values,
                            tooltips: tooltips, roads: run.roads)
            return figure(m.svg(frame: frame))
        }
        var s = "<h2>Maps</h2>\n<p class=\"note\">By \(figures.layer) of the pickup point (idle supply: where drivers waited). "
        let file = figures.layer == "demand zones" ? "demand_zones.csv" : "zones.csv"
        s += "Hover over a zone for its numbers; \(file) has them per zone. Grey: no data.</p>\n<div class=\"grid\">\n"
        s += map("map-wait", "Mean wait (request to pickup)", "s", 0) { $0.waitMean }
        s += map("map-requests", "Requests by pickup zone", "requests", 0) { $0.requests > 0 ? Double($0.requests) : nil }
        s += map("map-unserved", "Not served (cancelled or unmatched)", "% of requests", 1) { $0.unservedShare.map { 100 * $0 } }
        s += map("map-idle", "Idle supply (mean idle drivers in the zone)", "drivers", 1) { $0.idleDrivers > 0 ? $0.idleDrivers : nil }
        s += "</div>\n"
        return s + ReplayPanel.html(run, shapes: figures.shapes, frame: frame, roads: run.roads)
    }

    /// compare.html's difference maps: per zone, the mean over paired replications of the
    /// strategy's mean wait minus the baseline's (blue: shorter waits than the baseline).
    static func differenceMaps(_ runs: [RunResult], zoneWaits: [[[String: Double]]]) -> String {
        guard let first = runs.first, zoneWaits.count == runs.count, runs.count > 1 else { return "" }
        let shapes = ZoneFigures(first).shapes
        guard !shapes.isEmpty else { return "" }
        let frame = MapFrame(shapes: shapes, fallback: first.scenario.city.center)
        let baseline = runs[0].strategy
        var s = "<h2>Wait difference by zone</h2>\n<p class=\"note\">Mean per-zone wait of each strategy minus \(xml(baseline)) "
        s += "(the baseline), averaged over the \(zoneWaits[0].count) paired replications (same seeds) in which both had pickups in the zone. "
        s += "Blue: shorter waits than \(xml(baseline)); red: longer.</p>\n<div class=\"grid\">\n"
        for k in 1..<runs.count {
            let diff = ZoneFigures.pairedWaitDifference(zoneWaits[k], zoneWaits[0])
            var tooltips: [String: String] = [:]
            for shape in shapes {
                tooltips[shape.id] = diff[shape.id].map { "zone \(shape.id): \(Format.fixed($0.mean, 1)) s over \($0.pairs) replications" }
                    ?? "zone \(shape.id): no paired pickups"
            }
            let m = ZoneMap(id: "map-diff-\(k)", title: "\(runs[k].strategy) − \(baseline): mean wait", unit: "s", decimals: 0,
                            shapes: shapes, values: diff.mapValues(\.mean), tooltips: tooltips, diverging: true)
            s += figure(m.svg(frame: frame))
        }
        return s + "</div>\n"
    }

    /// Styles of the maps and the replay panel.
    static let mapCSS = """
        svg.map { display: block; max-width: 100%; height: auto; font-family: inherit; background: #fff; }
        svg.map path.zone { stroke: #fff; stroke-width: 0.6; } svg.map path.zone:hover { stroke: #222; stroke-width: 1.5; }
        svg.map .outlines path { fill: #f4f4f4; stroke: #c8c8c8; stroke-width: 0.6; }
        .replay .controls { display: flex; gap: 10px; align-items: center; margin: 6px 0; font-size: 13px; }
        .replay #replay-slider { width: 420px; } .replay .clock { font-family: "DejaVu Sans Mono", monospace; }
        #replay-drivers .p0 { fill: #59a14f; } #replay-drivers .p1 { fill: #f28e2b; } #replay-drivers .p2 { fill: #4e79a7; }
        #replay-drivers .p3 { display: none; } #replay-drivers .p4 { fill: #b07aa1; } #replay-requests .rq { fill: #e15759; }
        """
}
