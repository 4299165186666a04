import Core
import Streams
import Traffic

/// The vehicles' plans: the engine's dispatch state and the view every strategy commits its
/// decisions to (``MatchingStrategy/decide(_:search:plans:)``).
///
/// State: a ``VehiclePlan`` per driver id, changed by the engine's own decisions
/// (``commit(_:search:)``) and by the records it receives (``observe(_:drivers:)``: stop
/// events `pickup`/`dropoff`/`withdrawn` from the vehicle's app, `offline` while serving
/// closes a vehicle to new riders, `available` reopens it); and a spatial index of the
/// vehicles serving riders, by latest location — idle vehicles stay in the driver table's
/// index, so a strategy that shares rides finds both through ``vehicles(near:search:limit:)``.
public struct PoolSearch: Sendable {
    /// Seats and promised bounds.
    public let settings: PoolSettings
    /// Plans by driver id (empty unless the strategy shares rides: a solo vehicle's plan is
    /// one rider, whom the driver table's status already tracks).
    public internal(set) var plans: [VehiclePlan]
    /// Vehicles with riders (waiting or aboard), by their latest known location.
    public internal(set) var serving: GridIndex
    /// Vehicles whose driver went off shift while serving: they take no new riders.
    public internal(set) var closed: [Bool]
    /// Processing time of the current decision, seconds since the scenario start.
    public internal(set) var now: Double = 0
    /// Hour of week of the current decision.
    public internal(set) var hourOfWeek = 0
    /// When set, the only vehicles ``vehicles(near:search:limit:)`` returns: on an immediate
    /// strategy's retry pass, those whose plan or availability changed since the last pass
    /// (a waiting request found no feasible vehicle then; only these can have become feasible
    /// — up to their movement, which the retry ignores). Nil on arrivals and batched passes.
    public internal(set) var restriction: Set<Int32>?
    var touched: Set<Int32> = []
    var dispatched: [Dispatch] = []
    /// Unix seconds of the scenario start (the hour of each leg, ``LegClock``).
    let startUnixSeconds: Double
    /// Each vehicle's current leg as the engine knows it (nil: not yet known; its pings say
    /// where it is). See VehicleLeg.swift.
    var legs: [VehicleLeg?]
    /// The leg before a decision turned the vehicle at ``legTurnedAt`` (undone if that decision is withdrawn then).
    var legBefore: [VehicleLeg?]
    var legTurnedAt: [Double]
    /// Riders the engine moved to another vehicle whose move the simulator has not yet
    /// confirmed (its `reassigned` record), by request id (see Reassignment.swift).
    var moving: [Int32: PendingMove] = [:]
    /// Idle vehicles a re-optimising window sent towards the requests it left unassigned
    /// (IdleRebalancing.swift), until the engine hands them out.
    var rebalancing: [RepositionDecision] = []

    init(settings: PoolSettings, drivers: Int, halfExtent: Double, cellSize: Double, startUnixSeconds: Double = 0) {
        self.settings = settings
        self.startUnixSeconds = startUnixSeconds
        legs = Array(repeating: nil, count: drivers)
        legBefore = Array(repeating: nil, count: drivers)
        legTurnedAt = Array(repeating: -.infinity, count: drivers)
        plans = (0..<drivers).map { VehiclePlan(driver: Int32($0), seats: settings.seats) }
        // Inactive (a solo strategy): a one-cell index, so a fine grid is not allocated twice.
        serving = GridIndex(halfExtent: drivers > 0 ? halfExtent : cellSize, cellSize: cellSize, capacity: drivers)
        closed = Array(repeating: false, count: drivers)
    }

