import Core
import Traffic

/// Bounds on the work of one ``ShareabilityGraph`` (each hit is counted in
/// ``ShareabilityStats``, never silent).
public struct ShareabilityLimits: Sendable, Equatable {
    /// Vehicles tried per request, nearest first (request–vehicle edges).
    public var vehiclesPerRequest: Int
    /// Co-riders tested per request, nearest first by origin + destination distance (request–request edges).
    public var partnersPerRequest: Int
    /// Trips of two or more riders kept per vehicle and group size, cheapest pairs first.
    public var groupsPerVehicle: Int

    /// Creates limits.
    public init(vehiclesPerRequest: Int = 16, partnersPerRequest: Int = 10, groupsPerVehicle: Int = 24) {
        self.vehiclesPerRequest = vehiclesPerRequest
        self.partnersPerRequest = partnersPerRequest
        self.groupsPerVehicle = groupsPerVehicle
    }
}

/// Counters of shareability graphs (summed over windows by ``PoolBatchStrategy``).
public struct ShareabilityStats: Sendable, Equatable {
    /// Requests considered.
    public var requests = 0
    /// Feasible request–vehicle edges (single-rider trips).
    public var requestVehicleEdges = 0
    /// Request pairs tested for sharing, and those that can share.
    public var pairsTested = 0, pairsShareable = 0
    /// Trips of two or more riders (feasible for their vehicle's plan).
    public var groupTrips = 0
    /// Requests with more vehicles in reach than ``ShareabilityLimits/vehiclesPerRequest``.
    public var vehicleCapHits = 0
    /// Requests with more possible co-riders than ``ShareabilityLimits/partnersPerRequest``.
    public var partnerCapHits = 0
    /// (vehicle, group size) pairs with more candidate groups than ``ShareabilityLimits/groupsPerVehicle``.
    public var groupCapHits = 0

    /// Creates zero counters.
    public init() {}

    /// Adds another graph's counters.
    public mutating func add(_ o: ShareabilityStats) {
        requests += o.requests
        requestVehicleEdges += o.requestVehicleEdges
        pairsTested += o.pairsTested
        pairsShareable += o.pairsShareable
        groupTrips += o.groupTrips
        vehicleCapHits += o.vehicleCapHits
        partnerCapHits += o.partnerCapHits
        groupCapHits += o.groupCapHits
    }
}

/// The request–vehicle–trip (RTV) graph of one pooled batch, after Alonso-Mora et al.
/// (PNAS 2017): which waiting riders can share a vehicle, and which groups each vehicle can
/// serve on top of its current plan.
///
/// - Request–vehicle edges: the nearest vehicles (idle or serving, ``PoolSearch/vehicles(near:search:limit:)``)
///   whose plan admits the rider alone (``PlanInsertion``: every promise kept).
/// - Request–request edges: two sharing riders whose origins lie within reach of each other
///   within `max_wait`, tested nearest first (origin plus destination distance) by an empty vehicle standing at either origin
///   now — every pickup/drop-off order is checked against both promises. No vehicle can do
///   better than that one, so a pair that fails there fails for every vehicle.
/// - Trips: for each vehicle, groups of 2 … `seats` riders whose every sub-group is a trip of
///   that vehicle (and every pair shares), checked by inserting the whole group into the
///   vehicle's plan. The trip's cost is the insertion's added predicted plan time plus the
///   new riders' predicted waits, ≥ 0.
///
/// Every trip carries the insertion that realises it, so committing a chosen trip is exact.
public struct ShareabilityGraph {
    /// The trips, for ``TripAssignmentSolver``: request indices are positions in the batch,
    /// vehicle indices positions in ``vehicles``.
    public private(set) var trips: [CandidateTrip] = []
    /// The insertion realising each trip.
    public private(set) var insertions: [Insertion] = []
    /// Driver ids of the vehicles with at least one trip, in order of first appearance.
    public private(set) var vehicles: [Int32] = []
    /// Work and cap counters.
    public private(set) var stats = ShareabilityStats()

    /// Builds the graph of `requests` (oldest first) at ``CandidateSearch/now``. The insertion
    /// checks run on every core when the travel model is the straight-line one (pure
    /// arithmetic); their results are merged in the fixed order of a one-thread build, so the
    /// graph is the same either way.
    public init(
        _ requests: [PendingRequest], search: CandidateSearch, pool: PoolSearch, limits: ShareabilityLimits = .init()
    ) {
        self.init(riders: requests.map { pool.rider(for: $0, search: search) }, search: search, pool: pool, limits: limits)
    }

