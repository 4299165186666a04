/// One connected component of a trip assignment, renumbered: requests `0..<n` and vehicles
/// `0..<m` in ascending order of their ids in the whole problem.
struct LocalProblem {
    /// A set of chosen (local) trips with its objective.
    struct Solution {
        var trips: [Int] = []
        var served = 0
        var cost = 0.0
    }

    let n: Int
    let m: Int
    /// The component's trips with local request and vehicle ids, in input order.
    let trips: [CandidateTrip]
    /// Input index of each local trip.
    let global: [Int]
    /// Largest number of requests in one trip.
    let maxSize: Int

    init(_ tripIDs: [Int], trips all: [CandidateTrip]) {
        var requests: [Int32] = [], vehicles: [Int32] = []
        for t in tripIDs {
            vehicles.append(all[t].vehicle)
            requests += all[t].requests
        }
        let requestIDs = Array(Set(requests)).sorted(), vehicleIDs = Array(Set(vehicles)).sorted()
        var requestOf = [Int32: Int32](), vehicleOf = [Int32: Int32]()
        for (i, r) in requestIDs.enumerated() { requestOf[r] = Int32(i) }
        for (i, v) in vehicleIDs.enumerated() { vehicleOf[v] = Int32(i) }
        n = requestIDs.count
        m = vehicleIDs.count
        global = tripIDs
        trips = tripIDs.map { t in
            CandidateTrip(vehicle: vehicleOf[all[t].vehicle]!, requests: all[t].requests.map { requestOf[$0]! }, cost: all[t].cost)
        }
        maxSize = trips.map(\.requests.count).max() ?? 0
    }

    /// Whether `a` serves more requests than `b`, or as many at less cost.
    func better(_ a: Solution, than b: Solution) -> Bool {
        a.served > b.served || (a.served == b.served && a.cost < b.cost)
    }

    /// A greedy answer: trips in order of (size descending, cost) when `bySize`, else of
    /// (cost per rider, size descending); each taken when its vehicle and riders are free.
    func greedy(bySize: Bool) -> Solution {
        let order = trips.indices.sorted { a, b in
            let ta = trips[a], tb = trips[b]
            let sa = ta.requests.count, sb = tb.requests.count
            let shareA = ta.cost / Double(sa), shareB = tb.cost / Double(sb)
            if bySize {
                if sa != sb { return sa > sb }
                if ta.cost != tb.cost { return ta.cost < tb.cost }
            } else {
                if shareA != shareB { return shareA < shareB }
                if sa != sb { return sa > sb }
            }
            return a < b
        }
        var usedRequest = [Bool](repeating: false, count: n), usedVehicle = [Bool](repeating: false, count: m)
        var out = Solution()
        for t in order {
            let trip = trips[t]
            guard !usedVehicle[Int(trip.vehicle)], trip.requests.allSatisfy({ !usedRequest[Int($0)] }) else { continue }
            usedVehicle[Int(trip.vehicle)] = true
            for r in trip.requests { usedRequest[Int(r)] = true }
            out.trips.append(t)
            out.served += trip.requests.count
            out.cost += trip.cost
        }
        return out
    }

    /// Input indices of local trips.
    func chosenGlobal(_ local: [Int]) -> [Int] { local.map { global[$0] } }

    /// Whether `solution` serves every request `required` marks.
    func covers(_ solution: Solution, _ required: [Bool]) -> Bool {
        var served = [Bool](repeating: false, count: n)
        for t in solution.trips { for r in trips[t].requests { served[Int(r)] = true } }
        return required.indices.allSatisfy { !required[$0] || served[$0] }
    }
}

/// Depth-first branch and bound over the requests of one component: each request, in order
/// of fewest trips first, is served by one of its usable trips (vehicle free, every rider
/// of the trip still undecided; cheapest per-rider share first) or left unserved — unless
/// it is required (re-optimisation: a rider already assigned is never dropped).
///
/// Bound at a node: the undecided requests that some usable trip covers, capped by the sum
/// of the free vehicles' largest usable trips, bound how many more can be served; when
/// that only ties the incumbent's count, the cheapest per-rider shares of the requests
/// still needed bound the cost from below (a trip's cost is the sum of its riders' shares).
struct TripBranchAndBound {
    private let p: LocalProblem
    private let workLimit: Int
    private var tripsOf: [[Int]]
    private var order: [Int]
    private var decided: [Bool]
    private let required: [Bool]
    private var vehicleUsed: [Bool]
    private var stack: [Int] = []
    private var minShare: [Double]
    private var vehicleMax: [Int]
    /// Each trip's per-rider share of its cost, and each vehicle's trips, largest first.
    private let shareOf: [Double]
    private let tripsBySize: [[Int]]
    private var blocked: [Int32]
    private var shares: [Double] = []
    private var work = 0
    /// The best answer found.
    private(set) var best: LocalProblem.Solution
    /// Nodes visited.
    private(set) var nodes = 0
    /// Whether the search stopped at the work limit before proving `best` optimal.
    private(set) var limitHit = false

