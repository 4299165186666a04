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

    /// Whether the search is the one for `target` at `profile` within `bound` (resumable).
    public func holds(target: Int, profile: Int, bound: Int) -> Bool {
        target == self.target && profile == self.profile && bound == self.bound
    }

    /// Bytes of scratch one search keeps for `graph` (labels and heap).
    public static func scratchBytes(_ graph: RoutingGraph) -> Int {
        graph.nodeCount * MemoryLayout<NodeLabel>.stride + (graph.edgeCount + 1) * MemoryLayout<HeapEntry>.stride
    }

    /// A search over `graph`.
    public init(graph: RoutingGraph) {
        self.graph = graph
        labels = SearchLabels(nodes: graph.nodeCount, edges: graph.edgeCount)
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

/// A few live ``OneToMany`` searches of one owner, by target: the engine's retry pass asks
/// about the same waiting riders every second, and each resumes its own search instead of
/// starting again (a resumed search settles the same nodes in the same order, so its answers
/// are the same). Least recently used is replaced; at most `maxSearches`, fewer on a large
/// graph (about 16 MB of scratch in all).
struct OneToManyPool {
    private let graph: RoutingGraph
    private var searches: [OneToMany] = []
    private var used: [UInt64] = []
    private var clock: UInt64 = 0
    private let capacity: Int

    init(graph: RoutingGraph, maxSearches: Int = 8) {
        self.graph = graph
        capacity = max(1, min(maxSearches, (16 << 20) / max(1, OneToMany.scratchBytes(graph))))
    }

    /// ``OneToMany/distance(from:to:profile:weights:lengths:bound:)`` on the search for
    /// `target`, `profile` and `bound` (resumed when live).
    mutating func distance(
        from source: Int, to target: Int, profile: Int, weights: EdgeWeights, lengths: EdgeWeights, bound: Int
    ) -> (ms: Int, mm: Int)? {
        clock &+= 1
        var slot = -1
        for i in searches.indices where searches[i].holds(target: target, profile: profile, bound: bound) {
            slot = i
            break
        }
        if slot < 0 {
            if searches.count < capacity {
                searches.append(OneToMany(graph: graph))
                used.append(0)
                slot = searches.count - 1
            } else {
                slot = used.indices.min { used[$0] < used[$1] }!
            }
        }
        used[slot] = clock
        return searches[slot].distance(from: source, to: target, profile: profile, weights: weights, lengths: lengths, bound: bound)
    }
}
