import Foundation
import Simulator
import Synchronization

/// A one-line progress display on standard error for long runs: simulated time, events per
/// wall-clock second and the estimated time to finish, redrawn in place with `\r`. It shows
/// only once a run has taken 2 s, at most 4 times a second, and only when standard error is a
/// terminal; ``finish()`` erases it.
final class ProgressLine: Sendable {
    private struct State {
        var started = Date()
        var lastDrawn: Date?
        var shown = false
    }

    private let state = Mutex(State())
    private let enabled: Bool

    /// A progress line that draws only if `enabled` and standard error is a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) == 1
    }

    /// The hook to hand to the simulation, or nil when the line is off.
    var hook: (@Sendable (SimulationProgress) -> Void)? {
        guard enabled else { return nil }
        return { @Sendable [self] p in self.update(p) }
    }

    /// The text of the line for a progress value after `elapsed` wall-clock seconds.
    static func text(_ p: SimulationProgress, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(p.events) / elapsed : 0
        let left = p.fraction > 0 ? elapsed * (1 - p.fraction) / p.fraction : 0
        return "simulated \(clock(p.simulated / 1000)) of \(clock(p.horizon / 1000)) (\(Int(p.fraction * 100)) %) · "
            + "\(Int(rate.rounded())) events/s · ETA \(clock(Int64(left.rounded(.up))))"
    }

    /// Seconds as h:mm:ss.
    static func clock(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        let mm = (s / 60) % 60, ss = s % 60
        return "\(s / 3600):" + (mm < 10 ? "0" : "") + "\(mm):" + (ss < 10 ? "0" : "") + "\(ss)"
    }

    private func update(_ p: SimulationProgress) {
        let now = Date()
        let line: String? = state.withLock { s in
            let elapsed = now.timeIntervalSince(s.started)
            guard elapsed >= 2, s.lastDrawn.map({ now.timeIntervalSince($0) >= 0.25 }) ?? true else { return nil }
            s.lastDrawn = now
            s.shown = true
            return Self.text(p, elapsed: elapsed)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
    }

    /// Erases the line if it was drawn.
    func finish() {
        let wasShown = state.withLock { s in
            defer { s.shown = false }
            return s.shown
        }
        if wasShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
