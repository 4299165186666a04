import Core
import Foundation
import Simulator

/// The charts of the HTML reports, each built from one or more runs' records. A run is
/// given with its legend label; every chart overlays the runs it is given.
public enum ReportCharts {
    /// Empirical CDF of rider wait (request to pickup), one step line per run.
    public static func waitCDF(_ runs: [(label: String, run: RunResult)]) -> LineChart {
        let series = runs.map { item -> LineSeries in
            let waits = item.run.requests.compactMap { $0.wait?.seconds }.sorted()
            var points: [(x: Double, y: Double?)] = waits.isEmpty ? [] : [(0, 0)]
            // At most ~400 steps: the value at evenly spaced ranks keeps the shape exact at those ranks.
            let stride = max(1, waits.count / 400)
            var i = stride - 1
            while i < waits.count {
                points.append((waits[i] / 60, Double(i + 1) / Double(waits.count)))
                i += stride
            }
            if let last = waits.last, points.last?.y != 1 { points.append((last / 60, 1)) }
            return LineSeries(name: item.label, points: points, step: true)
        }
        return LineChart(id: "wait-cdf", title: "Rider wait, request to pickup (CDF)", xLabel: "wait (min)",
                         yLabel: "share of pickups", series: series, yRange: (0, 1))
    }

    /// Time series charts: flows per interval, system state at interval ends, mean wait and mean surge.
    /// One run: a colour per measure. Several: a colour per run, solid or dashed per measure.
    public static func timeSeries(_ runs: [(label: String, run: RunResult)]) -> [LineChart] {
        let series = runs.map { ($0.label, TimeSeries($0.run).rows) }
        let single = runs.count == 1
        let horizonSeconds = (runs.map { $0.run.horizon }.max() ?? 0).seconds
        // Minutes up to 3 hours, hours beyond.
        let unit = horizonSeconds > 3 * 3600 ? 3600.0 : 60.0
        let horizon = horizonSeconds / unit
        func mid(_ r: TimeSeriesRow) -> Double { (r.start + r.end).seconds / 2 / unit }
        func end(_ r: TimeSeriesRow) -> Double { r.end.seconds / unit }
        typealias Measure = (name: String, x: (TimeSeriesRow) -> Double, y: (TimeSeriesRow) -> Double?)
        func lines(_ measures: [Measure]) -> [LineSeries] {
            series.enumerated().flatMap { run in
                measures.enumerated().map { m in
                    LineSeries(name: single ? m.element.name : "\(run.element.0) · \(m.element.name)",
                               points: run.element.1.map { (m.element.x($0), m.element.y($0)) },
                               color: single ? m.offset : run.offset, dashed: !single && m.offset > 0)
                }
            }
        }
        let flows: [Measure] = [("requests", mid, { Double($0.requests) }), ("matches", mid, { Double($0.matches) }),
                                ("cancellations", mid, { Double($0.cancellations) })]
        var state: [Measure] = [("idle drivers", end, { Double($0.idleDrivers) }), ("busy drivers", end, { Double($0.busyDrivers) }),
                                ("open requests", end, { Double($0.openRequests) })]
        // Runs whose idle drivers move (supply.repositioning) also show the repositioning drivers.
        if single, runs.contains(where: { !$0.run.repositioning.legs.isEmpty }) {
            state.append(("repositioning drivers", end, { Double($0.repositioningDrivers) }))
        }
        let interval = runs.first.map { Format.fixed($0.run.scenario.report.interval / 60, 1) } ?? ""
        let x = unit == 60 ? "simulated time (min)" : "simulated time (h)", range = (0.0, max(horizon, 1e-3))
        return [
            LineChart(id: "ts-flows", title: "Requests, matches and cancellations per \(interval)-minute interval",
                      xLabel: x, yLabel: "count per interval", series: lines(single ? flows : [flows[1], flows[2]]), xRange: range),
            LineChart(id: "ts-state", title: "Drivers and open requests at each interval's end",
                      xLabel: x, yLabel: "count", series: lines(single ? state : [state[1], state[2]]), xRange: range),
            LineChart(id: "ts-wait", title: "Mean wait of the interval's pickups", xLabel: x,
                      yLabel: "mean wait (s)", series: lines([("mean wait", mid, { $0.meanWait })]), xRange: range),
            LineChart(id: "ts-surge", title: "Mean surge multiplier of the interval's matches", xLabel: x,
                      yLabel: "surge (×)", series: lines([("mean surge", mid, { $0.meanSurge })]), xRange: range),
        ]
    }

    /// Pickup-ETA error by hour of the run: bias and MAE (one run) or MAE per run (several).
    public static func etaByHour(_ runs: [(label: String, run: RunResult)]) -> BarChart {
        let hours = runs.map { Breakdowns.etaByHour($0.run) }
        let count = hours.map(\.count).max() ?? 0
        let categories = (0..<count).map { k -> String in
            guard let run = runs.first?.run else { return String(k) }
            let local = run.scenario.start.addingTimeInterval(Double(k * 3600 + run.scenario.startUTCOffsetSeconds))
            let hour = Int(local.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400).rounded(.down)) / 3600
            let h = (hour + 24) % 24
            return (h < 10 ? "0" : "") + "\(h):00"
        }
        func pad(_ xs: [Double?]) -> [Double?] { xs + Array(repeating: nil, count: count - xs.count) }
        let groups: [(name: String, values: [Double?])] = runs.count == 1
            ? [("bias (actual − quoted)", pad(hours[0].map(\.eta.bias))), ("MAE", pad(hours[0].map(\.eta.mae)))]
            : zip(runs, hours).map { ("\($0.0.label) · MAE", pad($0.1.map(\.eta.mae))) }
        return BarChart(id: "eta-hour", title: "Pickup ETA error by hour (quoted vs actual)",
                        xLabel: "hour of the run (local time at its start)", yLabel: "seconds",
                        categories: categories, groups: groups)
    }

    /// Histogram of driver utilization (on trip / online) in 5 % bins, as a share of drivers.
    public static func utilization(_ runs: [(label: String, run: RunResult)]) -> BarChart {
        let bins = 20
        let groups = runs.map { item -> (name: String, values: [Double?]) in
            let u = Metrics(item.run).driverUtilizations
            var counts = [Int](repeating: 0, count: bins)
            for x in u { counts[min(bins - 1, max(0, Int(x * Double(bins))))] += 1 }
            return (item.label, counts.map { u.isEmpty ? nil : 100 * Double($0) / Double(u.count) })
        }
        let categories = (0..<bins).map { "\($0 * 100 / bins)" }
        return BarChart(id: "utilization", title: "Driver utilization (time on trip / time online)",
                        xLabel: "utilization, bin start (%, 5-point bins)", yLabel: "share of drivers (%)",
                        categories: categories, groups: groups)
    }
}
