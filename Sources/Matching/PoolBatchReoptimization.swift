/// One re-optimising window of ``PoolBatchStrategy`` (`matching.pool.reoptimize`), after
/// Alonso-Mora et al. (PNAS 2017), followed by their rebalancing step (``IdleRebalancing``):
/// the waiting requests and every rider matched but not yet
/// aboard go into one shareability graph, built on the vehicles' plans without those riders;
/// each vehicle's plan as it stands is one more trip (the incumbent); the exact assignment
/// must serve every rider already assigned and starts from the incumbent, so its answer
/// serves at least as many riders at no more cost than keeping everyone where they are.
///
/// Trips of one vehicle that hold only riders it already has are left out (keeping them is
/// its incumbent trip): a vehicle's plan changes only with a rider it did not have, whose
/// decision carries the vehicle's whole new plan to the simulator.
struct ReoptimizationWindow {
    /// Trips for the solver: the graph's (less those left out), then one incumbent per
    /// vehicle with movable riders.
    var trips: [CandidateTrip] = []
    /// Per trip, the graph insertion realising it (nil: an incumbent, the plan as it stands).
    var insertions: [Insertion?] = []
    /// Driver id of each vehicle index of ``trips``.
    var vehicles: [Int32]
    /// Per rider index: whether every answer must serve it (an assigned rider).
    var required: [Bool]
    /// The incumbent trips' indices.
    var incumbent: [Int] = []
    /// Per rider index: the vehicle that has it now (-1: a waiting request).
    var owner: [Int32]
    /// The riders (requests first, then the assigned riders).
    var riders: [PoolRider]

    /// The problem of one window: `graph` is built over `riders` (the `newCount` waiting
    /// requests, then `assigned`) on `base` (the plans without `assigned`).
    init(graph: ShareabilityGraph, riders: [PoolRider], newCount: Int, assigned: [AssignedRider], pool: PoolSearch,
         base: PoolSearch, search: CandidateSearch) {
        self.riders = riders
        owner = [Int32](repeating: -1, count: newCount) + assigned.map(\.vehicle)
        required = [Bool](repeating: false, count: newCount) + [Bool](repeating: true, count: assigned.count)
        vehicles = graph.vehicles
        var slotOf = [Int32: Int32]()
        for (i, v) in vehicles.enumerated() { slotOf[v] = Int32(i) }
        for (t, trip) in graph.trips.enumerated() {
            let driver = vehicles[Int(trip.vehicle)]
            if trip.requests.allSatisfy({ owner[Int($0)] == driver }) { continue }
            trips.append(trip)
            insertions.append(graph.insertions[t])
        }
        var byVehicle: [Int32: [Int32]] = [:], order: [Int32] = []
        for (k, a) in assigned.enumerated() {
            if byVehicle[a.vehicle] == nil { order.append(a.vehicle) }
            byVehicle[a.vehicle, default: []].append(Int32(newCount + k))
        }
        for v in order {
            let members = byVehicle[v]!.sorted()
            let slot = slotOf[v] ?? {
                vehicles.append(v)
                slotOf[v] = Int32(vehicles.count - 1)
                return Int32(vehicles.count - 1)
            }()
            let cost = pool.standingCost(of: v, base: base.plan(of: v), riders: members.map { riders[Int($0)] },
                                         search: search) ?? 0
            incumbent.append(trips.count)
            trips.append(CandidateTrip(vehicle: slot, requests: members, cost: cost))
            insertions.append(nil)
        }
    }

    /// Plays the chosen trips into `pool`: moved riders leave their vehicles, every vehicle
    /// whose chosen trip is not its incumbent takes its new plan. Returns the riders moved.
    func apply(_ chosen: [Int], to pool: inout PoolSearch, base: PoolSearch, search: inout CandidateSearch) -> Int {
        var movedFrom: [Int32: Int32] = [:]
        var commits: [(insertion: Insertion, staying: Set<Int32>)] = []
        for t in chosen {
            guard let insertion = insertions[t] else { continue }  // the vehicle keeps its plan
            let driver = insertion.driver
            var staying = Set<Int32>()
            for r in trips[t].requests where owner[Int(r)] >= 0 {
                let request = riders[Int(r)].request
                if owner[Int(r)] == driver { staying.insert(request) } else { movedFrom[request] = owner[Int(r)] }
            }
            commits.append((insertion, staying))
        }
        var left = Set<Int32>()
        for (request, from) in movedFrom.sorted(by: { $0.key < $1.key }) {
            let to = commits.first { c in c.insertion.added.contains { $0.request == request } }!.insertion.driver
            pool.moveOut(request, from: from, to: to)
            left.insert(from)
        }
        let committed = Set(commits.map(\.insertion.driver))
        for from in left.sorted() where !committed.contains(from) { pool.settleAfterMoves(from, search: search) }
        for c in commits {
            pool.commit(c.insertion, onto: base.plan(of: c.insertion.driver), staying: c.staying, movedFrom: movedFrom,
                        search: &search)
        }
        return movedFrom.count
    }
}

extension PoolBatchStrategy {
    /// A re-optimising window: the requests and the riders not yet aboard in one exact
    /// assignment, today's assignment as the incumbent (``ReoptimizationWindow``).
    func reoptimize(_ requests: [PendingRequest], search: inout CandidateSearch, plans pool: inout PoolSearch) {
        let started = monotonicNanos()
        let assigned = pool.reassignable()
        let base = pool.without(assigned)
        let riders = requests.map { pool.rider(for: $0, search: search) } + assigned.map(\.rider)
        let graph = ShareabilityGraph(riders: riders, search: search, pool: base, limits: limits)
        let window = ReoptimizationWindow(graph: graph, riders: riders, newCount: requests.count, assigned: assigned,
                                          pool: pool, base: base, search: search)
        let built = monotonicNanos()
        let answer = workspace.solve(requestCount: riders.count, vehicleCount: window.vehicles.count, trips: window.trips,
                                     required: window.required, incumbent: window.incumbent,
                                     graph: graph.stats, started: started, built: built)
        let moved = window.apply(answer.chosen, to: &pool, base: base, search: &search)
        // Rebalancing: idle vehicles towards the requests left unassigned.
        let served = Set(pool.dispatched.map(\.request))
        let left = requests.filter { !served.contains($0.key) }.map(\.request.origin)
        let sent = workspace.withLock { w in
            let sent = IdleRebalancing.decisions(to: left, search: search, now: pool.now, solver: &w.rebalancer)
            w.counters.reassigned += moved
            w.counters.rebalanced += sent.count
            return sent
        }
        pool.rebalancing += sent
    }
}
