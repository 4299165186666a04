/// Exact network times from many sources to one target, bounded: a backward Dijkstra from
/// the target on the reverse graph that settles nodes only as far as asked. The search is
/// resumable — asking for a node not yet settled continues it until that node is settled
/// or the bound is passed — so a run of queries to the same target (the candidates of one
/// pickup, nearest first) costs one search to the farthest candidate asked about.
public struct OneToMany: Sendable {
    private let graph: RoutingGraph
    private var labels: SearchLabels
    private var target = -1
    private var profile = -1
    private var bound = 0
    /// Nodes settled since the current target was set (a measure of work).
    public private(set) var settledCount = 0

    /// A search over `graph`.
    public init(graph: RoutingGraph) {
        self.graph = graph
        labels = SearchLabels(nodes: graph.nodeCount)
    }

    /// The time (ms, under `weights`) and distance (mm) of the fastest path from `source` to
    /// `target`, or nil when it is longer than `bound` ms. `profile` identifies `weights`
    /// (the search is reused while target, profile and bound stay the same).
    public mutating func distance(
        from source: Int, to target: Int, profile: Int, weights: EdgeWeights, lengths: EdgeWeights, bound: Int
    ) -> (ms: Int, mm: Int)? {
        if target != self.target || profile != self.profile || bound != self.bound {
            self.target = target
            self.profile = profile
            self.bound = bound
            settledCount = 0
            labels.reset()
            _ = labels.relax(target, dist: 0, second: 0, parent: -1)
            labels.heap.push(0, Int32(target))
        }
        while !labels.isSettled(source) {
            guard !labels.heap.isEmpty, labels.heap.minKey <= bound else { return nil }
            let (d, u32) = labels.heap.pop()
            let u = Int(u32)
            if labels.isSettled(u) || d != labels.dist[u] { continue }
            labels.settle(u)
            settledCount += 1
            let mu = labels.second[u]
            for slot in Int(graph.firstIn[u])..<Int(graph.firstIn[u + 1]) {
                let v = Int(graph.tail[slot])
                let nd = d + Int(weights.backward[slot])
                if nd <= bound, labels.relax(v, dist: nd, second: mu + Int(lengths.backward[slot]), parent: -1) {
                    labels.heap.push(nd, Int32(v))
                }
            }
        }
        return (labels.dist[source], labels.second[source])
    }
}
