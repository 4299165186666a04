/// A binary min-heap of (key, node) pairs for graph searches; stale entries are skipped by
/// the caller (lazy deletion). Keeps its storage across searches.
struct MinHeap {
    private var keys: [Int] = []
    private var nodes: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }
    /// The smallest key. - Precondition: not empty.
    var minKey: Int { keys[0] }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Int, _ node: Int32) {
        var i = keys.count
        keys.append(key)
        nodes.append(node)
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[parent] > key else { break }
            keys[i] = keys[parent]
            nodes[i] = nodes[parent]
            i = parent
        }
        keys[i] = key
        nodes[i] = node
    }

    /// Removes and returns the pair with the smallest key (ties: any).
    mutating func pop() -> (key: Int, node: Int32) {
        let top = (keys[0], nodes[0])
        let lastKey = keys.removeLast()
        let lastNode = nodes.removeLast()
        let n = keys.count
        if n > 0 {
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n, keys[child + 1] < keys[child] { child += 1 }
                guard keys[child] < lastKey else { break }
                keys[i] = keys[child]
                nodes[i] = nodes[child]
                i = child
            }
            keys[i] = lastKey
            nodes[i] = lastNode
        }
        return top
    }
}

/// Per-node labels of one search, reset in O(1) by bumping a generation stamp.
struct SearchLabels {
    private(set) var dist: [Int]
    private(set) var second: [Int]
    private(set) var parent: [Int32]
    private var reached: [UInt32]
    private var settledAt: [UInt32]
    private var generation: UInt32 = 0
    var heap = MinHeap()

    init(nodes: Int) {
        dist = [Int](repeating: 0, count: nodes)
        second = [Int](repeating: 0, count: nodes)
        parent = [Int32](repeating: -1, count: nodes)
        reached = [UInt32](repeating: 0, count: nodes)
        settledAt = [UInt32](repeating: 0, count: nodes)
    }

    /// Forgets every label.
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            for i in reached.indices { reached[i] = 0; settledAt[i] = 0 }
            generation = 1
        }
        heap.removeAll()
    }

    @inline(__always) func isReached(_ v: Int) -> Bool { reached[v] == generation }
    @inline(__always) func isSettled(_ v: Int) -> Bool { settledAt[v] == generation }
    @inline(__always) mutating func settle(_ v: Int) { settledAt[v] = generation }

    /// Sets v's label if it improves (or v is new); returns whether it did.
    @inline(__always) mutating func relax(_ v: Int, dist d: Int, second s: Int, parent p: Int32) -> Bool {
        if reached[v] == generation, dist[v] <= d { return false }
        reached[v] = generation
        dist[v] = d
        second[v] = s
        parent[v] = p
        return true
    }
}
