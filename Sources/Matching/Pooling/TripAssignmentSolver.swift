/// One candidate trip of a shared-ride batch: a vehicle serving a group of requests, in
/// some feasible order of stops, at a cost (the RTV graph's trip–vehicle edge of
/// Alonso-Mora et al., PNAS 2017).
public struct CandidateTrip: Sendable, Equatable {
    /// The vehicle, an index in `0..<vehicleCount` of the problem.
    public var vehicle: Int32
    /// The requests it serves: indices in `0..<requestCount`, sorted ascending, no repeats.
    public var requests: [Int32]
    /// Cost of serving them with this vehicle (e.g. added delay, seconds); finite, ≥ 0.
    public var cost: Double

    /// Creates a trip.
    public init(vehicle: Int32, requests: [Int32], cost: Double) {
        self.vehicle = vehicle
        self.requests = requests
        self.cost = cost
    }
}

/// Work counters of one ``TripAssignmentSolver/solve(requestCount:vehicleCount:trips:)``.
public struct TripAssignmentStats: Sendable, Equatable {
    /// Connected components (requests and vehicles linked by trips) solved.
    public var components = 0
    /// Components with single-request trips only, solved exactly as a bipartite assignment.
    public var bipartiteComponents = 0
    /// Components whose greedy answer already met the root bound (proved optimal, no search).
    public var provedAtRoot = 0
    /// Components solved by branch and bound.
    public var searchedComponents = 0
    /// Branch-and-bound nodes visited, over all components.
    public var nodes = 0
    /// Components whose search stopped at the work limit: their answer is the best found,
    /// not proved optimal. 0 means the whole answer is optimal.
    public var limitHits = 0
    /// Over the components that hit the limit: requests the root bound says might still be
    /// served beyond the answer's (an upper bound on the served-requests gap).
    public var servedGap = 0
    /// Over the components that hit the limit with no served gap: the answer's cost minus
    /// the root bound's cost (an upper bound on the cost gap).
    public var costGap = 0.0

    /// Creates zero counters.
    public init() {}

    /// Adds another solve's counters.
    public mutating func add(_ o: TripAssignmentStats) {
        components += o.components
        bipartiteComponents += o.bipartiteComponents
        provedAtRoot += o.provedAtRoot
        searchedComponents += o.searchedComponents
        nodes += o.nodes
        limitHits += o.limitHits
        servedGap += o.servedGap
        costGap += o.costGap
    }
}

/// The answer of ``TripAssignmentSolver``.
public struct TripAssignment: Sendable, Equatable {
    /// Indices of the chosen trips in the input, ascending.
    public var chosen: [Int]
    /// Requests served by the chosen trips.
    public var served: Int
    /// Total cost of the chosen trips.
    public var cost: Double
    /// Work counters.
    public var stats: TripAssignmentStats
}

/// The exact trip–vehicle assignment of a shared-ride batch (weighted set packing): choose
/// at most one trip per vehicle, each request in at most one chosen trip, serving as many
/// requests as possible and, among those answers, at least total cost. This is the
/// lexicographic form of Alonso-Mora's ILP with its per-unserved-request penalty taken to
/// the limit, so no penalty constant can be too small.
///
/// Method, per connected component of the request–vehicle graph the trips span (solved
/// independently, in input order):
/// - single-request trips only: a bipartite assignment, solved exactly by
///   ``SparseAssignmentSolver`` (same lexicographic objective);
/// - otherwise: an incumbent from two greedy passes (biggest trips first, as Alonso-Mora's
///   initial solution, and cheapest cost per rider first), a root bound from the transport
///   relaxation (each request to a vehicle slot at its cheapest per-rider share of a trip
///   of that vehicle, as many slots as the vehicle's largest trip) solved as an assignment,
///   and — unless the incumbent already meets that bound — a depth-first branch and bound
///   on requests (each request: one of its usable trips, or unserved) pruned by a bound of
///   requests still coverable and the cheapest per-rider shares of the ones needed.
///
/// The search stops at `workLimit` trip inspections per component; such a stop is counted
/// in ``TripAssignmentStats/limitHits`` with the gap to the root bound, never hidden.
public struct TripAssignmentSolver: Sendable {
    /// Largest number of trip inspections of one component's search before it stops with
    /// the best answer found (counted in ``TripAssignmentStats/limitHits``).
    public var workLimit: Int
    private var bipartite = SparseAssignmentSolver()

