import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A flag that asks long work (a simulation, a report write) to stop at its next check.
///
/// Raising it is thread-safe; loops poll ``isRaised`` every few thousand steps, so the
/// check costs nothing measurable.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private let followed: [StopFlag]

    /// A flag that is not raised.
    public init() { followed = [] }

    /// A flag that is raised when it is, or when any of `flags` is (a run stops on Ctrl-C
    /// and when its strategy fails).
    public init(following flags: [StopFlag]) { followed = flags }

    /// Whether someone asked to stop.
    public var isRaised: Bool {
        lock.lock()
        let own = raised
        lock.unlock()
        return own || followed.contains { $0.isRaised }
    }

    /// Asks the work to stop.
    public func raise() {
        lock.lock(); defer { lock.unlock() }
        raised = true
    }
}

/// Ctrl-C (SIGINT) handling for commands that write reports: the first SIGINT raises
/// ``flag`` so the run stops cleanly (no partial report, the previous one intact); a
/// second SIGINT ends the process at once with status 130.
public enum Interrupt {
    /// Raised by the first SIGINT after ``install()``.
    public static let flag = StopFlag()

    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?
    private static let lock = NSLock()

    /// Routes SIGINT to ``flag`` (idempotent). Call before starting long work.
    public static func install() {
        lock.lock(); defer { lock.unlock() }
        guard source == nil else { return }
        signal(SIGINT, SIG_IGN)  // the dispatch source receives it instead of the default action
        let signals = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "ridematch.sigint"))
        signals.setEventHandler {
            if flag.isRaised { _exit(130) }
            flag.raise()
        }
        signals.resume()
        source = signals
    }

    nonisolated(unsafe) private static var termination: (any DispatchSourceSignal)?

    /// Also routes SIGTERM to ``flag`` (idempotent), for long-lived commands
    /// (`ridematch engine --kafka`) that a supervisor stops with SIGTERM.
    public static func installTermination() {
        install()
        lock.lock(); defer { lock.unlock() }
        guard termination == nil else { return }
        signal(SIGTERM, SIG_IGN)
        let signals = DispatchSource.makeSignalSource(signal: SIGTERM, queue: DispatchQueue(label: "ridematch.sigterm"))
        signals.setEventHandler { flag.raise() }
        signals.resume()
        termination = signals
    }
}
