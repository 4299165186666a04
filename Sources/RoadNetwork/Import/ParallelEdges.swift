/// Parallel edges (the same source and target more than once: two ways, or an OSMnx
/// multigraph's keys): every importer keeps one per ordered node pair.
enum ParallelEdges {
    /// The first edge of each run of equal (source, target) in `sorted` — sorted so the edge to
    /// keep comes first (the shortest, ties by a stable key) — and how many were dropped.
    static func firstOfEach<Edge>(_ sorted: [Edge], source: KeyPath<Edge, Int32>, target: KeyPath<Edge, Int32>)
        -> (kept: [Edge], dropped: Int) {
        var kept: [Edge] = []
        kept.reserveCapacity(sorted.count)
        for edge in sorted {
            if let last = kept.last, last[keyPath: source] == edge[keyPath: source], last[keyPath: target] == edge[keyPath: target] {
                continue
            }
            kept.append(edge)
        }
        return (kept, sorted.count - kept.count)
    }
}
