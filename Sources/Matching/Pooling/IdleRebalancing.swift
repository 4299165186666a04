import Core

/// The rebalancing step of Alonso-Mora et al. (PNAS 2017) after a re-optimising
/// `pool-batch` window: the idle vehicles (available, fresh, no riders) go to the requests
/// the window left unassigned, by a min-cost assignment (each vehicle to at most one
/// request, as many requests as possible, then least total distance) between each request
/// and its nearest idle vehicles within the `max_pickup_eta` search radius. Each pair is a
/// platform reposition decision to the request's pickup (``RepositionDecision``), played
/// out through the repositioning machinery: the vehicle stays available and may be matched
/// on the way.
struct IdleRebalancing {
    /// Idle vehicles considered per unassigned request, nearest first.
    static let vehiclesPerRequest = 8

    /// The decisions sending idle vehicles to `points` (the unassigned requests' pickups,
    /// oldest first) at `now`, with the assignment solver `solver`.
    static func decisions(
        to points: [PlanePoint], search: CandidateSearch, now: Double, solver: inout SparseAssignmentSolver
    ) -> [RepositionDecision] {
        guard !points.isEmpty else { return [] }
        var slotOf: [Int32: Int32] = [:], drivers: [Int32] = []
        var rowStart: [Int32] = [0], columns: [Int32] = [], costs: [Double] = []
        for point in points {
            var near: [(driver: Int32, distance: Double)] = []
            search.drivers.index.forEach(within: search.maxRadius, of: point) { id, distance in
                if search.isFreeAndFresh(id) { near.append((id, distance)) }
            }
            near.sort { ($0.distance, $0.driver) < ($1.distance, $1.driver) }
            for (driver, distance) in near.prefix(vehiclesPerRequest) {
                let slot = slotOf[driver] ?? {
                    slotOf[driver] = Int32(drivers.count)
                    drivers.append(driver)
                    return Int32(drivers.count - 1)
                }()
                columns.append(slot)
                costs.append(distance)
            }
            rowStart.append(Int32(columns.count))
        }
        guard !drivers.isEmpty else { return [] }
        let answer = solver.solve(rows: points.count, cols: drivers.count, rowStart: rowStart, columns: columns, costs: costs)
        var out: [RepositionDecision] = []
        for (row, column) in answer.enumerated() where column >= 0 {
            var decision = RepositionDecision(driver: drivers[column], target: points[row], time: .fromSeconds(now))
            decision.towardsUnassigned = true
            out.append(decision)
        }
        return out
    }
}

extension PoolSearch {
    /// The rebalancing decisions made since the last call (``IdleRebalancing``), and forgets them.
    mutating func takeRebalancing() -> [RepositionDecision] {
        defer { rebalancing.removeAll(keepingCapacity: true) }
        return rebalancing
    }
}
