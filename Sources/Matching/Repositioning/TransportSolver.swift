/// An exact solver of the transportation problem: ship units from sources with supplies to
/// sinks with demands over allowed arcs, as many units as the arcs allow (a maximum flow),
/// and among those flows one of least total cost.
///
/// It is a min-cost flow by successive shortest paths: source → each supply node
/// (capacity = its supply, cost 0) → each allowed sink (capacity unbounded, cost c(i, j))
/// → sink (capacity = its demand). Each augmentation follows a cheapest path of the
/// residual graph (Dijkstra on reduced costs with Johnson potentials, O(V²) per path, for
/// dense arc sets); the flow after each augmentation is a least-cost flow of its value, so
/// the last one is a least-cost maximum flow. Costs must be finite and >= 0.
public enum TransportSolver {
    /// Units shipped from one source to one sink.
    public struct Shipment: Sendable, Equatable {
        /// Source index (into `supply`).
        public var from: Int
        /// Sink index (into `demand`).
        public var to: Int
        /// Units shipped.
        public var units: Int
    }

    /// An optimal plan.
    public struct Solution: Sendable, Equatable {
        /// Non-zero shipments, ordered by (from, to).
        public var shipments: [Shipment]
        /// Units shipped in all (the maximum the arcs allow).
        public var units: Int
        /// Total cost: Σ units × cost of the arc.
        public var cost: Double
    }

    private struct Edge {
        var to: Int
        var capacity: Int
        var cost: Double
    }

    /// Solves the problem; `cost(i, j)` is the cost of one unit from source i to sink j, or
    /// nil when the arc is not allowed.
    /// - Precondition: supplies and demands >= 0; every allowed cost finite and >= 0.
    public static func solve(supply: [Int], demand: [Int], cost: (Int, Int) -> Double?) -> Solution {
        let s = supply.count, t = demand.count
        let source = 0, sink = s + t + 1, nodes = s + t + 2
        var edges: [Edge] = []
        var adjacency = Array(repeating: [Int](), count: nodes)
        func add(_ a: Int, _ b: Int, _ capacity: Int, _ c: Double) {
            adjacency[a].append(edges.count)
            edges.append(Edge(to: b, capacity: capacity, cost: c))
            adjacency[b].append(edges.count)
            edges.append(Edge(to: a, capacity: 0, cost: -c))
        }
        let totalDemand = demand.reduce(0, +)
        for i in 0..<s where supply[i] > 0 { add(source, 1 + i, supply[i], 0) }
        var arcs: [(edge: Int, from: Int, to: Int)] = []
        for i in 0..<s where supply[i] > 0 {
            for j in 0..<t where demand[j] > 0 {
                guard let c = cost(i, j) else { continue }
                precondition(c.isFinite && c >= 0, "transport costs must be finite and >= 0, got \(c)")
                arcs.append((edges.count, i, j))
                add(1 + i, 1 + s + j, totalDemand, c)
            }
        }
        for j in 0..<t where demand[j] > 0 { add(1 + s + j, sink, demand[j], 0) }

        var potential = Array(repeating: 0.0, count: nodes)
        var distance = Array(repeating: Double.infinity, count: nodes)
        var via = Array(repeating: -1, count: nodes)
        var done = Array(repeating: false, count: nodes)
        var units = 0
        while true {
            for v in 0..<nodes { distance[v] = .infinity; via[v] = -1; done[v] = false }
            distance[source] = 0
            for _ in 0..<nodes {
                var u = -1
                for v in 0..<nodes where !done[v] && distance[v] < .infinity && (u < 0 || distance[v] < distance[u]) { u = v }
                guard u >= 0 else { break }
                done[u] = true
                for e in adjacency[u] where edges[e].capacity > 0 {
                    let v = edges[e].to
                    // Reduced costs are >= 0 up to rounding; clamp so rounding never reorders.
                    let reduced = max(0, edges[e].cost + potential[u] - potential[v])
                    if distance[u] + reduced < distance[v] {
                        distance[v] = distance[u] + reduced
                        via[v] = e
                    }
                }
            }
            guard distance[sink] < .infinity else { break }
            for v in 0..<nodes where distance[v] < .infinity { potential[v] += distance[v] }
            var push = Int.max, v = sink
            while v != source {
                let e = via[v]
                push = min(push, edges[e].capacity)
                v = edges[e ^ 1].to
            }
            v = sink
            while v != source {
                let e = via[v]
                edges[e].capacity -= push
                edges[e ^ 1].capacity += push
                v = edges[e ^ 1].to
            }
            units += push
        }
        var shipments: [Shipment] = []
        var cost = 0.0
        for arc in arcs {
            let shipped = edges[arc.edge ^ 1].capacity
            if shipped > 0 {
                shipments.append(Shipment(from: arc.from, to: arc.to, units: shipped))
                cost += Double(shipped) * edges[arc.edge].cost
            }
        }
        return Solution(shipments: shipments, units: units, cost: cost)
    }
}
