import Core

/// Nearest-zone look-up on the city plane in O(1): a square raster of cells, each holding
/// either the one zone that is nearest to every point of the cell, or (for cells crossed by a
/// zone boundary) a short list of the only zones that can be nearest to a point of the cell.
///
/// The answer is exactly that of a scan over all zone centres (plane distance, ties to the
/// lower index), for every point: a cell holds a single zone only when its nearest centre is
/// nearer than any other by more than the cell's diagonal, and a boundary cell's list holds
/// every centre within the nearest distance plus the diagonal (a superset of the zones that
/// can win anywhere in the cell), scanned in index order.
struct ZoneRaster: Sendable {
    /// Zone centres on the plane, split into coordinates.
    let xs: [Double]
    let ys: [Double]
    /// Lower-left corner of the raster and the side of a cell, metres.
    let minX: Double
    let minY: Double
    let cellSize: Double
    /// Cells per side.
    let side: Int
    /// Row-major cells: a zone index (>= 0), or -(k + 1) for boundary list k.
    let cells: [Int32]
    /// Boundary list k is `candidates[listStarts[k]..<listStarts[k + 1]]`, zone indices ascending.
    let listStarts: [Int32]
    let candidates: [Int32]

    /// Builds the raster over the square [-halfWidth, halfWidth]² around the plane's origin with
    /// cells of about `targetCellSize` metres, coarser if needed to bound the set-up work.
    init(centers: [PlanePoint], halfWidth: Double, targetCellSize: Double = 100) {
        precondition(!centers.isEmpty, "a raster needs at least one zone")
        xs = centers.map(\.x)
        ys = centers.map(\.y)
        let width = 2 * max(halfWidth, targetCellSize)
        // Set-up costs cells × zones distance computations: keep it below ~5·10⁷.
        let maxSide = max(1, min(2048, Int((5e7 / Double(centers.count)).squareRoot())))
        side = max(1, min(maxSide, Int((width / targetCellSize).rounded(.up))))
        cellSize = width / Double(side)
        minX = -width / 2
        minY = -width / 2

        let diagonal = cellSize * 2.0.squareRoot()
        let margin = 1e-6
        var cells = [Int32](repeating: 0, count: side * side)
        var listStarts: [Int32] = [0]
        var candidates: [Int32] = []
        var distances = [Double](repeating: 0, count: centers.count)
        for row in 0..<side {
            let cy = minY + (Double(row) + 0.5) * cellSize
            for column in 0..<side {
                let cx = minX + (Double(column) + 0.5) * cellSize
                var nearest = Double.infinity
                var nearestIndex = 0
                for zone in 0..<centers.count {
                    let dx = xs[zone] - cx, dy = ys[zone] - cy
                    let d = (dx * dx + dy * dy).squareRoot()
                    distances[zone] = d
                    if d < nearest { nearest = d; nearestIndex = zone }
                }
                let limit = nearest + diagonal + margin
                var count = 0
                for zone in 0..<centers.count where distances[zone] <= limit { count += 1 }
                if count == 1 {
                    cells[row * side + column] = Int32(nearestIndex)
                } else {
                    cells[row * side + column] = -Int32(listStarts.count)
                    for zone in 0..<centers.count where distances[zone] <= limit { candidates.append(Int32(zone)) }
                    listStarts.append(Int32(candidates.count))
                }
            }
        }
        self.cells = cells
        self.listStarts = listStarts
        self.candidates = candidates
    }

    /// The index of the zone whose centre is nearest to `point` (ties to the lower index).
    @inline(__always) func zoneIndex(at point: PlanePoint) -> Int {
        let fx = (point.x - minX) / cellSize
        let fy = (point.y - minY) / cellSize
        let limit = Double(side)
        guard fx >= 0, fy >= 0, fx < limit, fy < limit else { return scan(point) }
        let cell = cells[Int(fy) * side + Int(fx)]
        if cell >= 0 { return Int(cell) }
        let list = Int(-cell) - 1
        var best = 0
        var bestDistance = Double.infinity
        for slot in Int(listStarts[list])..<Int(listStarts[list + 1]) {
            let zone = Int(candidates[slot])
            let d = squaredDistance(point, zone)
            if d < bestDistance { bestDistance = d; best = zone }
        }
        return best
    }

    /// The same answer by a scan over every zone centre: the reference, and the fallback
    /// outside the raster.
    func scan(_ point: PlanePoint) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for zone in 0..<xs.count {
            let d = squaredDistance(point, zone)
            if d < bestDistance { bestDistance = d; best = zone }
        }
        return best
    }

    @inline(__always) private func squaredDistance(_ point: PlanePoint, _ zone: Int) -> Double {
        let dx = xs[zone] - point.x, dy = ys[zone] - point.y
        return dx * dx + dy * dy
    }
}