    init(_ p: LocalProblem, incumbent: LocalProblem.Solution, workLimit: Int, required: [Bool] = []) {
        self.p = p
        self.required = required.isEmpty ? [Bool](repeating: false, count: p.n) : required
        self.workLimit = workLimit
        best = incumbent
        var tripsOf = [[Int]](repeating: [], count: p.n)
        for (t, trip) in p.trips.enumerated() {
            for r in trip.requests { tripsOf[Int(r)].append(t) }
        }
        for r in 0..<p.n {
            tripsOf[r].sort { a, b in
                let ta = p.trips[a], tb = p.trips[b]
                let sa = ta.cost / Double(ta.requests.count), sb = tb.cost / Double(tb.requests.count)
                if sa != sb { return sa < sb }
                if ta.requests.count != tb.requests.count { return ta.requests.count > tb.requests.count }
                return a < b
            }
        }
        self.tripsOf = tripsOf
        shareOf = p.trips.map { $0.cost / Double($0.requests.count) }
        var tripsBySize = [[Int]](repeating: [], count: p.m)
        for (t, trip) in p.trips.enumerated() { tripsBySize[Int(trip.vehicle)].append(t) }
        for v in 0..<p.m { tripsBySize[v].sort { (p.trips[$0].requests.count, $1) > (p.trips[$1].requests.count, $0) } }
        self.tripsBySize = tripsBySize
        blocked = [Int32](repeating: 0, count: p.trips.count)
        order = (0..<p.n).sorted { (tripsOf[$0].count, $0) < (tripsOf[$1].count, $1) }
        decided = [Bool](repeating: false, count: p.n)
        vehicleUsed = [Bool](repeating: false, count: p.m)
        minShare = [Double](repeating: .infinity, count: p.n)
        vehicleMax = [Int](repeating: 0, count: p.m)
    }

    /// Searches until the incumbent is proved optimal or the work limit is reached.
    mutating func run() {
        visit(0, served: 0, cost: 0)
    }

    /// Whether trip `t`'s vehicle is free and all its riders undecided (kept as a count of
    /// what blocks it: its vehicle used, each of its riders decided).
    private func usable(_ t: Int) -> Bool { blocked[t] == 0 }

    private mutating func setDecided(_ r: Int, _ on: Bool) {
        decided[r] = on
        for t in tripsOf[r] { blocked[t] += on ? 1 : -1 }
    }

    private mutating func setVehicleUsed(_ v: Int, _ on: Bool) {
        vehicleUsed[v] = on
        for t in tripsBySize[v] { blocked[t] += on ? 1 : -1 }
    }

    private mutating func visit(_ from: Int, served: Int, cost: Double) {
        if limitHit { return }
        nodes += 1
        var position = from
        while position < order.count, decided[order[position]] { position += 1 }
        if position == order.count {
            if served > best.served || (served == best.served && cost < best.cost) {
                best = LocalProblem.Solution(trips: stack, served: served, cost: cost)
            }
            return
        }
        if prune(served: served, cost: cost) { return }
        let r = order[position]
        for t in tripsOf[r] {
            work += p.trips[t].requests.count
            guard usable(t) else { continue }
            let trip = p.trips[t]
            setVehicleUsed(Int(trip.vehicle), true)
            for q in trip.requests { setDecided(Int(q), true) }
            stack.append(t)
            visit(position + 1, served: served + trip.requests.count, cost: cost + trip.cost)
            stack.removeLast()
            for q in trip.requests { setDecided(Int(q), false) }
            setVehicleUsed(Int(trip.vehicle), false)
            if limitHit { return }
        }
        guard !required[r] else { return }
        setDecided(r, true)
        visit(position + 1, served: served, cost: cost)
        setDecided(r, false)
    }

    /// Whether no completion of this node can beat the incumbent (and counts the work).
    private mutating func prune(served: Int, cost: Double) -> Bool {
        work += p.trips.count
        if work > workLimit {
            limitHit = true
            return true
        }
        // The cheapest usable share of each undecided request is its first usable trip
        // (``tripsOf`` is sorted by share), and a free vehicle's largest usable trip its first
        // usable one by size: the same values as a scan of every trip, found with less work.
        for r in 0..<p.n {
            minShare[r] = .infinity
            guard !decided[r] else { continue }
            for t in tripsOf[r] where usable(t) {
                minShare[r] = shareOf[t]
                break
            }
        }
        for v in 0..<p.m {
            vehicleMax[v] = 0
            guard !vehicleUsed[v] else { continue }
            for t in tripsBySize[v] where usable(t) {
                vehicleMax[v] = p.trips[t].requests.count
                break
            }
        }
        shares.removeAll(keepingCapacity: true)
        for r in 0..<p.n where !decided[r] && minShare[r].isFinite { shares.append(minShare[r]) }
        let slots = vehicleMax.reduce(0, +)
        let more = min(shares.count, slots)
        if served + more < best.served { return true }
        if served + more > best.served { return false }
        let needed = best.served - served
        shares.sort()
        var bound = cost
        for i in 0..<needed { bound += shares[i] }
        return bound >= best.cost
    }
}