    /// Applies what a record says about a vehicle's plan (before the driver table applies it).
    mutating func observe(_ record: Record, search: CandidateSearch) {
        let drivers = search.drivers
        let d = Int(record.key)
        guard d < plans.count else { return }  // solo service keeps no plans
        switch record.payload {
        case .location(let point):
            guard !plans[d].isEmpty, (drivers.rows[d].locationTime ?? .min) <= record.eventTime else { return }
            serving.upsert(record.key, at: point)
        case .stop(let request, let event):
            let time = record.eventTime.seconds
            let rider = plans[d].rider(request)
            switch event {
            case .pickup:
                guard plans[d].pickedUp(request, at: time), let rider else {
                    // A rider moved away was picked up before the move reached the vehicle.
                    if let rider = restoreMoved(request, to: d, at: time, aboard: true, search: search) {
                        stopped(d, at: rider.origin, time: time, search: search)
                    }
                    break
                }
                boarded(rider, vehicle: d, at: time, search: search)
                stopped(d, at: rider.origin, time: time, search: search)
            case .dropoff:
                guard plans[d].remove(request), let rider else { break }
                stopped(d, at: rider.destination, time: time, search: search)
            case .withdrawn:
                guard plans[d].remove(request) else { break }
                withdrawn(d, at: time, search: search)
                if let move = moving[request], move.to == record.key {
                    // The move was refused: the rider stays with the vehicle it had.
                    _ = restoreMoved(request, to: Int(move.from), at: time, aboard: false, search: search)
                }
            case .reassigned:
                if moving[request]?.from == record.key { moving[request] = nil }  // the move is played out
            }
            if plans[d].isEmpty { serving.remove(record.key) }
            touched.insert(record.key)
        case .status(let status):
            if status == .offline { closed[d] = true } else if status == .available {
                closed[d] = false
                touched.insert(record.key)
            }
        case .request, .cancel, .match:
            break
        }
    }

    /// The vehicles whose plan or availability changed through a record since the last call.
    mutating func takeTouched() -> Set<Int32> {
        defer { touched.removeAll(keepingCapacity: true) }
        return touched
    }

    mutating func begin(at now: Millis, hourOfWeek: Int) {
        self.now = now.seconds
        self.hourOfWeek = hourOfWeek
    }

    mutating func takeDispatched() -> [Dispatch] {
        defer { dispatched.removeAll(keepingCapacity: true) }
        return dispatched
    }

    /// The plan of `driver`.
    public func plan(of driver: Int32) -> VehiclePlan { plans[Int(driver)] }

    /// The rider `request` would be, with its promise: latest pickup = request time +
    /// `max_wait`, longest ride = predicted direct trip + `max_detour` (the direct trip of the
    /// hour it boards in; predicted now for this hour).
    public func rider(for request: PendingRequest, search: CandidateSearch) -> PoolRider {
        let r = request.request
        let direct = clock(search).seconds(r.origin, r.destination, hourOfWeek)
        return PoolRider(
            request: request.key, origin: r.origin, destination: r.destination, requestTime: request.eventTime.seconds,
            directSeconds: direct, directHour: hourOfWeek, shares: r.shares, settings: settings)
    }

    /// `rider` boarded vehicle `d` at `time`: its promised ride is the direct trip of that hour
    /// plus `max_detour`.
    mutating func boarded(_ rider: PoolRider, vehicle d: Int, at time: Double, search: CandidateSearch) {
        let clock = clock(search), hour = clock.hour(at: time)
        guard hour != rider.directHour, let i = plans[d].riders.firstIndex(where: { $0.request == rider.request }) else { return }
        let direct = clock.seconds(rider.origin, rider.destination, hour)
        plans[d].riders[i].directSeconds = direct
        plans[d].riders[i].directHour = hour
        plans[d].riders[i].maxRide = direct + settings.maxDetour
    }

