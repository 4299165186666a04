import Core

extension JoinEngine {
    /// One decision pass of a partitioned engine: part by part (ascending id), the strategy
    /// decides that part's requests (in their pending order) over the drivers the part may
    /// use. A driver taken by one part is taken for every later part of the pass (the
    /// owner's confirmation: ``CandidateSearch/take(_:)`` and the driver turning busy), so
    /// no driver is dispatched twice. Counts the matches whose driver another part owned.
    mutating func decidePartitioned(_ requests: [PendingRequest], _ partitions: EnginePartitions) {
        defer { search.partition = nil }
        // An immediate strategy's arrival decides one request: no grouping to build.
        if requests.count == 1 { return decide(part: partitions.part(of: requests[0]), requests, partitions) }
        var parts: [Int: [PendingRequest]] = [:]
        for r in requests { parts[partitions.part(of: r), default: []].append(r) }
        for part in parts.keys.sorted() { decide(part: part, parts[part]!, partitions) }
    }

    /// The strategy decides `group` (all of part `part`) over the drivers the part may use.
    private mutating func decide(part: Int, _ group: [PendingRequest], _ partitions: EnginePartitions) {
        // Owners as of the decision: a driver dispatched now keeps its last location.
        let before = pool.dispatched.count
        search.partition = PartitionFilter(partitions: partitions, part: part)
        strategy.decide(group, search: &search, plans: &pool)
        for d in pool.dispatched[before...]
        where partitions.owner(of: d.driver, at: search.drivers.rows[Int(d.driver)].location) != part {
            crossPartitionMatches += 1
        }
    }
}
