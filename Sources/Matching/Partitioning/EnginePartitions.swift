import Core

/// How a partitioned engine divides its riders and drivers into parts that match only
/// among themselves (docs/streams.md, "Partitioned engine"). The engine stays one engine:
/// each decision pass asks the strategy once per part, over that part's riders, and the
/// candidate search offers it only drivers the part may use.
public enum PartitionScheme: Sendable, Equatable {
    /// Geographic regions: a rider belongs to the region of its origin, a driver to the
    /// region of its last known location (the engine's own view, from pings). With a halo
    /// (metres), a rider may also be served by a driver owned by a region that has a cell
    /// within the halo of the rider's origin; nil: regions are disjoint.
    case regions(RegionMap, halo: Double?)
    /// Operators that do not coordinate: every rider and every driver belongs to one of
    /// `count` operators by a hash of its id; an operator's riders match only its drivers.
    case operators(count: Int)
}

/// The partitioning of one engine (``EngineConfig/partitions``; nil: one engine, unpartitioned).
public struct EnginePartitions: Sendable, Equatable {
    /// Regions or operators.
    public let scheme: PartitionScheme

    /// Creates the partitioning.
    public init(_ scheme: PartitionScheme) { self.scheme = scheme }

    /// Number of parts.
    public var count: Int {
        switch scheme {
        case .regions(let map, _): map.regionCount
        case .operators(let n): n
        }
    }

    /// The part a request belongs to: its origin's region, or its rider's operator.
    @inline(__always) public func part(of request: PendingRequest) -> Int {
        switch scheme {
        case .regions(let map, _): map.region(of: request.request.origin)
        case .operators(let n): Self.operatorOf(rider: request.key, count: n)
        }
    }

    /// The part that owns a driver last seen at `location`: the region of that location, or
    /// the driver's operator.
    @inline(__always) public func owner(of driver: Int32, at location: PlanePoint) -> Int {
        switch scheme {
        case .regions(let map, _): map.region(of: location)
        case .operators(let n): Self.operatorOf(driver: driver, count: n)
        }
    }

    /// Whether part `part` may send `driver` (last seen at `location`) to a pickup at `pickup`:
    /// the part owns the driver, or (regions with a halo) the driver's owner has a cell
    /// within the halo of the pickup — a cross-border candidate its owner must confirm.
    @inline(__always) public func allows(part: Int, driver: Int32, at location: PlanePoint, pickup: PlanePoint) -> Bool {
        switch scheme {
        case .regions(let map, let halo):
            let owner = map.region(of: location)
            if owner == part { return true }
            guard let halo else { return false }
            return map.isWithin(halo, of: pickup, region: owner)
        case .operators(let n):
            return Self.operatorOf(driver: driver, count: n) == part
        }
    }

    /// The operator of rider `id` among `count`: a fixed hash of the id (SplitMix64 finaliser).
    public static func operatorOf(rider id: Int32, count: Int) -> Int {
        Int(mix(UInt64(UInt32(bitPattern: id)) ^ 0x5249_4445_5253_0000) % UInt64(count))
    }

    /// The operator of driver `id` among `count`: a fixed hash of the id, salted apart from riders'.
    public static func operatorOf(driver id: Int32, count: Int) -> Int {
        Int(mix(UInt64(UInt32(bitPattern: id)) ^ 0x4452_4956_4552_0000) % UInt64(count))
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The part a decision pass is deciding for, as the candidate search sees it: only drivers
/// ``EnginePartitions/allows(part:driver:at:pickup:)`` admits are candidates.
struct PartitionFilter: Sendable {
    /// The engine's partitioning.
    var partitions: EnginePartitions
    /// The part whose riders are being decided.
    var part: Int
}
