import Core
import Streams
import Traffic

/// The view of the driver table that a strategy decides on: which drivers are candidates
/// for a request, at what distance and predicted ETA, and which it has already taken.
///
/// A candidate is available, has a location no older than the staleness bound, has not
/// been taken in this decision, and has a predicted pickup ETA within `max_pickup_eta`.
public struct CandidateSearch: Sendable {
    /// The engine's driver state table.
    public internal(set) var drivers: DriverTable
    /// Historical traffic by zone (zones for surge; the straight-line model's speeds).
    public let traffic: TrafficModel
    /// The engine's travel model (its own copy): ETAs, trip quotes, the search radius.
    public let travel: any TravelModel
    /// `travel` when it is the straight-line model (``TravelModel/straightLineModel``),
    /// called directly on the hot path; nil for a searching model.
    private let straightLine: TrafficModel?
    /// Processing time of the decision, ms since scenario start.
    public internal(set) var now: Millis = 0
    /// Hour of week at `now` (key of the traffic tables).
    public internal(set) var hourOfWeek: Int = 0
    /// Largest pickup ETA a candidate may have, seconds.
    public let maxPickupEta: Double
    /// Largest age of a usable location, ms.
    public let staleness: Millis
    /// Search radius at the current hour: no driver farther than this can reach a rider
    /// within `maxPickupEta` at the fastest zone's speed of that hour.
    public internal(set) var maxRadius: Double
    private let radiusByHour: [Double]
    private var taken: [Bool]
    private var takenList: [Int32] = []

    init(drivers: DriverTable, traffic: TrafficModel, travel: (any TravelModel)?, maxPickupEta: Double, staleness: Millis,
         capacity: Int) {
        self.drivers = drivers
        self.traffic = traffic
        let travel = travel?.privateCopy() ?? traffic
        self.travel = travel
        straightLine = travel.straightLineModel
        self.maxPickupEta = maxPickupEta
        self.staleness = staleness
        radiusByHour = (0..<168).map { travel.searchRadius(maxSeconds: maxPickupEta, hourOfWeek: $0) }
        maxRadius = radiusByHour[0]
        taken = Array(repeating: false, count: capacity)
    }

    /// When set, the only drivers that can be candidates in this decision (sorted, unique):
    /// the engine's retry pass after the candidate set gained just these drivers. Searches
    /// then scan this short list instead of the grid, with the same results and tie rules.
    public internal(set) var restriction: [Int32]?

    /// In a partitioned engine's pass, the part being decided: drivers it may not use are
    /// never candidates (nil: every driver may be).
    var partition: PartitionFilter?

    /// Calls `body(id, distance)` for every indexed driver within ``maxRadius`` of `origin`
    /// (through the grid, or over ``restriction`` when set), in no particular order.
    public func forEachIndexed(near origin: PlanePoint, _ body: (Int32, Double) -> Void) {
        guard let restriction else {
            drivers.index.forEach(within: maxRadius, of: origin, body)
            return
        }
        for id in restriction where drivers.index.contains(id) {
            let distance = drivers.index.position(of: id).distance(to: origin)
            if distance <= maxRadius { body(id, distance) }
        }
    }

    /// Whether `driver` is available, fresh and not yet taken (ETA not checked).
    public func isFreeAndFresh(_ driver: Int32) -> Bool {
        let row = drivers.rows[Int(driver)]
        guard row.status == .available, !taken[Int(driver)], let seen = row.locationTime else { return false }
        return now - seen <= staleness
    }

    /// Predicted pickup ETA in seconds from the driver's latest location to `point` (on a
    /// network: exact up to ``maxPickupEta``, `.infinity` beyond it).
    public func eta(of driver: Int32, to point: PlanePoint) -> Double {
        let location = drivers.rows[Int(driver)].location
        if let straightLine { return straightLine.eta(from: location, to: point, hourOfWeek: hourOfWeek) }
        return travel.pickupEstimate(from: location, to: point, hourOfWeek: hourOfWeek, bound: maxPickupEta).seconds
    }

    /// The candidate for `driver` at straight-line `distance` from `point`, if its predicted
    /// ETA is within ``maxPickupEta`` (with the pickup's road distance on a network).
    public func candidate(_ driver: Int32, distance: Double, to point: PlanePoint) -> Candidate? {
        if let partition, !partition.partitions.allows(
            part: partition.part, driver: driver, at: drivers.rows[Int(driver)].location, pickup: point) {
            return nil
        }
        if let straightLine {
            let eta = straightLine.eta(from: drivers.rows[Int(driver)].location, to: point, hourOfWeek: hourOfWeek)
            return eta <= maxPickupEta ? Candidate(driver: driver, distance: distance, eta: eta) : nil
        }
        let estimate = travel.pickupEstimate(
            from: drivers.rows[Int(driver)].location, to: point, hourOfWeek: hourOfWeek, bound: maxPickupEta)
        guard estimate.seconds <= maxPickupEta else { return nil }
        return Candidate(driver: driver, distance: distance, eta: estimate.seconds, roadMeters: estimate.roadMeters)
    }

    /// The closest candidate by straight-line distance (ties: smaller id), if any.
    public func nearestByDistance(to request: PendingRequest) -> Candidate? {
        let origin = request.request.origin
        if restriction != nil {
            var best: Candidate?
            forEachIndexed(near: origin) { id, distance in
                if let b = best, (distance, id) >= (b.distance, b.driver) { return }
                guard isFreeAndFresh(id) else { return }
                if let c = candidate(id, distance: distance, to: origin) { best = c }
            }
            return best
        }
        var best: Candidate?
        _ = drivers.index.nearest(to: origin, maxDistance: maxRadius) { id, distance in
            guard isFreeAndFresh(id) else { return false }
            guard let c = candidate(id, distance: distance, to: origin) else { return false }
            best = c
            return true
        }
        return best
    }

    /// Every candidate for the request, in ascending (distance, driver id) order.
    public func candidates(for request: PendingRequest) -> [Candidate] {
        let origin = request.request.origin
        var out: [Candidate] = []
        forEachIndexed(near: origin) { id, distance in
            guard isFreeAndFresh(id), let c = candidate(id, distance: distance, to: origin) else { return }
            out.append(c)
        }
        out.sort { ($0.distance, $0.driver) < ($1.distance, $1.driver) }
        return out
    }

    /// Marks `driver` as assigned in this decision.
    public mutating func take(_ driver: Int32) {
        precondition(!taken[Int(driver)], "driver \(driver) assigned twice in one decision")
        taken[Int(driver)] = true
        takenList.append(driver)
    }

    mutating func begin(at now: Millis, hourOfWeek: Int) {
        self.now = now
        self.hourOfWeek = hourOfWeek
        maxRadius = radiusByHour[hourOfWeek]
    }

    mutating func end() {
        restriction = nil
        partition = nil
        for d in takenList { taken[Int(d)] = false }
        takenList.removeAll(keepingCapacity: true)
    }
}
