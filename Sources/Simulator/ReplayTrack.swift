import Core

/// What a driver is doing, as the replay shows it.
public enum ReplayPhase: UInt8, Sendable, CaseIterable {
    /// Online and available.
    case idle = 0
    /// Driving to a rider.
    case toPickup = 1
    /// Carrying a rider.
    case onTrip = 2
    /// Off shift.
    case offline = 3
    /// Driving empty to another place on the platform's or its own initiative (repositioning).
    case repositioning = 4
}

/// Positions sampled at a fixed interval for the report's animated replay: the true position
/// and phase of a fixed sample of drivers, the open requests of the same sample, and per
/// frame the counts over all drivers and requests.
///
/// Sample rule (bounded page and memory): frames are taken at 0, `interval`, 2·`interval`, …
/// before the horizon; at most `requestedDrivers` drivers and at most
/// ``maxPositions`` / frames of them are followed, chosen by a fixed stride over driver ids
/// (ids 0, stride, 2·stride, … with stride = ⌈drivers / that bound⌉); the open requests shown
/// are those with `id % stride == 0` (the same share of demand as of supply), at most
/// ``maxPositions`` marks over the whole run.
public struct ReplayTrack: Sendable, Equatable {
    /// Most driver positions (frames × sampled drivers) and most request marks a track holds.
    public static let maxPositions = 600_000

    /// Per-frame totals over every driver and request (not only the sample).
    public struct Counts: Sendable, Equatable {
        /// Drivers by ``ReplayPhase`` raw value.
        public var drivers: [Int32] = Array(repeating: 0, count: ReplayPhase.allCases.count)
        /// Requests waiting for a match.
        public var openRequests: Int32 = 0
    }

    /// The projection centre of the plane coordinates below (the city centre).
    public var center: GeoPoint
    /// Time between frames, ms.
    public var interval: Millis
    /// Driver-id stride of the sample.
    public var stride: Int
    /// Ids of the followed drivers, ascending.
    public var drivers: [Int32]
    /// Frame times, ms.
    public var times: [Millis] = []
    /// Plane positions (metres east/north of ``center``) of the followed drivers, frame-major:
    /// driver `k` of frame `f` at `f * drivers.count + k`.
    public var x: [Float] = [], y: [Float] = []
    /// Phases, same layout, ``ReplayPhase`` raw values.
    public var phases: [UInt8] = []
    /// Open-request marks of frame `f`: indices `requestStarts[f] ..< requestStarts[f + 1]`.
    public var requestStarts: [Int32] = [0]
    /// Plane positions of the open-request marks (pickup points).
    public var requestX: [Float] = [], requestY: [Float] = []
    /// Totals per frame.
    public var counts: [Counts] = []

    /// An empty track following every `stride`-th of `driverCount` drivers.
    public init(center: GeoPoint, interval: Millis, horizon: Millis, driverCount: Int, requestedDrivers: Int) {
        self.center = center
        self.interval = max(1, interval)
        let frames = max(1, Int((horizon + self.interval - 1) / self.interval))
        let cap = max(1, min(requestedDrivers, Self.maxPositions / frames))
        stride = max(1, (driverCount + cap - 1) / cap)
        drivers = Swift.stride(from: 0, to: driverCount, by: stride).map { Int32($0) }
    }

    /// Number of frames recorded.
    public var frameCount: Int { times.count }
}
