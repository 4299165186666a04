import Core
import Simulator

/// Little's law for drivers over a window [from, to]: the mean number of busy drivers L
/// (assigned a rider: from match to drop-off) against the trip completion rate λ times the
/// mean busy time per trip W, all measured from the request records (docs/metrics.md).
/// With `truncatingAtHorizon` a trip still in progress at the horizon ends there, and over the
/// whole horizon L = λ·W exactly (a check that the driver ledger and the trips agree).
/// Without it only trips dropped off in the window count: the classic estimate, off by the
/// busy time of trips straddling the window's edges — small only in a steady state.
public struct LittlesLaw: Sendable, Equatable {
    /// The window, ms.
    public var from: Millis, to: Millis
    /// Time-average number of busy drivers over the window: Σ overlap of [match, drop-off or
    /// horizon) with the window / window length.
    public var meanBusyDrivers: Double
    /// Trips ending in the window (dropped off, or truncated at the horizon if so asked), per second.
    public var completionsPerSecond: Double
    /// Mean busy time (end − match) of the trips ending in the window, s.
    public var meanBusySeconds: Double

    /// λ · W.
    public var predictedBusyDrivers: Double { completionsPerSecond * meanBusySeconds }
    /// |L − λW| / L; nil when L = 0.
    public var relativeError: Double? {
        meanBusyDrivers > 0 ? abs(meanBusyDrivers - predictedBusyDrivers) / meanBusyDrivers : nil
    }

    /// Measures L, λ and W of `run` over [from, to) (clamped to the horizon; a window ending at
    /// the horizon includes it).
    public init(_ run: RunResult, from: Millis, to: Millis, truncatingAtHorizon: Bool = true) {
        let a = max(0, from), b = min(run.horizon, max(a, to))
        self.from = a
        self.to = b
        var busy: Millis = 0, completions = 0, busyOfCompleted: Millis = 0
        for r in run.requests {
            guard let m = r.matchTime else { continue }
            let end = r.dropoffTime ?? run.horizon
            busy += max(0, min(end, b) - max(m, a))
            let ends = r.dropoffTime != nil || truncatingAtHorizon
            if ends, end >= a, end < b || end == run.horizon && b == run.horizon {
                completions += 1
                busyOfCompleted += end - m
            }
        }
        let window = (b - a).seconds
        meanBusyDrivers = window > 0 ? busy.seconds / window : 0
        completionsPerSecond = window > 0 ? Double(completions) / window : 0
        meanBusySeconds = completions > 0 ? busyOfCompleted.seconds / Double(completions) : 0
    }
}