    /// Creates a solver; the default limit is about a tenth of a second of search per component.
    public init(workLimit: Int = 20_000_000) {
        self.workLimit = workLimit
    }

    /// Solves the problem. Trip requests must be sorted, unique and in range, costs finite
    /// and ≥ 0. Deterministic: the same trips in the same order give the same answer.
    ///
    /// Re-optimisation (``PoolBatchStrategy``'s riders already assigned): `required[r]` marks
    /// requests every answer must serve, and `incumbent` (trip indices) is an answer that
    /// serves them all — today's assignment. A component with a required request is
    /// searched from that incumbent by branch and bound with "unserved" forbidden for
    /// required requests, so its answer is never worse than the incumbent (more served, or
    /// as many at no more cost). Empty `required`: nothing required (the plain problem).
    public mutating func solve(
        requestCount: Int, vehicleCount: Int, trips: [CandidateTrip], required: [Bool] = [], incumbent: [Int] = []
    ) -> TripAssignment {
        precondition(required.isEmpty || required.count == requestCount, "required needs one flag per request")
        var stats = TripAssignmentStats()
        var chosen: [Int] = []
        let kept = Set(incumbent)
        for component in Self.components(requestCount: requestCount, vehicleCount: vehicleCount, trips: trips) {
            stats.components += 1
            if !required.isEmpty, component.contains(where: { t in trips[t].requests.contains { required[Int($0)] } }) {
                chosen += solveRequired(component, trips: trips, required: required,
                                        incumbent: component.filter(kept.contains), stats: &stats)
            } else {
                chosen += solveComponent(component, trips: trips, stats: &stats)
            }
        }
        chosen.sort()
        var served = 0, cost = 0.0
        for t in chosen {
            served += trips[t].requests.count
            cost += trips[t].cost
        }
        return TripAssignment(chosen: chosen, served: served, cost: cost, stats: stats)
    }

    /// The trips of each connected component (requests and vehicles linked by a trip), as
    /// trip indices in input order; components ordered by their first trip.
    static func components(requestCount: Int, vehicleCount: Int, trips: [CandidateTrip]) -> [[Int]] {
        var parent = Array(0..<(requestCount + vehicleCount))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for trip in trips {
            precondition(Int(trip.vehicle) >= 0 && Int(trip.vehicle) < vehicleCount, "trip vehicle out of range")
            precondition(!trip.requests.isEmpty && trip.cost.isFinite && trip.cost >= 0, "trip needs requests and a finite cost ≥ 0")
            let v = find(requestCount + Int(trip.vehicle))
            var previous: Int32 = -1
            for r in trip.requests {
                precondition(r > previous && Int(r) < requestCount, "trip requests must be sorted, unique and in range")
                previous = r
                let root = find(Int(r))
                if root != v { parent[root] = v }
            }
        }
        var slot = [Int](repeating: -1, count: parent.count)
        var out: [[Int]] = []
        for (t, trip) in trips.enumerated() {
            let root = find(requestCount + Int(trip.vehicle))
            if slot[root] < 0 {
                slot[root] = out.count
                out.append([])
            }
            out[slot[root]].append(t)
        }
        return out
    }

    private mutating func solveComponent(_ tripIDs: [Int], trips: [CandidateTrip], stats: inout TripAssignmentStats) -> [Int] {
        let problem = LocalProblem(tripIDs, trips: trips)
        if problem.maxSize == 1 {
            stats.bipartiteComponents += 1
            return problem.chosenGlobal(solveBipartite(problem, trips: Array(problem.trips.indices)))
        }
        // Incumbent: the best of the two greedy passes, each with its single-rider trips
        // re-chosen optimally around its groups, and the best solo-only assignment.
        var best = resolveSingles(problem.greedy(bySize: true), problem)
        for candidate in [resolveSingles(problem.greedy(bySize: false), problem), resolveSingles(.init(), problem)]
        where problem.better(candidate, than: best) {
            best = candidate
        }
        return improve(best, of: problem, stats: &stats)
    }

