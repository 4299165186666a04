import Core

/// Square cells over a run's service area, grouped into regions of about equal expected
/// demand: the geography a partitioned engine divides its riders and drivers by
/// (docs/streams.md, "Partitioned engine").
///
/// The cells tile a square centred on the city centre (the plane's origin) covering the
/// square the spatial index covers, with a power-of-two number of cells per side (cells
/// beyond the city weigh what demand falls there: usually nothing); a point outside it
/// belongs to the nearest edge cell. Cells are 1 km squares, halved until there are at
/// least four cells per region.
/// Regions are cut along a Hilbert curve over the cells: the cells in curve order are
/// split into `regions` consecutive runs of equal expected demand (each run at least one
/// cell), so a region is a contiguous patch and the layout is a deterministic function of
/// the extent, the region count and the demand weights.
public struct RegionMap: Sendable, Equatable {
    /// Number of regions (ids `0..<regionCount`).
    public let regionCount: Int
    /// Side of a cell, metres.
    public let cellSize: Double
    /// Cells per row and per column.
    public let side: Int
    /// Half side of the covered square, metres (at least the `halfExtent` asked for).
    public let halfExtent: Double
    /// Region of each cell, by cell id (`row × side + column`).
    public let regionOfCell: [Int32]
    /// Expected demand of each region (the sum of its cells' weights).
    public let regionDemand: [Double]

    /// The largest region count a map accepts (``init(halfExtent:regions:cellWeight:)``).
    public static let maxRegions = 256
    /// The largest cell side, metres.
    public static let maxCellSize = 1000.0

    /// Cells over the square of half side `halfExtent`, grouped into `regions` (1 … 256)
    /// regions balanced by `cellWeight(centre, cell side)`: the expected demand of the cell
    /// with that centre (non-negative; all zero means equal cell counts).
    public init(halfExtent: Double, regions: Int, cellWeight: (PlanePoint, Double) -> Double) {
        precondition((1...Self.maxRegions).contains(regions), "regions must be 1 … \(Self.maxRegions)")
        func sideFor(_ size: Double) -> Int {
            var side = 1
            while Double(side) * size < 2 * max(halfExtent, 1) { side *= 2 }
            return side
        }
        var size = Self.maxCellSize
        while sideFor(size) * sideFor(size) < 4 * regions { size /= 2 }
        let side = sideFor(size), extent = Double(side) * size / 2
        regionCount = regions
        cellSize = size
        self.side = side
        self.halfExtent = extent
        let cells = side * side
        var weights = [Double](repeating: 0, count: cells)
        for cell in 0..<cells {
            let centre = PlanePoint(x: -extent + (Double(cell % side) + 0.5) * size, y: -extent + (Double(cell / side) + 0.5) * size)
            weights[cell] = max(0, cellWeight(centre, size))
        }
        var total = weights.reduce(0, +)
        if total <= 0 {
            weights = [Double](repeating: 1, count: cells)
            total = Double(cells)
        }
        var curve = [Int](repeating: 0, count: cells)
        for cell in 0..<cells { curve[RegionMap.hilbert(order: side, x: cell % side, y: cell / side)] = cell }
        var regionOfCell = [Int32](repeating: 0, count: cells)
        var demand = [Double](repeating: 0, count: regions)
        var region = 0, cumulative = 0.0
        for (i, cell) in curve.enumerated() {
            regionOfCell[cell] = Int32(region)
            demand[region] += weights[cell]
            cumulative += weights[cell]
            let cellsLeft = cells - 1 - i, regionsLeft = regions - 1 - region
            guard regionsLeft > 0 else { continue }
            // Move on once this region holds its share, or when every remaining region needs a cell.
            if cumulative >= total * Double(region + 1) / Double(regions) || cellsLeft <= regionsLeft { region += 1 }
        }
        self.regionOfCell = regionOfCell
        regionDemand = demand
    }

    /// A map whose cells are weighted by how many of `points` (e.g. the pickups of a demand
    /// sample) fall in each.
    public init(halfExtent: Double, regions: Int, demand points: [PlanePoint]) {
        // The same extent and count give the same cells, so a uniform map locates the points.
        let probe = RegionMap(halfExtent: halfExtent, regions: regions) { _, _ in 0 }
        var counts = [Double](repeating: 0, count: probe.regionOfCell.count)
        for p in points { counts[probe.cell(of: p)] += 1 }
        self.init(halfExtent: halfExtent, regions: regions) { centre, _ in counts[probe.cell(of: centre)] }
    }

    /// The cell holding `point` (the nearest edge cell outside the covered square).
    @inline(__always) public func cell(of point: PlanePoint) -> Int {
        let column = min(side - 1, max(0, Int(((point.x + halfExtent) / cellSize).rounded(.down))))
        let row = min(side - 1, max(0, Int(((point.y + halfExtent) / cellSize).rounded(.down))))
        return row * side + column
    }

    /// The region of a cell.
    @inline(__always) public func region(ofCell cell: Int) -> Int { Int(regionOfCell[cell]) }

    /// The region of the cell holding `point`.
    @inline(__always) public func region(of point: PlanePoint) -> Int { region(ofCell: cell(of: point)) }

    /// Whether some cell of `region` lies within `halo` metres of `point` (distance from the
    /// point to the cell's square; 0 inside it). Looks only at cells that close.
    public func isWithin(_ halo: Double, of point: PlanePoint, region: Int) -> Bool {
        let home = cell(of: point)
        if Int(regionOfCell[home]) == region { return true }
        let column = home % side, row = home / side
        let reach = Int((halo / cellSize).rounded(.up))
        for r in max(0, row - reach)...min(side - 1, row + reach) {
            for c in max(0, column - reach)...min(side - 1, column + reach) where Int(regionOfCell[r * side + c]) == region {
                if distance(from: point, toCellAt: c, r) <= halo { return true }
            }
        }
        return false
    }

    /// Whether a cell of another region than `point`'s lies within `halo` metres of it.
    public func isNearBorder(_ point: PlanePoint, halo: Double) -> Bool {
        !regions(within: halo, of: point).dropFirst().isEmpty
    }

    /// The regions with a cell within `halo` metres of `point`: its own first, then the
    /// others in ascending id.
    public func regions(within halo: Double, of point: PlanePoint) -> [Int] {
        let home = cell(of: point), own = Int(regionOfCell[home])
        let column = home % side, row = home / side
        let reach = Int((max(0, halo) / cellSize).rounded(.up))
        var others = Set<Int>()
        for r in max(0, row - reach)...min(side - 1, row + reach) {
            for c in max(0, column - reach)...min(side - 1, column + reach) {
                let region = Int(regionOfCell[r * side + c])
                if region != own, distance(from: point, toCellAt: c, r) <= halo { others.insert(region) }
            }
        }
        return [own] + others.sorted()
    }

    private func distance(from p: PlanePoint, toCellAt column: Int, _ row: Int) -> Double {
        let x0 = -halfExtent + Double(column) * cellSize, y0 = -halfExtent + Double(row) * cellSize
        let dx = max(x0 - p.x, 0, p.x - (x0 + cellSize)), dy = max(y0 - p.y, 0, p.y - (y0 + cellSize))
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Position of cell (x, y) along the Hilbert curve filling an `order` × `order` grid
    /// (`order` a power of two).
    static func hilbert(order: Int, x: Int, y: Int) -> Int {
        var x = x, y = y, d = 0, s = order / 2
        while s > 0 {
            let rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0
            d += s * s * ((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = order - 1 - x
                    y = order - 1 - y
                }
                swap(&x, &y)
            }
            s /= 2
        }
        return d
    }
}
