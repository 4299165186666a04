/// Strongly connected components of a directed graph, by Tarjan's algorithm run with an
/// explicit stack (no recursion: a city's long road chains would overflow the call stack).
enum StrongComponents {
    /// The component of every node, numbered 0..<count in the order Tarjan completes them.
    /// - Parameters:
    ///   - nodeCount: nodes are 0..<nodeCount.
    ///   - offsets: CSR adjacency: the successors of `v` are `targets[offsets[v]..<offsets[v + 1]]`.
    static func label(nodeCount: Int, offsets: [Int], targets: [Int32]) -> (component: [Int32], count: Int) {
        let unvisited: Int32 = -1
        var index = [Int32](repeating: unvisited, count: nodeCount)
        var lowlink = [Int32](repeating: 0, count: nodeCount)
        var onStack = [Bool](repeating: false, count: nodeCount)
        var component = [Int32](repeating: -1, count: nodeCount)
        var stack: [Int32] = []
        var callStack: [(node: Int32, next: Int)] = []  // the DFS path and each node's next edge
        var nextIndex: Int32 = 0
        var count: Int32 = 0

        for root in 0..<nodeCount where index[root] == unvisited {
            callStack.append((Int32(root), offsets[root]))
            index[root] = nextIndex; lowlink[root] = nextIndex; nextIndex += 1
            stack.append(Int32(root)); onStack[root] = true
            while let (node, next) = callStack.last {
                let v = Int(node)
                if next < offsets[v + 1] {
                    callStack[callStack.count - 1].next = next + 1
                    let w = Int(targets[next])
                    if index[w] == unvisited {
                        index[w] = nextIndex; lowlink[w] = nextIndex; nextIndex += 1
                        stack.append(Int32(w)); onStack[w] = true
                        callStack.append((Int32(w), offsets[w]))
                    } else if onStack[w] {
                        lowlink[v] = min(lowlink[v], index[w])
                    }
                    continue
                }
                callStack.removeLast()
                if let parent = callStack.last {
                    lowlink[Int(parent.node)] = min(lowlink[Int(parent.node)], lowlink[v])
                }
                if lowlink[v] == index[v] {
                    while true {
                        let w = Int(stack.removeLast())
                        onStack[w] = false
                        component[w] = count
                        if w == v { break }
                    }
                    count += 1
                }
            }
        }
        return (component, Int(count))
    }
}