    /// A component with required requests: the best of the incumbent and the greedy answers
    /// that serve every required request, proved at the root bound or improved by branch
    /// and bound that never leaves a required request unserved.
    private mutating func solveRequired(
        _ tripIDs: [Int], trips: [CandidateTrip], required: [Bool], incumbent: [Int], stats: inout TripAssignmentStats
    ) -> [Int] {
        let problem = LocalProblem(tripIDs, trips: trips)
        var local = [Int: Int]()
        for (i, t) in problem.global.enumerated() { local[t] = i }
        var mustServe = [Bool](repeating: false, count: problem.n)
        for (i, t) in tripIDs.enumerated() {
            for (k, r) in trips[t].requests.enumerated() where required[Int(r)] { mustServe[Int(problem.trips[i].requests[k])] = true }
        }
        var best = LocalProblem.Solution()
        for t in incumbent.compactMap({ local[$0] }) {
            best.trips.append(t)
            best.served += problem.trips[t].requests.count
            best.cost += problem.trips[t].cost
        }
        precondition(problem.covers(best, mustServe), "the incumbent must serve every required request")
        // Each start with its single-rider trips re-chosen optimally around its groups, as in
        // ``solveComponent`` — kept only where every required request stays served.
        let incumbentSolution = best
        let greedy = [problem.greedy(bySize: true), problem.greedy(bySize: false)]
        for candidate in greedy + greedy.map({ resolveSingles($0, problem) }) + [resolveSingles(incumbentSolution, problem)]
        where problem.covers(candidate, mustServe) && problem.better(candidate, than: best) {
            best = candidate
        }
        return improve(best, of: problem, required: mustServe, stats: &stats)
    }

    /// `best` if the root bound proves it optimal, else the best answer branch and bound finds
    /// from it within the work limit (never leaving a `required` request unserved), with the
    /// gap to the bound counted when the limit stops it. Global trip indices.
    private mutating func improve(_ best: LocalProblem.Solution, of problem: LocalProblem, required: [Bool] = [],
                         stats: inout TripAssignmentStats) -> [Int] {
        let bound = rootBound(problem)
        if best.served == bound.served && best.cost <= bound.cost + 1e-9 * max(1, abs(bound.cost)) {
            stats.provedAtRoot += 1
            return problem.chosenGlobal(best.trips)
        }
        stats.searchedComponents += 1
        var search = TripBranchAndBound(problem, incumbent: best, workLimit: workLimit, required: required)
        search.run()
        stats.nodes += search.nodes
        if search.limitHit {
            stats.limitHits += 1
            if search.best.served < bound.served {
                stats.servedGap += bound.served - search.best.served
            } else {
                stats.costGap += max(0, search.best.cost - bound.cost)
            }
        }
        return problem.chosenGlobal(search.best.trips)
    }

    /// `solution`'s trips of two or more riders, plus the optimal single-rider trips for the
    /// riders and vehicles they leave free (an exact bipartite assignment).
    private mutating func resolveSingles(_ solution: LocalProblem.Solution, _ p: LocalProblem) -> LocalProblem.Solution {
        var out = LocalProblem.Solution()
        var riderUsed = [Bool](repeating: false, count: p.n), vehicleUsed = [Bool](repeating: false, count: p.m)
        for t in solution.trips where p.trips[t].requests.count > 1 {
            out.trips.append(t)
            out.served += p.trips[t].requests.count
            out.cost += p.trips[t].cost
            vehicleUsed[Int(p.trips[t].vehicle)] = true
            for r in p.trips[t].requests { riderUsed[Int(r)] = true }
        }
        let singles = p.trips.indices.filter {
            p.trips[$0].requests.count == 1 && !riderUsed[Int(p.trips[$0].requests[0])] && !vehicleUsed[Int(p.trips[$0].vehicle)]
        }
        for t in solveBipartite(p, trips: singles) {
            out.trips.append(t)
            out.served += 1
            out.cost += p.trips[t].cost
        }
        return out
    }

