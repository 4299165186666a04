import Core

/// A uniform grid over the city plane that finds drivers near a point by ring search
/// (cell, then the ring of cells around it, and so on), never by a scan of all drivers.
///
/// Ids are dense small integers (driver ids). The grid is a fixed square around the
/// plane's centre; a point outside it is filed in the nearest border cell. Clamping is a
/// projection onto a convex set, so it never shortens a distance, and the ring bounds
/// stay valid lower bounds for points outside the square too.
public struct GridIndex: Sendable {
    /// Side of a cell in metres.
    public let cellSize: Double
    /// Cells per side.
    public let side: Int
    private let origin: Double
    private var cells: [[Int32]]
    private var positions: [PlanePoint]
    private var cellOf: [Int32]
    private var slotOf: [Int32]
    /// How many ids are in the index.
    public private(set) var count = 0

    /// Creates an empty index covering the square [−halfExtent, halfExtent]² for ids `0..<capacity`.
    public init(halfExtent: Double, cellSize: Double, capacity: Int) {
        precondition(cellSize > 0 && halfExtent > 0)
        self.cellSize = cellSize
        side = max(1, Int((2 * halfExtent / cellSize).rounded(.up)))
        origin = -halfExtent
        cells = Array(repeating: [], count: side * side)
        positions = Array(repeating: .zero, count: capacity)
        cellOf = Array(repeating: -1, count: capacity)
        slotOf = Array(repeating: -1, count: capacity)
    }

    /// Whether `id` is in the index.
    @inlinable public func contains(_ id: Int32) -> Bool { cellIndex(of: id) >= 0 }

    @usableFromInline func cellIndex(of id: Int32) -> Int32 { cellOf[Int(id)] }

    /// The stored position of `id` (meaningful only when it is in the index).
    public func position(of id: Int32) -> PlanePoint { positions[Int(id)] }

    /// Adds `id` at `point`, or moves it there if it is already in; returns whether the
    /// id entered the index or changed cell.
    @discardableResult
    public mutating func upsert(_ id: Int32, at point: PlanePoint) -> Bool {
        let i = Int(id)
        let cell = Int32(cellCoordinates(point).cell)
        positions[i] = point
        if cellOf[i] == cell { return false }
        if cellOf[i] >= 0 { detach(i) } else { count += 1 }
        cellOf[i] = cell
        slotOf[i] = Int32(cells[Int(cell)].count)
        cells[Int(cell)].append(id)
        return true
    }

    /// Removes `id` if it is in the index.
    public mutating func remove(_ id: Int32) {
        let i = Int(id)
        guard cellOf[i] >= 0 else { return }
        detach(i)
        cellOf[i] = -1
        count -= 1
    }

    private mutating func detach(_ i: Int) {
        let cell = Int(cellOf[i])
        let slot = Int(slotOf[i])
        let last = cells[cell].removeLast()
        if Int(last) != i {
            cells[cell][slot] = last
            slotOf[Int(last)] = Int32(slot)
        }
        slotOf[i] = -1
    }

    private func cellCoordinates(_ p: PlanePoint) -> (cx: Int, cy: Int, cell: Int) {
        let cx = clampedCell((p.x - origin) / cellSize)
        let cy = clampedCell((p.y - origin) / cellSize)
        return (cx, cy, cy * side + cx)
    }

    /// The cell column (or row) of a coordinate in cell units, clamped to the grid in
    /// floating point first so that far-away or non-finite coordinates cannot overflow.
    @inline(__always)
    private func clampedCell(_ units: Double) -> Int {
        guard units > 0 else { return 0 }  // also NaN
        return Int(min(Double(side - 1), units.rounded(.down)))
    }

    /// The nearest id within `maxDistance` of `point` that `accept(id, distance)` admits;
    /// ties go to the smaller id. Visits rings of cells outwards and stops as soon as no
    /// unvisited cell can hold anything nearer.
    public func nearest(
        to point: PlanePoint, maxDistance: Double, where accept: (Int32, Double) -> Bool
    ) -> (id: Int32, distance: Double)? {
        guard count > 0 else { return nil }
        var best: (id: Int32, distance: Double)?
        let (cx, cy, _) = cellCoordinates(point)
        let maxRing = ringLimit(for: maxDistance)
        for ring in 0...maxRing {
            forEachCell(inRing: ring, cx: cx, cy: cy) { cell in
                for id in cells[cell] {
                    let d = positions[Int(id)].distance(to: point)
                    guard d <= maxDistance else { continue }
                    if let b = best, d > b.distance || (d == b.distance && id > b.id) { continue }
                    if accept(id, d) { best = (id, d) }
                }
            }
            // Every cell of ring k+1 lies more than k cells away from the query point.
            let bound = Double(ring) * cellSize
            if let b = best, b.distance <= bound { break }
            if bound > maxDistance { break }
        }
        return best
    }

    /// Calls `body(id, distance)` for every id within `radius` of `point`, ring by ring.
    public func forEach(within radius: Double, of point: PlanePoint, _ body: (Int32, Double) -> Void) {
        forEach(within: radius, of: point, body, stopAfterRing: { _ in false })
    }

    /// Like ``forEach(within:of:_:)``, but after each ring asks `stop(bound)` whether to
    /// go on, where every id not visited yet is farther than `bound` metres from `point`.
    public func forEach(
        within radius: Double, of point: PlanePoint, _ body: (Int32, Double) -> Void, stopAfterRing stop: (Double) -> Bool
    ) {
        guard count > 0 else { return }
        let (cx, cy, _) = cellCoordinates(point)
        let maxRing = ringLimit(for: radius)
        for ring in 0...maxRing {
            forEachCell(inRing: ring, cx: cx, cy: cy) { cell in
                for id in cells[cell] {
                    let d = positions[Int(id)].distance(to: point)
                    if d <= radius { body(id, d) }
                }
            }
            if stop(Double(ring) * cellSize) { return }
        }
    }

    /// The last ring that can hold a point within `radius` (at most the whole grid).
    private func ringLimit(for radius: Double) -> Int {
        let rings = (radius / cellSize).rounded(.up) + 1
        return rings < Double(side) ? max(0, Int(rings)) : side  // also +inf; NaN gives the whole grid
    }

    /// Visits the cells at Chebyshev distance exactly `ring` from (cx, cy), clipped to the grid.
    @inline(__always)
    private func forEachCell(inRing ring: Int, cx: Int, cy: Int, _ body: (Int) -> Void) {
        if ring == 0 {
            body(cy * side + cx)
            return
        }
        let x0 = cx - ring, x1 = cx + ring, y0 = cy - ring, y1 = cy + ring
        let xs = max(0, x0), xe = min(side - 1, x1)
        if y0 >= 0 { for x in stride(from: xs, through: xe, by: 1) { body(y0 * side + x) } }
        if y1 < side { for x in stride(from: xs, through: xe, by: 1) { body(y1 * side + x) } }
        let ys = max(0, y0 + 1), ye = min(side - 1, y1 - 1)
        guard ys <= ye else { return }
        if x0 >= 0 { for y in stride(from: ys, through: ye, by: 1) { body(y * side + x0) } }
        if x1 < side { for y in stride(from: ys, through: ye, by: 1) { body(y * side + x1) } }
    }
}
