import Testing
@testable import RoadNetwork

@Suite("Network import: strongly connected components")
struct StrongComponentsTests {
    /// CSR adjacency from an edge list.
    private func csr(_ nodeCount: Int, _ edges: [(Int, Int)]) -> (offsets: [Int], targets: [Int32]) {
        let sorted = edges.sorted { $0 < $1 }
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for (s, _) in sorted { offsets[s + 1] += 1 }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        return (offsets, sorted.map { Int32($0.1) })
    }

    @Test("same component exactly when each node reaches the other (random graphs vs brute force)", arguments: 0..<30)
    func matchesReachability(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let n = 1 + next(25)
        let edges = (0..<next(3 * n)).map { _ in (next(n), next(n)) }
        let (offsets, targets) = csr(n, edges)
        let (component, count) = StrongComponents.label(nodeCount: n, offsets: offsets, targets: targets)
        var reach = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for v in 0..<n { reach[v][v] = true }
        for (s, t) in edges { reach[s][t] = true }
        for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
        for u in 0..<n {
            for v in 0..<n { #expect((component[u] == component[v]) == (reach[u][v] && reach[v][u]), "\(u) \(v)") }
        }
        #expect(count == Set(component).count)
        #expect(component.allSatisfy { $0 >= 0 && Int($0) < count })
    }

    @Test("a 300,000-node one-way chain and ring need no recursion")
    func longChain() {
        let n = 300_000
        let chain = csr(n, (0..<(n - 1)).map { ($0, $0 + 1) })
        #expect(StrongComponents.label(nodeCount: n, offsets: chain.offsets, targets: chain.targets).count == n)
        let ring = csr(n, (0..<n).map { ($0, ($0 + 1) % n) })
        #expect(StrongComponents.label(nodeCount: n, offsets: ring.offsets, targets: ring.targets).count == 1)
    }
}
