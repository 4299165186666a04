import Core

/// Pooling limits from the scenario (`supply.seats`, `matching.pool`), the same for every
/// vehicle. Solo service is `seats == 1`.
public struct PoolSettings: Sendable, Equatable {
    /// Riders a vehicle may carry at once.
    public var seats: Int
    /// Longest promised pickup wait, seconds from the request's event time.
    public var maxWait: Double
    /// Longest promised extra in-vehicle time over the rider's direct trip, seconds.
    public var maxDetour: Double

    /// Creates the settings.
    public init(seats: Int, maxWait: Double, maxDetour: Double) {
        self.seats = seats
        self.maxWait = maxWait
        self.maxDetour = maxDetour
    }

    /// One seat, ten-minute bounds: what a scenario without pooling settings gets.
    public static let solo = PoolSettings(seats: 1, maxWait: 600, maxDetour: 600)
}

/// What a vehicle does at a planned stop.
public enum StopKind: UInt8, Sendable, Equatable, CustomStringConvertible {
    /// A rider boards.
    case pickup
    /// A rider alights.
    case dropoff

    /// `pickup` or `dropoff`, as written in stops.csv.
    public var description: String { self == .pickup ? "pickup" : "dropoff" }
}

/// One stop of a vehicle's plan: pick up or drop off one rider at a point.
public struct PlannedStop: Sendable, Equatable {
    /// Pickup or drop-off.
    public var kind: StopKind
    /// The rider (request) id.
    public var request: Int32
    /// Where (the rider's origin or destination, on the plane).
    public var point: PlanePoint

    /// Creates a stop.
    public init(kind: StopKind, request: Int32, point: PlanePoint) {
        self.kind = kind
        self.request = request
        self.point = point
    }
}

/// A rider assigned to a vehicle and not yet dropped off, with the promise made at match
/// time. The promise is two bounds, never broken by a later insertion (checked against the
/// engine's predicted times): pickup no later than ``latestPickup``, and in-vehicle time
/// (drop-off − pickup) at most ``maxRide`` = direct trip + `max_detour`.
public struct PoolRider: Sendable, Equatable {
    /// The rider (request) id.
    public var request: Int32
    /// Pickup point.
    public var origin: PlanePoint
    /// Drop-off point.
    public var destination: PlanePoint
    /// Latest promised pickup, seconds since the scenario start (request time + `max_wait`).
    public var latestPickup: Double
    /// Predicted direct trip time origin → destination at match time, seconds.
    public var directSeconds: Double
    /// The hour of week `directSeconds` was predicted for (-1: unknown). A rider who boards in
    /// another hour is promised the direct trip of that hour plus `max_detour`.
    public var directHour: Int
    /// Longest promised in-vehicle time, seconds (`directSeconds` + `max_detour`), for a
    /// boarding in ``directHour``.
    public var maxRide: Double
    /// Whether the rider accepts a shared ride (`demand.pooling_share`). A rider who does
    /// not rides alone: only an empty vehicle takes them, and nobody joins while they ride.
    public var shares: Bool
    /// When the rider boarded (seconds since the scenario start, the pickup record's event
    /// time), or nil while waiting.
    public var pickedUpAt: Double?

    /// Creates a waiting rider with the promise of `settings` for a request made at `requestTime` (s).
    public init(
        request: Int32, origin: PlanePoint, destination: PlanePoint, requestTime: Double, directSeconds: Double,
        directHour: Int = -1, shares: Bool, settings: PoolSettings
    ) {
        self.request = request
        self.origin = origin
        self.destination = destination
        latestPickup = requestTime + settings.maxWait
        self.directSeconds = directSeconds
        self.directHour = directHour
        maxRide = directSeconds + settings.maxDetour
        self.shares = shares
    }
}

/// The engine's view of one vehicle: its riders (waiting or aboard) and its remaining stops
/// in the order it will visit them. Kept by ``PoolTable``, changed by the engine's own
/// decisions and by the stop records the vehicle publishes.
///
/// Invariants: every rider has its drop-off in ``stops``; a waiting rider's pickup comes
/// before its drop-off; a rider aboard has no pickup left; riders aboard never exceed
/// ``seats`` along the plan.
public struct VehiclePlan: Sendable, Equatable {
    /// The vehicle (driver) id.
    public var driver: Int32
    /// Seats of the vehicle.
    public var seats: Int
    /// Riders assigned and not yet dropped off.
    public var riders: [PoolRider] = []
    /// Remaining stops, in visiting order.
    public var stops: [PlannedStop] = []

    /// An empty plan for `driver`.
    public init(driver: Int32, seats: Int) {
        self.driver = driver
        self.seats = seats
    }

    /// Riders aboard now.
    public var onboard: Int { riders.reduce(0) { $0 + ($1.pickedUpAt == nil ? 0 : 1) } }

    /// Whether the plan has no riders.
    public var isEmpty: Bool { riders.isEmpty }

    /// Whether another rider may join: every current rider accepts sharing and a seat is
    /// free somewhere (the insertion routine checks where).
    public var acceptsRiders: Bool { riders.count < seats * 2 && riders.allSatisfy(\.shares) }

    /// The rider with id `request`, if assigned.
    public func rider(_ request: Int32) -> PoolRider? { riders.first { $0.request == request } }

    /// Marks `request` as aboard since `time` (s) and removes its pickup stop; false if it is
    /// not a waiting rider of this plan.
    @discardableResult
    public mutating func pickedUp(_ request: Int32, at time: Double) -> Bool {
        guard let i = riders.firstIndex(where: { $0.request == request }), riders[i].pickedUpAt == nil else { return false }
        riders[i].pickedUpAt = time
        stops.removeAll { $0.request == request && $0.kind == .pickup }
        return true
    }

    /// Removes `request` and its stops (dropped off, or withdrawn); false if not assigned.
    @discardableResult
    public mutating func remove(_ request: Int32) -> Bool {
        guard let i = riders.firstIndex(where: { $0.request == request }) else { return false }
        riders.remove(at: i)
        stops.removeAll { $0.request == request }
        return true
    }
}
