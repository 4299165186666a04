/// One node's label in a search: tentative cost, secondary sum, parent edge, and the
/// generation stamps that say whether it was reached or settled in the current search.
/// One 32-byte record per node, so a relaxation touches one cache line.
struct NodeLabel {
    var dist = 0
    var second = 0
    var parent: Int32 = -1
    var reached: UInt32 = 0
    var settled: UInt32 = 0
}

/// One entry of the search heap: a key and its node.
struct HeapEntry {
    var key: Int
    var node: Int32
}

/// The heap's storage: manually managed so that a search can grow it from inside its unsafe
/// view. Starts small; doubles when full.
final class HeapBuffer: @unchecked Sendable {  // copy-on-write through SearchLabels
    private(set) var base: UnsafeMutablePointer<HeapEntry>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = UnsafeMutablePointer<HeapEntry>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Doubles the storage, keeping the first `count` entries.
    func grow(keeping count: Int) {
        let bigger = UnsafeMutablePointer<HeapEntry>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// A copy holding the first `count` entries.
    func copy(count: Int) -> HeapBuffer {
        let other = HeapBuffer(capacity: capacity)
        other.base.initialize(from: base, count: count)
        return other
    }
}

/// Per-node labels of one search and its binary min-heap of (key, node) pairs, reset in
/// O(1) by bumping a generation stamp. Stale heap entries are skipped by the caller (lazy
/// deletion). Storage is kept across searches; the hot loops work on it through
/// ``withScratch(_:)``, without bounds or uniqueness checks per access. A value: a copy
/// gets its own heap storage on its first search.
struct SearchLabels {
    private var labels: [NodeLabel]
    private var heap: HeapBuffer
    private var heapCount = 0
    private var generation: UInt32 = 0

    /// Labels for `nodes` nodes, and an empty heap.
    init(nodes: Int) {
        labels = [NodeLabel](repeating: NodeLabel(), count: nodes)
        heap = HeapBuffer(capacity: 256)
    }

    /// Forgets every label.
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            for i in labels.indices { labels[i].reached = 0; labels[i].settled = 0 }
            generation = 1
        }
        heapCount = 0
    }

    /// The cost label of `v` (meaningful once reached).
    @inline(__always) func dist(_ v: Int) -> Int { labels[v].dist }
    /// The secondary label of `v`.
    @inline(__always) func second(_ v: Int) -> Int { labels[v].second }
    /// The parent edge of `v`.
    @inline(__always) func parent(_ v: Int) -> Int32 { labels[v].parent }
    /// Whether `v` is settled in the current search.
    @inline(__always) func isSettled(_ v: Int) -> Bool { labels[v].settled == generation }

    /// Runs `body` on unsafe views of the labels and the heap (valid only inside `body`).
    @inline(__always) mutating func withScratch<R>(_ body: (inout SearchScratch) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&heap) { heap = heap.copy(count: heapCount) }
        let count = heapCount, generation = self.generation, buffer = heap
        var end = count
        let result = try labels.withUnsafeMutableBufferPointer { node in
            var scratch = SearchScratch(node: node.baseAddress!, buffer: buffer, count: count, generation: generation)
            defer { end = scratch.count }
            return try body(&scratch)
        }
        heapCount = end
        return result
    }
}

/// Unsafe views of one ``SearchLabels``' storage during a search; the same operations, in
/// the same order, as a heap of arrays would do (so searches settle nodes in the same order).
struct SearchScratch {
    let node: UnsafeMutablePointer<NodeLabel>
    private unowned(unsafe) let buffer: HeapBuffer
    private(set) var heap: UnsafeMutablePointer<HeapEntry>
    private var capacity: Int
    var count: Int
    let generation: UInt32

    init(node: UnsafeMutablePointer<NodeLabel>, buffer: HeapBuffer, count: Int, generation: UInt32) {
        self.node = node
        self.buffer = buffer
        heap = buffer.base
        capacity = buffer.capacity
        self.count = count
        self.generation = generation
    }

    @inline(__always) var isEmpty: Bool { count == 0 }
    /// The smallest key. - Precondition: not empty.
    @inline(__always) var minKey: Int { heap[0].key }

    @inline(__always) func isSettled(_ v: Int) -> Bool { node[v].settled == generation }
    @inline(__always) func settle(_ v: Int) { node[v].settled = generation }

    /// Sets v's label if it improves (or v is new); returns whether it did.
    @inline(__always) func relax(_ v: Int, dist d: Int, second s: Int, parent p: Int32) -> Bool {
        let label = node + v
        if label.pointee.reached == generation, label.pointee.dist <= d { return false }
        label.pointee.reached = generation
        label.pointee.dist = d
        label.pointee.second = s
        label.pointee.parent = p
        return true
    }

    @inline(__always) mutating func push(_ key: Int, _ v: Int32) {
        if count == capacity {
            buffer.grow(keeping: count)
            heap = buffer.base
            capacity = buffer.capacity
        }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[parent].key > key else { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = HeapEntry(key: key, node: v)
    }

    /// Removes and returns the pair with the smallest key (ties: any).
    @inline(__always) mutating func pop() -> (key: Int, node: Int32) {
        let top = heap[0]
        count -= 1
        let n = count
        if n > 0 {
            let last = heap[n]
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n, heap[child + 1].key < heap[child].key { child += 1 }
                guard heap[child].key < last.key else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = last
        }
        return (top.key, top.node)
    }
}