    /// Vehicles that may take a rider at `point`, nearest first (ties: smaller id), at most
    /// `limit`: idle ones (available, fresh, not taken) and serving ones (fresh location,
    /// open, every rider sharing), within the search radius of `max_pickup_eta`.
    public func vehicles(near point: PlanePoint, search: CandidateSearch, limit: Int = .max) -> [(driver: Int32, distance: Double)] {
        var out: [(driver: Int32, distance: Double)] = []
        func serves(_ id: Int32) -> Bool {
            let d = Int(id)
            guard !closed[d], plans[d].acceptsRiders, let seen = search.drivers.rows[d].locationTime else { return false }
            return search.now - seen <= search.staleness
        }
        if let restriction {
            for id in restriction {
                let idle = search.drivers.index.contains(id), busy = serving.contains(id)
                guard idle || busy else { continue }
                let distance = (idle ? search.drivers.index.position(of: id) : serving.position(of: id)).distance(to: point)
                guard distance <= search.maxRadius, idle ? search.isFreeAndFresh(id) : serves(id) else { continue }
                out.append((id, distance))
            }
        } else {
            search.drivers.index.forEach(within: search.maxRadius, of: point) { id, distance in
                if search.isFreeAndFresh(id) { out.append((id, distance)) }
            }
            serving.forEach(within: search.maxRadius, of: point) { id, distance in
                if serves(id) { out.append((id, distance)) }
            }
        }
        guard out.count > limit, limit <= 64 else {
            out.sort { ($0.distance, $0.driver) < ($1.distance, $1.driver) }
            return out.count > limit ? Array(out.prefix(limit)) : out
        }
        // The `limit` nearest, kept sorted as they come: the prefix a full sort would give.
        var top: [(driver: Int32, distance: Double)] = []
        top.reserveCapacity(limit + 1)
        for e in out {
            if top.count == limit, !((e.distance, e.driver) < (top[limit - 1].distance, top[limit - 1].driver)) { continue }
            var i = top.count
            while i > 0, (e.distance, e.driver) < (top[i - 1].distance, top[i - 1].driver) { i -= 1 }
            top.insert(e, at: i)
            if top.count > limit { top.removeLast() }
        }
        return top
    }

    /// The cheapest feasible insertion of `riders` into `driver`'s plan, from its latest
    /// known location now, with the engine's predicted leg times at this hour; nil if none.
    public func insertion(of riders: [PoolRider], into driver: Int32, search: CandidateSearch) -> Insertion? {
        PlanInsertion.cheapest(
            inserting: riders, into: plans[Int(driver)], from: start(of: driver, search: search), now: now,
            clock: clock(search), settings: settings)
    }

    /// Commits `insertion`: the vehicle's plan becomes its stop order with its riders added,
    /// an idle vehicle turns busy in the driver table, and the engine will publish one
    /// decision per added rider.
    public mutating func commit(_ insertion: Insertion, search: inout CandidateSearch) {
        let d = Int(insertion.driver)
        precondition(!dispatched.contains { a in insertion.added.contains { $0.request == a.request } },
                     "rider committed twice in one decision")
        let start = start(of: insertion.driver, search: search), location = start.location
        planned(d, stops: insertion.stops, from: start, search: search)
        plans[d].riders += insertion.added
        plans[d].stops = insertion.stops
        serving.upsert(insertion.driver, at: location)
        if search.drivers.rows[d].status == .available {
            search.drivers.applyStatus(driver: insertion.driver, .busy, eventTime: .fromSeconds(now))
        }
        for rider in insertion.added {
            let pickup = insertion.pickupTime(of: rider.request) ?? now
            dispatched.append(Dispatch(
                request: rider.request, driver: insertion.driver, pickupEta: max(0, pickup - now),
                pickupDistance: location.distance(to: rider.origin), origin: rider.origin, destination: rider.destination,
                pooled: PooledMatch(rider: rider, stops: insertion.stops, arrivals: insertion.arrivals)))
        }
    }

    /// Commits each of `assignments` (to some of `requests`) as a one-rider plan.
    public mutating func commit(_ assignments: [Assignment], of requests: [PendingRequest], search: inout CandidateSearch) {
        guard !assignments.isEmpty else { return }
        let byKey = Dictionary(uniqueKeysWithValues: requests.map { ($0.key, $0) })
        for a in assignments {
            guard let request = byKey[a.request] else {
                preconditionFailure("strategy assigned request \(a.request) without being asked")
            }
            commit(a, for: request, search: &search)
        }
    }

    /// Commits a solo assignment: `request` alone in the assigned driver's plan (its pickup,
    /// then its drop-off), quoted with the candidate's predicted pickup; the driver turns busy
    /// in the driver table.
    public mutating func commit(_ assignment: Assignment, for request: PendingRequest, search: inout CandidateSearch) {
        let c = assignment.candidate
        search.drivers.applyStatus(driver: c.driver, .busy, eventTime: search.now)
        dispatched.append(Dispatch(
            request: assignment.request, driver: c.driver, pickupEta: c.eta, pickupDistance: c.distance,
            origin: request.request.origin, destination: request.request.destination, pooled: nil))
    }
}
