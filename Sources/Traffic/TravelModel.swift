import Core

/// A predicted journey between two points: how long and how far.
public struct TravelEstimate: Sendable, Equatable {
    /// Driving time, seconds.
    public var seconds: Double
    /// Road distance, metres.
    public var meters: Double

    /// Creates an estimate.
    public init(seconds: Double, meters: Double) {
        self.seconds = seconds
        self.meters = meters
    }
}

/// A predicted pickup: the ETA the engine quotes and, when the model knows it, the road
/// distance of that pickup route (nil: straight-line distance × detour factor).
public struct PickupEstimate: Sendable, Equatable {
    /// Predicted pickup time, seconds (`.infinity` when beyond the search bound).
    public var seconds: Double
    /// Road distance of the predicted route, metres, when the model routes on roads.
    public var roadMeters: Double?

    /// Creates an estimate.
    public init(seconds: Double, roadMeters: Double? = nil) {
        self.seconds = seconds
        self.roadMeters = roadMeters
    }
}

/// The path a driver follows on one leg, as a polyline timed at historical speeds.
/// Empty for the straight-line model (the driver moves on the segment from start to end).
/// Kept per driver and refilled in place, so legs do not allocate once warmed up.
public struct LegPath: Sendable {
    /// The polyline's vertices on the city plane, first = leg start, last = leg end.
    public var points: [PlanePoint] = []
    /// Historical seconds from the leg start to each vertex (same count as `points`).
    public var seconds: [Double] = []

    /// Where the last ``trackPosition(atFraction:)`` found its segment: a hint, not state
    /// (every answer is the same as ``position(atFraction:)``'s).
    @usableFromInline var cursor = 1

    /// An empty path.
    public init() {}

    /// Whether the leg is a straight segment (no polyline).
    @inlinable public var isStraight: Bool { points.count < 2 }

    /// Empties the path, keeping its storage.
    public mutating func removeAll() {
        points.removeAll(keepingCapacity: true)
        seconds.removeAll(keepingCapacity: true)
        cursor = 1
    }

    /// The position after `fraction` (0…1) of the leg's time, interpolated along the polyline.
    /// Noise scales a whole leg's time uniformly, so a fraction of true time is the same
    /// fraction of historical time.
    /// - Precondition: not ``isStraight``.
    @inlinable public func position(atFraction fraction: Double) -> PlanePoint {
        let total = seconds[seconds.count - 1]
        guard total > 0 else { return points[points.count - 1] }
        let t = min(1, max(0, fraction)) * total
        // First vertex whose time is >= t (binary search), then interpolate on the segment before it.
        var lo = 1, hi = seconds.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if seconds[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return interpolate(t, onSegmentEndingAt: lo)
    }

    /// ``position(atFraction:)``, found by walking from the segment of the previous call
    /// (pings come in time order, so this is a step or two instead of a binary search). The
    /// same vertex (the first whose time is >= t; times never decrease), so the same point.
    /// - Precondition: not ``isStraight``.
    @inlinable public mutating func trackPosition(atFraction fraction: Double) -> PlanePoint {
        let total = seconds[seconds.count - 1]
        guard total > 0 else { return points[points.count - 1] }
        let t = min(1, max(0, fraction)) * total
        let last = seconds.count - 1
        var lo = min(max(cursor, 1), last)
        while lo > 1, seconds[lo - 1] >= t { lo -= 1 }
        while lo < last, seconds[lo] < t { lo += 1 }
        cursor = lo
        return interpolate(t, onSegmentEndingAt: lo)
    }

    @inlinable func interpolate(_ t: Double, onSegmentEndingAt lo: Int) -> PlanePoint {
        let span = seconds[lo] - seconds[lo - 1]
        let f = span > 0 ? (t - seconds[lo - 1]) / span : 1
        return points[lo - 1].interpolated(to: points[lo], fraction: f)
    }
}

/// A leg as driven: its road distance and the mean historical speed along it. The simulator's
/// true time is `meters / (speed × noise)`.
public struct DrivenLeg: Sendable, Equatable {
    /// Road distance, metres.
    public var meters: Double
    /// Mean historical speed over the leg, metres per second (0 for a zero-length leg).
    public var speed: Double

    /// Creates a leg.
    public init(meters: Double, speed: Double) {
        self.meters = meters
        self.speed = speed
    }
}

/// How long and how far from A to B at an hour of the week, and the path a driver follows:
/// the seam between the world's geometry and the engine and simulator.
///
/// Two implementations: ``TrafficModel`` (straight line × detour factor at zone speeds, the
/// default) and `NetworkTravelModel` (module RoadNetwork: an OSM road graph with historical
/// speeds by road class and hour). Models are immutable values safe to share; a model that
/// needs search scratch space keeps it in a workspace that belongs to one owner — each owner
/// (the engine, the simulator) calls ``privateCopy()`` once and queries its own copy.
public protocol TravelModel: Sendable {
    /// A copy with its own query workspace (the same model otherwise).
    func privateCopy() -> any TravelModel

