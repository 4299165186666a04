/// ALT landmarks for one metric: exact distances from and to a few far-apart nodes. By the
/// triangle inequality, d(v, t) ≥ max over landmarks L of d(L, t) − d(L, v) and
/// d(v, L) − d(t, L): a consistent A* potential, valid for any weights ≥ the landmark metric.
public struct Landmarks: Sendable {
    /// The landmark nodes.
    public let nodes: [Int32]
    /// d(L, v), node-major: `from[v * count + l]`.
    let from: [Int32]
    /// d(v, L), node-major.
    let to: [Int32]

    /// Number of landmarks.
    public var count: Int { nodes.count }

    /// Chooses up to `count` landmarks by farthest insertion (each new landmark is the node
    /// farthest, to and from, from those chosen so far; the first is farthest from node 0)
    /// and computes their distance tables on `weights`.
    public init(graph: RoutingGraph, weights: EdgeWeights, count: Int) {
        let n = graph.nodeCount
        let k = min(count, n)
        var labels = SearchLabels(nodes: n)
        var chosen: [Int32] = []
        var fromTables: [[Int]] = []
        var toTables: [[Int]] = []
        var closeness = [Int](repeating: Int.max, count: n)  // min over chosen of d(L,v)+d(v,L)
        var next = Self.farthest(Self.fullSearch(graph, weights, from: 0, backward: false, &labels))
        while chosen.count < k {
            chosen.append(Int32(next))
            let f = Self.fullSearch(graph, weights, from: next, backward: false, &labels)
            let t = Self.fullSearch(graph, weights, from: next, backward: true, &labels)
            fromTables.append(f)
            toTables.append(t)
            for v in 0..<n { closeness[v] = min(closeness[v], f[v] &+ t[v]) }
            next = Self.farthest(closeness)
        }
        self.init(graph: graph, weights: weights, nodes: chosen, from: fromTables, to: toTables)
    }

    /// The landmarks `nodes` (chosen on another metric) with their distance tables on `weights`.
    public init(graph: RoutingGraph, weights: EdgeWeights, nodes: [Int32]) {
        var labels = SearchLabels(nodes: graph.nodeCount)
        let from = nodes.map { Self.fullSearch(graph, weights, from: Int($0), backward: false, &labels) }
        let to = nodes.map { Self.fullSearch(graph, weights, from: Int($0), backward: true, &labels) }
        self.init(graph: graph, weights: weights, nodes: nodes, from: from, to: to)
    }

    private init(graph: RoutingGraph, weights: EdgeWeights, nodes chosen: [Int32], from fromTables: [[Int]], to toTables: [[Int]]) {
        let n = graph.nodeCount, k = chosen.count
        nodes = chosen
        var from = [Int32](repeating: 0, count: n * k)
        var to = [Int32](repeating: 0, count: n * k)
        for l in 0..<k {
            for v in 0..<n {
                precondition(fromTables[l][v] < Int(Int32.max) && toTables[l][v] < Int(Int32.max),
                             "network too large for 32-bit landmark distances (or not strongly connected)")
                from[v * k + l] = Int32(fromTables[l][v])
                to[v * k + l] = Int32(toTables[l][v])
            }
        }
        self.from = from
        self.to = to
    }

    /// A lower bound of d(v, t), given t's rows.
    @inline(__always) func lowerBound(_ v: Int, fromT: UnsafeBufferPointer<Int32>, toT: UnsafeBufferPointer<Int32>,
                                      from: UnsafeBufferPointer<Int32>, to: UnsafeBufferPointer<Int32>) -> Int {
        let k = fromT.count
        var best = 0
        let base = v * k
        for l in 0..<k {
            best = max(best, Int(fromT[l]) - Int(from[base + l]), Int(to[base + l]) - Int(toT[l]))
        }
        return best
    }

    /// A lower bound of d(`source`, `target`) on the landmarks' metric (0 without landmarks).
    func lowerBound(from source: Int, to target: Int) -> Int {
        let k = count
        var best = 0
        let s = source * k, t = target * k
        for l in 0..<k {
            best = max(best, Int(from[t + l]) - Int(from[s + l]), Int(to[s + l]) - Int(to[t + l]))
        }
        return best
    }

    private static func farthest(_ values: [Int]) -> Int {
        var best = 0
        for v in values.indices where values[v] < Int(Int32.max) && values[v] > values[best] { best = v }
        return best
    }

    /// Distances from (or, backward, to) `source` to every node; unreachable = Int32.max.
    static func fullSearch(_ graph: RoutingGraph, _ weights: EdgeWeights, from source: Int, backward: Bool,
                           _ labels: inout SearchLabels) -> [Int] {
        labels.reset()
        var out = [Int](repeating: Int(Int32.max), count: graph.nodeCount)
        labels.withScratch { s in
            _ = s.relax(source, dist: 0, second: 0, parent: -1)
            s.push(0, Int32(source))
            while !s.isEmpty {
                let (d, u32) = s.pop()
                let u = Int(u32)
                if s.isSettled(u) || d != s.node[u].dist { continue }
                s.settle(u)
                out[u] = d
                if backward {
                    for slot in Int(graph.firstIn[u])..<Int(graph.firstIn[u + 1]) {
                        let v = Int(graph.tail[slot]), nd = d + Int(weights.backward[slot])
                        if s.relax(v, dist: nd, second: 0, parent: -1) { s.push(nd, Int32(v)) }
                    }
                } else {
                    for e in Int(graph.firstOut[u])..<Int(graph.firstOut[u + 1]) {
                        let v = Int(graph.head[e]), nd = d + Int(weights.forward[e])
                        if s.relax(v, dist: nd, second: 0, parent: -1) { s.push(nd, Int32(v)) }
                    }
                }
            }
        }
        return out
    }
}