    /// Builds the graph of `riders` with their promises as given (re-optimisation: riders
    /// already assigned keep the promise made at their match); request indices of the trips
    /// are positions in `riders`.
    public init(riders: [PoolRider], search: CandidateSearch, pool: PoolSearch, limits: ShareabilityLimits = .init()) {
        stats.requests = riders.count
        guard !riders.isEmpty else { return }
        let time = LegTimer(search: search, startUnixSeconds: pool.startUnixSeconds)
        let now = pool.now
        let workers = Parallel.workers(for: search.travel, items: riders.count)
        // The nearest vehicles of each rider (the spatial index), and where each one stands now.
        var nearBy = Parallel.map(riders.count, workers: workers) { i in
            pool.vehicles(near: riders[i].origin, search: search, limit: limits.vehiclesPerRequest + 1).map(\.driver)
        }
        for i in nearBy.indices {
            if nearBy[i].count > limits.vehiclesPerRequest {
                stats.vehicleCapHits += 1
                nearBy[i].removeLast()
            }
            for driver in nearBy[i] { time.prepare(driver, search: search, pool: pool) }
        }
        // Request–vehicle edges, rider by rider, merged in rider order.
        let singles = Parallel.map(riders.count, workers: workers) { i in
            var scratch = InsertionSearch()
            return nearBy[i].compactMap { driver in
                Self.insert([riders[i]], into: driver, pool: pool, now: now, time: time, scratch: &scratch).map { (driver, $0) }
            }
        }
        var slotOf = [Int32: Int]()
        var candidates: [[Int32]] = []  // per vehicle slot: requests with a single trip there
        var singleCost: [Int64: Double] = [:]
        for (i, edges) in singles.enumerated() {
            for (driver, insertion) in edges {
                let slot = slotOf[driver] ?? {
                    slotOf[driver] = vehicles.count
                    vehicles.append(driver)
                    candidates.append([])
                    return vehicles.count - 1
                }()
                candidates[slot].append(Int32(i))
                add(insertion, vehicle: slot, requests: [Int32(i)], now: now)
                singleCost[Int64(slot) << 32 | Int64(i)] = trips[trips.count - 1].cost
            }
        }
        stats.requestVehicleEdges = trips.count
        guard pool.settings.seats > 1 else { return }
        let shareable = shareablePairs(riders, search: search, pool: pool, limits: limits, now: now, time: time,
                                       workers: workers)
        // Groups per vehicle, growing from the previous size's trips; vehicles in parallel, merged in slot order.
        let drivers = vehicles
        let grown = Parallel.map(drivers.count, workers: workers) { slot in
            Self.groups(of: drivers[slot], slot: slot, candidates: candidates[slot], riders: riders, shareable: shareable,
                        singleCost: singleCost, limits: limits, pool: pool, now: now, time: time)
        }
        for (slot, groups) in grown.enumerated() {
            stats.groupCapHits += groups.capHits
            for (requests, insertion) in groups.trips {
                add(insertion, vehicle: slot, requests: requests, now: now)
                stats.groupTrips += 1
            }
        }
    }