    /// The largest straight-line distance a driver can cover within `maxSeconds` at
    /// `hourOfWeek`: the radius of the engine's candidate search. Straight-line distance ÷
    /// this radius × `maxSeconds` is a lower bound of any predicted ETA.
    func searchRadius(maxSeconds: Double, hourOfWeek: Int) -> Double

    /// The point where a rider or driver at `point` stands on the model's roads (identity for
    /// the straight-line model; the nearest routable node on a network).
    func snap(_ point: PlanePoint) -> PlanePoint

    /// The engine's predicted pickup from a driver at `from` to a rider at `to`, exact when
    /// it is at most `bound` seconds (larger values may be reported as `.infinity`).
    func pickupEstimate(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, bound: Double) -> PickupEstimate

    /// The engine's predicted trip from `from` to `to` starting in `hourOfWeek`.
    func trip(from: PlanePoint, to: PlanePoint, hourOfWeek: Int) -> TravelEstimate

    /// The leg a driver drives from `from` to `to` starting in `hourOfWeek`: fills `path`
    /// (emptied first; left empty for a straight segment) and returns its distance and speed.
    func drive(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, path: inout LegPath) -> DrivenLeg

    /// The straight-line model this model is, when every answer is that model's closed-form
    /// arithmetic: callers on a hot path (the candidate search) then ask it directly, and
    /// nobody memoizes its answers (they cost less than a lookup). Nil (the default) for a
    /// model that searches, such as a road network.
    var straightLineModel: TrafficModel? { get }

    /// Whether drivers' legs follow road routes (``drive(from:to:hourOfWeek:path:)`` fills a
    /// polyline): a run then records each trip's route (trip_routes.csv). Default false.
    var drivesRoutes: Bool { get }

    /// The streets as lat/lon polylines, drawn under the report's maps and replay; empty (the
    /// default) for a model without roads.
    func roadPolylines() -> [[GeoPoint]]

    /// How far `point` lies from where the model can take it, metres, when that is farther
    /// than the model allows (a road network's snap distance); nil when the point is usable.
    func offNetworkMeters(_ point: PlanePoint) -> Double?
}

extension TravelModel {
    /// A searching model (the default): no closed-form shortcut.
    public var straightLineModel: TrafficModel? { nil }
    /// Legs are straight segments (the default).
    public var drivesRoutes: Bool { false }
    /// No roads to draw (the default).
    public func roadPolylines() -> [[GeoPoint]] { [] }

    /// Every point is usable (straight lines reach everywhere).
    public func offNetworkMeters(_ point: PlanePoint) -> Double? { nil }
}

extension TrafficModel: TravelModel {
    /// The model itself: it has no scratch state.
    public func privateCopy() -> any TravelModel { self }

    /// The model itself: every answer is closed-form arithmetic on the zone speeds.
    public var straightLineModel: TrafficModel? { self }

    /// `maxSeconds` × the fastest zone speed of the hour ÷ ``detourFactor``.
    public func searchRadius(maxSeconds: Double, hourOfWeek: Int) -> Double {
        let fastest = (0..<zoneCount).reduce(0.0) { max($0, speedMetersPerSecond(zoneIndex: $1, hourOfWeek: hourOfWeek)) }
        return maxSeconds * fastest / detourFactor
    }

    /// The point itself: the straight-line world has no roads to snap to.
    public func snap(_ point: PlanePoint) -> PlanePoint { point }

    /// ``eta(from:to:hourOfWeek:)``; no road distance (straight line × detour factor).
    public func pickupEstimate(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, bound: Double) -> PickupEstimate {
        PickupEstimate(seconds: eta(from: from, to: to, hourOfWeek: hourOfWeek))
    }

    /// ``eta(from:to:hourOfWeek:)`` and ``roadDistance(from:to:)``.
    public func trip(from: PlanePoint, to: PlanePoint, hourOfWeek: Int) -> TravelEstimate {
        TravelEstimate(seconds: eta(from: from, to: to, hourOfWeek: hourOfWeek), meters: roadDistance(from: from, to: to))
    }

    /// Road distance = straight line × detour factor, at the speed of the zone holding the
    /// leg's midpoint; the path stays empty (a straight segment).
    public func drive(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, path: inout LegPath) -> DrivenLeg {
        path.removeAll()
        let meters = roadDistance(from: from, to: to)
        guard meters > 0 else { return DrivenLeg(meters: meters, speed: 0) }
        let zone = zoneIndex(at: from.interpolated(to: to, fraction: 0.5))
        return DrivenLeg(meters: meters, speed: speedMetersPerSecond(zoneIndex: zone, hourOfWeek: hourOfWeek))
    }
}
