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
            labels.withScratch { s in
                _ = s.relax(target, dist: 0, second: 0, parent: -1)
                s.push(0, Int32(target))
            }
        }
        if labels.isSettled(source) { return (labels.dist(source), labels.second(source)) }
        let graph = self.graph
        var settled = 0
        defer { settledCount += settled }
        let found = graph.firstIn.withUnsafeBufferPointer { firstIn in
            graph.tail.withUnsafeBufferPointer { tail in
                weights.backward.withUnsafeBufferPointer { weight in
                    lengths.backward.withUnsafeBufferPointer { length in
                        labels.withScratch { s -> Bool in
                            while !s.isSettled(source) {
                                guard !s.isEmpty, s.minKey <= bound else { return false }
                                let (d, u32) = s.pop()
                                let u = Int(u32)
                                if s.isSettled(u) || d != s.node[u].dist { continue }
                                s.settle(u)
                                settled += 1
                                let mu = s.node[u].second
                                for slot in Int(firstIn[u])..<Int(firstIn[u + 1]) {
                                    let v = Int(tail[slot])
                                    let nd = d + Int(weight[slot])
                                    if nd <= bound, s.relax(v, dist: nd, second: mu + Int(length[slot]), parent: -1) {
                                        s.push(nd, Int32(v))
                                    }
                                }
                            }
                            return true
                        }
                    }
                }
            }
        }
        return found ? (labels.dist(source), labels.second(source)) : nil
    }
}
