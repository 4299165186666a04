import Core

/// A uniform grid over the network's nodes on the city plane, for snapping a point to its
/// nearest routable node (ties: lower node id). Exact: rings are searched until no closer
/// node can remain.
public struct NodeGrid: Sendable {
    /// Node positions on the plane, by node id.
    public let points: [PlanePoint]
    private let origin: PlanePoint
    private let cellSize: Double
    private let columns: Int
    private let rows: Int
    private let cellStart: [Int32]
    private let cellNodes: [Int32]

    /// Indexes `points` in cells of about four nodes each.
    public init(points: [PlanePoint]) {
        precondition(!points.isEmpty, "a network needs at least one node")
        self.points = points
        let minX = points.map(\.x).min()!, maxX = points.map(\.x).max()!
        let minY = points.map(\.y).min()!, maxY = points.map(\.y).max()!
        let area = max(1, (maxX - minX) * (maxY - minY))
        origin = PlanePoint(x: minX, y: minY)
        let size = max(10, (area / Double(points.count) * 4).squareRoot())
        let columns = Int(((maxX - minX) / size).rounded(.down)) + 1
        let rows = Int(((maxY - minY) / size).rounded(.down)) + 1
        self.columns = columns
        self.rows = rows
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        let cells = points.map { p in
            min(rows - 1, Int((p.y - minY) / size)) * columns + min(columns - 1, Int((p.x - minX) / size))
        }
        for c in cells { counts[c + 1] += 1 }
        for i in 0..<(columns * rows) { counts[i + 1] += counts[i] }
        var fill = counts
        var nodes = [Int32](repeating: 0, count: points.count)
        for (v, c) in cells.enumerated() {
            nodes[Int(fill[c])] = Int32(v)
            fill[c] += 1
        }
        cellSize = size
        cellStart = counts
        cellNodes = nodes
    }

    /// The nearest node to `p` and its straight-line distance, metres.
    public func nearest(to p: PlanePoint) -> (node: Int, distance: Double) {
        // A point off the grid searches from the nearest border cell (the ring bound still holds).
        let cx = min(columns - 1, max(0, Int(max(-1, min(Double(columns), ((p.x - origin.x) / cellSize).rounded(.down))))))
        let cy = min(rows - 1, max(0, Int(max(-1, min(Double(rows), ((p.y - origin.y) / cellSize).rounded(.down))))))
        var best = -1
        var bestDistance = Double.infinity
        var ring = 0
        while true {
            for y in (cy - ring)...(cy + ring) where y >= 0 && y < rows {
                let onEdge = y == cy - ring || y == cy + ring
                var x = cx - ring
                while x <= cx + ring {
                    if x >= 0 && x < columns {
                        let c = y * columns + x
                        for i in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                            let v = Int(cellNodes[i])
                            let d = points[v].distance(to: p)
                            if d < bestDistance || (d == bestDistance && v < best) {
                                best = v
                                bestDistance = d
                            }
                        }
                    }
                    x += onEdge || ring == 0 ? 1 : 2 * ring
                }
            }
            // Every node not yet seen lies in a cell outside the searched block, so at least as far
            // from p as the nearest side of the block that is not the grid's border (less a
            // micrometre for rounding at cell edges); at least `ring * cellSize` for p on the grid.
            let outside = cx - ring <= 0 && cy - ring <= 0 && cx + ring >= columns - 1 && cy + ring >= rows - 1
            if outside { break }
            if best >= 0 {
                var reach = Double.infinity
                if cx - ring > 0 { reach = min(reach, p.x - (origin.x + Double(cx - ring) * cellSize)) }
                if cx + ring < columns - 1 { reach = min(reach, origin.x + Double(cx + ring + 1) * cellSize - p.x) }
                if cy - ring > 0 { reach = min(reach, p.y - (origin.y + Double(cy - ring) * cellSize)) }
                if cy + ring < rows - 1 { reach = min(reach, origin.y + Double(cy + ring + 1) * cellSize - p.y) }
                if bestDistance < reach - 1e-6 { break }
            }
            ring += 1
        }
        return (best, bestDistance)
    }
}

/// The last few snaps of one owner, by the point's exact coordinates: the engine snaps the same
/// pickup once per candidate and the same driver ping for every request that considers it.
/// A hit returns exactly ``NodeGrid/nearest(to:)``'s answer for that point.
struct SnapCache {
    private struct Entry {
        var x: UInt64 = 0
        var y: UInt64 = 0
        var node: Int32 = -1
        var distance = 0.0
    }
    private var entries = [Entry](repeating: Entry(), count: 256)

    /// The nearest node of `p` in `grid`, remembered.
    mutating func nearest(to p: PlanePoint, in grid: NodeGrid) -> (node: Int, distance: Double) {
        let x = p.x.bitPattern, y = p.y.bitPattern
        var h = x &* 0x9E37_79B9_7F4A_7C15 ^ y &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        let i = Int(truncatingIfNeeded: h) & (entries.count - 1)
        if entries[i].node >= 0, entries[i].x == x, entries[i].y == y { return (Int(entries[i].node), entries[i].distance) }
        let found = grid.nearest(to: p)
        entries[i] = Entry(x: x, y: y, node: Int32(found.node), distance: found.distance)
        return found
    }
}
