import Core
import Simulator

/// One row of timeseries.csv: the flows during one report interval and the state of the
/// system at its end, all reconstructed from the request and driver records after the run.
public struct TimeSeriesRow: Sendable, Equatable {
    /// Interval start, ms.
    public var start: Millis
    /// Interval end, ms (the horizon for the last, possibly shorter, interval).
    public var end: Millis
    /// Requests made in [start, end).
    public var requests = 0
    /// Matches applied in [start, end).
    public var matches = 0
    /// Pickups in [start, end).
    public var pickups = 0
    /// Drop-offs in [start, end).
    public var completions = 0
    /// Cancellations in [start, end).
    public var cancellations = 0
    /// Sum of the surge multipliers of the interval's matches (mean = sum / matches).
    public var surgeSum = 0.0
    /// Sum of the waits of the interval's pickups, ms (mean = sum / pickups).
    public var waitSum: Millis = 0
    /// Drivers online at `end` with no rider assigned.
    public var idleDrivers = 0
    /// Drivers at `end` with a rider assigned (matched, not yet dropped off).
    public var busyDrivers = 0
    /// Requests at `end` made and neither matched nor cancelled yet.
    public var openRequests = 0
    /// Drivers at `end` driving empty to another place while available (repositioning).
    public var repositioningDrivers = 0
    /// Road metres of repositioning legs that ended in [start, end).
    public var repositionMeters = 0.0

    /// Mean surge of the interval's matches; nil without matches.
    public var meanSurge: Double? { matches > 0 ? surgeSum / Double(matches) : nil }
    /// Mean wait of the interval's pickups, seconds; nil without pickups.
    public var meanWait: Double? { pickups > 0 ? waitSum.seconds / Double(pickups) : nil }
}

/// The time series of a run: one ``TimeSeriesRow`` per `report.interval`.
public struct TimeSeries: Sendable {
    /// timeseries.csv columns, in order.
    public static let columns = [
        "interval_start_s", "interval_end_s", "requests", "matches", "pickups", "completions", "cancellations",
        "mean_surge", "mean_wait_s", "idle_drivers", "busy_drivers", "open_requests",
        "repositioning_drivers", "reposition_km",
    ]

    /// The rows, in time order; they tile [0, horizon).
    public let rows: [TimeSeriesRow]

    /// Builds the series of `run` with intervals of `interval` ms (the scenario's
    /// `report.interval` by default). Flows are counted in the interval that holds their
    /// time; states are taken at each interval's end, after the events at or before it.
    /// Idle = drivers online ([onlineFrom, onlineUntil) holds the end) − busy − repositioning.
    public init(_ run: RunResult, interval: Millis? = nil) {
        let step = max(1, interval ?? .fromSeconds(run.scenario.report.interval))
        let horizon = run.horizon
        let n = horizon > 0 ? Int((horizon + step - 1) / step) : 0
        var rows = (0..<n).map { k in
            TimeSeriesRow(start: Millis(k) * step, end: min(Millis(k + 1) * step, horizon))
        }
        guard n > 0 else { self.rows = rows; return }
        /// The interval holding time t (t < horizon).
        func slot(_ t: Millis) -> Int { min(n - 1, max(0, Int(t / step))) }
        /// The first interval whose end is ≥ t: the first end at which an interval [s, e) with s ≤ end is open.
        func firstEndAtOrAfter(_ t: Millis) -> Int { min(n - 1, max(0, Int((t + step - 1) / step) - 1)) }
        var busyDelta = [Int](repeating: 0, count: n + 1)
        var onlineDelta = [Int](repeating: 0, count: n + 1)
        for d in run.drivers {
            guard let from = d.onlineFrom else { continue }
            onlineDelta[firstEndAtOrAfter(from)] += 1
            if let until = d.onlineUntil { onlineDelta[firstEndAtOrAfter(until)] -= 1 }
        }
        var openDelta = [Int](repeating: 0, count: n + 1)
        for r in run.requests {
            rows[slot(r.requestTime)].requests += 1
            // Open over [request, match or cancel): counted at ends e with request ≤ e < close.
            openDelta[firstEndAtOrAfter(r.requestTime)] += 1
            if let close = r.matchTime ?? r.cancelTime { openDelta[firstEndAtOrAfter(close)] -= 1 }
            if let m = r.matchTime {
                let k = slot(m)
                rows[k].matches += 1
                rows[k].surgeSum += r.surge ?? 1
                busyDelta[firstEndAtOrAfter(m)] += 1
                if let d = r.dropoffTime { busyDelta[firstEndAtOrAfter(d)] -= 1 }
            }
            if let p = r.pickupTime, let w = r.wait {
                rows[slot(p)].pickups += 1
                rows[slot(p)].waitSum += w
            }
            if let d = r.dropoffTime { rows[slot(d)].completions += 1 }
            if r.outcome == .cancelled, let c = r.cancelTime { rows[slot(c)].cancellations += 1 }
        }
        var movingDelta = [Int](repeating: 0, count: n + 1)
        for leg in run.repositioning.legs where leg.end > leg.start {
            movingDelta[firstEndAtOrAfter(leg.start)] += 1
            // A leg cut by the horizon is still driving at the last end.
            if leg.end < horizon { movingDelta[firstEndAtOrAfter(leg.end)] -= 1 }
            rows[slot(min(leg.end, horizon - 1))].repositionMeters += leg.meters
        }
        var busy = 0, open = 0, online = 0, moving = 0
        for k in 0..<n {
            busy += busyDelta[k]
            moving += movingDelta[k]
            rows[k].repositioningDrivers = moving
            open += openDelta[k]
            online += onlineDelta[k]
            rows[k].busyDrivers = busy
            rows[k].openRequests = open
            rows[k].idleDrivers = online - busy - moving
        }
        self.rows = rows
    }

    /// timeseries.csv: a header and one row per interval.
    public var csv: String {
        var out = Self.columns.joined(separator: ",") + "\n"
        for r in rows {
            let cells = [
                Format.seconds(r.start), Format.seconds(r.end), String(r.requests), String(r.matches),
                String(r.pickups), String(r.completions), String(r.cancellations), Format.fixed(r.meanSurge, 4),
                Format.fixed(r.meanWait, 3), String(r.idleDrivers), String(r.busyDrivers), String(r.openRequests),
                String(r.repositioningDrivers), Format.fixed(r.repositionMeters / 1000, 3),
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }
}
