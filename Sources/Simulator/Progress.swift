import Core

/// Where a running simulation is, handed to ``Simulation/progress`` every
/// ``everyEvents`` events so a front end can draw a progress line.
public struct SimulationProgress: Sendable, Equatable {
    /// How often the hook is called, in events (a power of two).
    public static let everyEvents = 1 << 14
    /// `everyEvents − 1`, for a cheap test in the event loop.
    static let everyEventsMask = everyEvents - 1

    /// Simulated time of the event just handled, ms.
    public var simulated: Millis
    /// The horizon, ms.
    public var horizon: Millis
    /// Events handled so far.
    public var events: Int

    /// Creates a progress value.
    public init(simulated: Millis, horizon: Millis, events: Int) {
        self.simulated = simulated
        self.horizon = horizon
        self.events = events
    }

    /// Share of the horizon simulated, 0…1.
    public var fraction: Double {
        horizon > 0 ? min(1, max(0, Double(simulated) / Double(horizon))) : 1
    }
}
