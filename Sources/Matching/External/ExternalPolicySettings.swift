import Core

/// The settings of the `external` strategy (`matching.external` in the scenario, or
/// `ridematch run --policy 'COMMAND'`), with what its `start` message tells the policy about
/// the run. docs/external.md describes the protocol.
public struct ExternalPolicySettings: Sendable, Equatable {
    /// The policy's command line, run by `/bin/sh -c` in the working directory (nil: not given).
    public var command: String?
    /// Whether the policy decides on each arrival and retry (`immediate`) rather than every batch window.
    public var immediate: Bool
    /// Longest wait for one answer, ms.
    public var timeout: Millis
    /// The scenario's name (`start.scenario`).
    public var scenario: String
    /// The run's seed (`start.seed`).
    public var seed: UInt64
    /// The scenario start as ISO-8601 with its UTC offset (`start.start`).
    public var start: String
    /// Seats per vehicle (`start.seats`).
    public var seats: Int
    /// Largest pickup ETA a candidate may have, seconds (`start.max_pickup_eta_s`).
    public var maxPickupEta: Double
    /// Whether `decide` lists every available vehicle (`matching.external.vehicles: available`)
    /// rather than the candidates only, and is sent whenever requests wait.
    public var listsAvailableVehicles: Bool
    /// Whether `decide` lists are written one array per field (`matching.external.encoding: columns`).
    public var columns: Bool

    /// Creates settings; the defaults describe no policy.
    public init(
        command: String? = nil, immediate: Bool = false, timeout: Millis = 5000, scenario: String = "", seed: UInt64 = 0,
        start: String = "1970-01-01T00:00:00Z", seats: Int = 1, maxPickupEta: Double = 600,
        listsAvailableVehicles: Bool = false, columns: Bool = false
    ) {
        self.columns = columns
        self.listsAvailableVehicles = listsAvailableVehicles
        self.command = command
        self.immediate = immediate
        self.timeout = timeout
        self.scenario = scenario
        self.seed = seed
        self.start = start
        self.seats = seats
        self.maxPickupEta = maxPickupEta
    }
}
