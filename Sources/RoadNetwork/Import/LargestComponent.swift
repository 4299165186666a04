/// Keeps the largest strongly connected component of a graph whose nodes are numbered in id
/// order: the one step every importer (OpenStreetMap, OSMnx) ends with, so a vehicle can
/// drive from every kept node to every other.
enum LargestComponent {
    /// Which nodes survive, and how many components there were.
    struct Result {
        /// The new index of each input node (in input order), or -1 when it is dropped
        /// (no edge, or outside the largest component).
        var finalIndex: [Int32]
        /// Nodes with at least one edge.
        var nodesWithEdges: Int
        /// Strongly connected components among those nodes.
        var components: Int
        /// Nodes kept.
        var kept: Int
    }

    /// Labels the components of the graph of `nodeCount` nodes and the edges
    /// `sources[i]` → `targets[i]` (sorted by source) and keeps the largest; ties go to the
    /// component holding the lowest node index.
    static func keep(nodeCount: Int, sources: [Int32], targets: [Int32]) -> Result {
        var compact = [Int32](repeating: -1, count: nodeCount)
        for i in sources.indices { compact[Int(sources[i])] = 0; compact[Int(targets[i])] = 0 }
        var count = 0
        for i in compact.indices where compact[i] == 0 { compact[i] = Int32(count); count += 1 }
        // Edges are sorted by source, so CSR offsets come from one scan.
        var offsets = [Int](repeating: 0, count: count + 1)
        for s in sources { offsets[Int(compact[Int(s)]) + 1] += 1 }
        for v in 0..<count { offsets[v + 1] += offsets[v] }
        let compactTargets = targets.map { compact[Int($0)] }
        let (component, components) = StrongComponents.label(nodeCount: count, offsets: offsets, targets: compactTargets)
        var sizes = [Int](repeating: 0, count: components)
        for c in component { sizes[Int(c)] += 1 }
        var largest: Int32 = -1
        for c in component where largest < 0 || sizes[Int(c)] > sizes[Int(largest)] { largest = c }
        var finalIndex = [Int32](repeating: -1, count: nodeCount)
        var kept: Int32 = 0
        for i in compact.indices where compact[i] >= 0 && component[Int(compact[i])] == largest {
            finalIndex[i] = kept
            kept += 1
        }
        return Result(finalIndex: finalIndex, nodesWithEdges: count, components: components, kept: Int(kept))
    }
}