    /// The trips of 2 … `seats` riders of one vehicle, in the order a one-thread build finds them.
    private static func groups(
        of driver: Int32, slot: Int, candidates: [Int32], riders: [PoolRider], shareable: Set<Int64>,
        singleCost: [Int64: Double], limits: ShareabilityLimits, pool: PoolSearch, now: Double, time: LegTimer
    ) -> (trips: [(requests: [Int32], insertion: Insertion)], capHits: Int) {
        var out: [(requests: [Int32], insertion: Insertion)] = []
        var capHits = 0
        var scratch = InsertionSearch()
        var previous = Set(candidates.map { [$0] })
        var size = 2
        while size <= pool.settings.seats, previous.count >= size {
            var groups: [(requests: [Int32], estimate: Double)] = []
            for group in previous.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                for r in candidates where r > group.last! {
                    guard group.allSatisfy({ shareable.contains(Int64($0) << 32 | Int64(r)) }) else { continue }
                    let grown = group + [r]
                    // Every sub-group one smaller must be a trip of this vehicle.
                    guard (0..<grown.count).allSatisfy({ k in
                        var sub = grown
                        sub.remove(at: k)
                        return previous.contains(sub)
                    }) else { continue }
                    let estimate = grown.reduce(0.0) { $0 + singleCost[Int64(slot) << 32 | Int64($1), default: 0] }
                    groups.append((grown, estimate))
                }
            }
            if groups.count > limits.groupsPerVehicle {
                capHits += 1
                groups.sort { $0.estimate != $1.estimate ? $0.estimate < $1.estimate : $0.requests.lexicographicallyPrecedes($1.requests) }
                groups.removeLast(groups.count - limits.groupsPerVehicle)
                groups.sort { $0.requests.lexicographicallyPrecedes($1.requests) }
            }
            var next = Set<[Int32]>()
            for group in groups {
                let members = group.requests.map { riders[Int($0)] }
                guard let insertion = insert(members, into: driver, pool: pool, now: now, time: time, scratch: &scratch)
                else { continue }
                next.insert(group.requests)
                out.append((group.requests, insertion))
            }
            previous = next
            size += 1
        }
        return (out, capHits)
    }

    /// Adds a trip; its cost is the added plan time plus the new riders' predicted waits
    /// (the cost `pool-insertion` gives one rider), at least 0.
    private mutating func add(_ insertion: Insertion, vehicle: Int, requests: [Int32], now: Double) {
        var waits = 0.0
        for rider in insertion.added { waits += max(0, (insertion.pickupTime(of: rider.request) ?? now) - now) }
        trips.append(CandidateTrip(vehicle: Int32(vehicle), requests: requests, cost: max(0, insertion.addedSeconds + waits)))
        insertions.append(insertion)
    }

    /// The cheapest insertion of `riders` into `driver`'s plan from where it stands now.
    private static func insert(
        _ riders: [PoolRider], into driver: Int32, pool: PoolSearch, now: Double, time: LegTimer,
        scratch: inout InsertionSearch
    ) -> Insertion? {
        PlanInsertion.cheapest(
            inserting: riders, into: pool.plan(of: driver), from: time.start(of: driver), now: now, clock: time.clock,
            settings: pool.settings, scratch: &scratch)
    }

    /// Keys `i << 32 | j` (i < j) of the request pairs that can share a vehicle.
    private mutating func shareablePairs(
        _ riders: [PoolRider], search: CandidateSearch, pool: PoolSearch, limits: ShareabilityLimits, now: Double,
        time: LegTimer, workers: Int
    ) -> Set<Int64> {
        let reach = search.travel.searchRadius(maxSeconds: pool.settings.maxWait, hourOfWeek: pool.hourOfWeek)
        var tested = Set<Int64>(), pairs: [(i: Int, j: Int)] = []
        for (i, a) in riders.enumerated() where a.shares {
            // Nearest first by origins and destinations together (riders going the same way).
            var partners: [(distance: Double, j: Int)] = []
            for (j, b) in riders.enumerated() where j != i && b.shares {
                let d = a.origin.distance(to: b.origin)
                if d <= reach { partners.append((d + a.destination.distance(to: b.destination), j)) }
            }
            if partners.count > limits.partnersPerRequest {
                stats.partnerCapHits += 1
                partners.sort { ($0.distance, $0.j) < ($1.distance, $1.j) }
                partners.removeLast(partners.count - limits.partnersPerRequest)
            }
            for (_, j) in partners where tested.insert(Int64(min(i, j)) << 32 | Int64(max(i, j))).inserted {
                pairs.append((i, j))
            }
        }
        stats.pairsTested += pairs.count
        let empty = VehiclePlan(driver: -1, seats: pool.settings.seats)
        // In chunks of 64 pairs, each with one search scratch.
        let chunk = 64
        let shares = Parallel.map((pairs.count + chunk - 1) / chunk, workers: workers) { c -> [Bool] in
            var scratch = InsertionSearch()
            return (c * chunk..<min(pairs.count, (c + 1) * chunk)).map { p in
                let pair = [riders[pairs[p].i], riders[pairs[p].j]]
                // An empty vehicle at either origin now: no real vehicle reaches the first pickup sooner.
                func fits(from origin: PlanePoint) -> Bool {
                    PlanInsertion.cheapest(inserting: pair, into: empty, from: VehicleStart(location: origin), now: now,
                                           clock: time.clock, settings: pool.settings, scratch: &scratch) != nil
                }
                return fits(from: pair[0].origin) || fits(from: pair[1].origin)
            }
        }.flatMap { $0 }
        var shareable = Set<Int64>()
        for (p, (i, j)) in pairs.enumerated() where shares[p] {
            shareable.insert(Int64(min(i, j)) << 32 | Int64(max(i, j)))
            stats.pairsShareable += 1
        }
        return shareable
    }
}

/// Predicted leg times of one batch at their departure hours, remembered per pair of points
/// and hour: the graph asks for the same legs many times (a rider's trip, two riders'
/// origins), and on a road network each one is a route query. Also remembers where each
/// vehicle stands (``PoolSearch/start(of:search:)``) for the window.
final class LegTimer {
    private let travel: any TravelModel
    private let remember: Bool
    private var memo: [PointPair: Double] = [:]
    private var starts: [Int32: VehicleStart] = [:]
    /// The clock the graph's insertions use.
    private(set) var clock: LegClock

    private struct PointPair: Hashable {
        var a: PlanePoint
        var b: PlanePoint
        var hour: Int
    }

    init(search: CandidateSearch, startUnixSeconds: Double) {
        travel = search.travel
        remember = search.travel.straightLineModel == nil
        clock = LegClock(hourless: { _, _ in 0 })
        let travel = self.travel
        clock = LegClock(startUnixSeconds: startUnixSeconds) { [unowned self] a, b, hour in
            guard self.remember else { return travel.trip(from: a, to: b, hourOfWeek: hour).seconds }
            let key = PointPair(a: a, b: b, hour: hour)
            if let t = self.memo[key] { return t }
            let t = travel.trip(from: a, to: b, hourOfWeek: hour).seconds
            self.memo[key] = t
            return t
        }
    }

    /// Computes where `driver` stands now (once per window), before any ``start(of:)``.
    func prepare(_ driver: Int32, search: CandidateSearch, pool: PoolSearch) {
        if starts[driver] == nil { starts[driver] = pool.start(of: driver, search: search) }
    }

    /// Where `driver` stands now, as ``prepare(_:search:pool:)`` computed it (read only, so
    /// insertion checks on several threads may ask).
    func start(of driver: Int32) -> VehicleStart { starts[driver]! }
}