    /// The exact assignment over `trips` (local indices of single-rider trips): the cheapest
    /// trip of each (request, vehicle) pair is an edge of a bipartite assignment.
    private mutating func solveBipartite(_ p: LocalProblem, trips: [Int]) -> [Int] {
        // Cheapest trip per (request, vehicle), first listed on ties; edges grouped by request.
        var edgeOf = [Int: Int]()  // request * m + vehicle → local trip
        for t in trips {
            let trip = p.trips[t]
            let key = Int(trip.requests[0]) * p.m + Int(trip.vehicle)
            if let e = edgeOf[key], p.trips[e].cost <= trip.cost { continue }
            edgeOf[key] = t
        }
        var byRequest = [[Int]](repeating: [], count: p.n)
        for t in edgeOf.values.sorted() { byRequest[Int(p.trips[t].requests[0])].append(t) }
        var rowStart: [Int32] = [0], columns: [Int32] = [], costs: [Double] = [], edgeTrip: [Int] = []
        for list in byRequest {
            for t in list {
                columns.append(p.trips[t].vehicle)
                costs.append(p.trips[t].cost)
                edgeTrip.append(t)
            }
            rowStart.append(Int32(columns.count))
        }
        let answer = bipartite.solve(rows: p.n, cols: p.m, rowStart: rowStart, columns: columns, costs: costs)
        var out: [Int] = []
        for (row, column) in answer.enumerated() where column >= 0 {
            for e in Int(rowStart[row])..<Int(rowStart[row + 1]) where Int(columns[e]) == column {
                out.append(edgeTrip[e])
                break
            }
        }
        return out
    }

    /// The transport relaxation: every request to one slot of a vehicle (a vehicle has as
    /// many slots as its largest trip) at the request's cheapest per-rider share of that
    /// vehicle's trips. Any answer maps onto it serving as many at no more cost, so its
    /// optimum bounds the served count from above and, at that count, the cost from below.
    private mutating func rootBound(_ p: LocalProblem) -> (served: Int, cost: Double) {
        var slotStart = [Int](repeating: 0, count: p.m + 1)
        var share = [Int: Double]()  // request * m + vehicle → cheapest share
        for trip in p.trips {
            let v = Int(trip.vehicle)
            slotStart[v + 1] = max(slotStart[v + 1], trip.requests.count)
            let s = trip.cost / Double(trip.requests.count)
            for r in trip.requests {
                let key = Int(r) * p.m + v
                if let old = share[key], old <= s { continue }
                share[key] = s
            }
        }
        for v in 0..<p.m { slotStart[v + 1] += slotStart[v] }
        var rowStart: [Int32] = [0], columns: [Int32] = [], costs: [Double] = []
        var byRequest = [[(vehicle: Int, share: Double)]](repeating: [], count: p.n)
        for (key, s) in share { byRequest[key / p.m].append((key % p.m, s)) }
        for r in 0..<p.n {
            for (v, s) in byRequest[r].sorted(by: { $0.vehicle < $1.vehicle }) {
                for slot in slotStart[v]..<slotStart[v + 1] {
                    columns.append(Int32(slot))
                    costs.append(s)
                }
            }
            rowStart.append(Int32(columns.count))
        }
        let answer = bipartite.solve(rows: p.n, cols: slotStart[p.m], rowStart: rowStart, columns: columns, costs: costs)
        var served = 0, cost = 0.0
        for (row, column) in answer.enumerated() where column >= 0 {
            served += 1
            for e in Int(rowStart[row])..<Int(rowStart[row + 1]) where Int(columns[e]) == column {
                cost += costs[e]
                break
            }
        }
        return (served, cost)
    }
}
