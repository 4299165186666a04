import Core
import Foundation
import Matching
import Testing

/// The region layout of a partitioned engine: cells, Hilbert runs balanced by demand,
/// determinism and the halo test.
@Suite("RegionMap")
struct RegionMapTests {
    /// Demand with a heavy hotspot north-east of the centre over a uniform floor.
    static func weight(_ c: PlanePoint, _ size: Double) -> Double {
        let hot = PlanePoint(x: 1500, y: 1200)
        let d: Double = c.distance(to: hot)
        let falloff: Double = exp(-d * d / (2 * 800 * 800))
        return 1 + 40 * falloff
    }

    @Test("cells: 1 km over 12 km → 16 × 16 (a power of two); halved until four cells per region")
    func cellSize() {
        let one = RegionMap(halfExtent: 6000, regions: 4, cellWeight: Self.weight)
        #expect(one.cellSize == 1000 && one.side == 16 && one.regionOfCell.count == 256 && one.halfExtent == 8000)
        let many = RegionMap(halfExtent: 6000, regions: 64, cellWeight: Self.weight)
        #expect(many.cellSize == 1000 && many.side == 16)
        let most = RegionMap(halfExtent: 6000, regions: 256, cellWeight: Self.weight)
        #expect(most.cellSize == 500 && most.side == 32 && most.halfExtent == 8000)
    }

    @Test("one region holds every cell", arguments: [1])
    func single(regions: Int) {
        let map = RegionMap(halfExtent: 6000, regions: regions, cellWeight: Self.weight)
        #expect(map.regionOfCell.allSatisfy { $0 == 0 })
        #expect(map.region(of: PlanePoint(x: 123, y: -4000)) == 0)
    }

    @Test("every region is non-empty and its demand is within one heaviest cell of an equal share",
          arguments: [2, 4, 16, 64, 256])
    func balance(regions: Int) {
        let map = RegionMap(halfExtent: 6000, regions: regions, cellWeight: Self.weight)
        let total = map.regionDemand.reduce(0, +)
        #expect(Set(map.regionOfCell).count == regions)
        #expect(map.regionDemand.count == regions)
        // Heaviest cell weight: a cut can overshoot the share by at most one cell.
        var heaviest = 0.0
        for cell in 0..<map.regionOfCell.count {
            let c = PlanePoint(x: -map.halfExtent + (Double(cell % map.side) + 0.5) * map.cellSize,
                               y: -map.halfExtent + (Double(cell / map.side) + 0.5) * map.cellSize)
            heaviest = max(heaviest, Self.weight(c, map.cellSize))
        }
        for d in map.regionDemand { #expect(abs(d - total / Double(regions)) <= heaviest + 1e-9) }
    }

    @Test("regions are contiguous runs of the Hilbert curve: 4-connected patches", arguments: [4, 16, 64])
    func contiguous(regions: Int) {
        let map = RegionMap(halfExtent: 6000, regions: regions, cellWeight: Self.weight)
        for r in 0..<regions {
            let cells = (0..<map.regionOfCell.count).filter { map.region(ofCell: $0) == r }
            var seen: Set<Int> = [cells[0]], stack = [cells[0]]
            while let c = stack.popLast() {
                let (x, y) = (c % map.side, c / map.side)
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                where nx >= 0 && ny >= 0 && nx < map.side && ny < map.side {
                    let n = ny * map.side + nx
                    if map.region(ofCell: n) == r, seen.insert(n).inserted { stack.append(n) }
                }
            }
            #expect(seen.count == cells.count, "region \(r) is not one patch")
        }
    }

    @Test("deterministic: the same inputs give the same map; demand points give the same as their counts")
    func deterministic() {
        let a = RegionMap(halfExtent: 6000, regions: 16, cellWeight: Self.weight)
        let b = RegionMap(halfExtent: 6000, regions: 16, cellWeight: Self.weight)
        #expect(a == b)
        var points: [PlanePoint] = []
        for i in 0..<2000 {
            let x = Double((i * 7919) % 11000) - 5500, y = Double((i * 104729) % 11000) - 5500
            points.append(PlanePoint(x: x, y: y))
        }
        #expect(RegionMap(halfExtent: 6000, regions: 16, demand: points) == RegionMap(halfExtent: 6000, regions: 16, demand: points))
        #expect(RegionMap(halfExtent: 6000, regions: 16, demand: points).regionDemand.reduce(0, +) == 2000)
    }

    @Test("cell and region of a point; outside the square: the nearest edge cell")
    func lookup() {
        let map = RegionMap(halfExtent: 6000, regions: 4, cellWeight: Self.weight)
        #expect(map.cell(of: PlanePoint(x: -8000, y: -8000)) == 0)
        #expect(map.cell(of: PlanePoint(x: -7500, y: -6500)) == 16)
        #expect(map.cell(of: PlanePoint(x: -6000, y: -6000)) == 2 * 16 + 2)
        #expect(map.cell(of: PlanePoint(x: 99_000, y: 99_000)) == 255)
        #expect(map.cell(of: PlanePoint(x: -99_000, y: 0)) == 8 * 16)
    }

    @Test("the halo: a point on a border is near it, the middle of a big region is not; halo 0 only touches")
    func halo() {
        let map = RegionMap(halfExtent: 6000, regions: 2, cellWeight: { _, _ in 1 })
        // Two regions of equal cell count along the Hilbert curve of the 16 × 16 grid: the halves x < 8 and x ≥ 8.
        #expect((0..<256).allSatisfy { map.region(ofCell: $0) == ($0 % 16 < 8 ? 0 : 1) })
        let border: PlanePoint? = PlanePoint(x: -100, y: 500)
        let p = border!
        let other = 1 - map.region(of: p)
        #expect(map.isNearBorder(p, halo: 500))
        #expect(map.isWithin(500, of: p, region: other))
        #expect(!map.isWithin(50, of: p, region: other))
        #expect(map.regions(within: 500, of: p) == [map.region(of: p), other])
        #expect(map.regions(within: 500, of: p).count == 2)
        let corner = PlanePoint(x: -7900, y: -7900)
        #expect(!map.isNearBorder(corner, halo: 500))
        #expect(map.regions(within: 0, of: corner) == [map.region(of: corner)])
    }

    @Test("operators: every id maps to one operator in range, deterministically, roughly evenly")
    func operators() {
        var counts = [0, 0, 0, 0]
        for id in Int32(0)..<4000 {
            let o = EnginePartitions.operatorOf(driver: id, count: 4)
            #expect(o == EnginePartitions.operatorOf(driver: id, count: 4))
            counts[o] += 1
            #expect((0..<4).contains(EnginePartitions.operatorOf(rider: id, count: 4)))
        }
        #expect(counts.allSatisfy { abs($0 - 1000) < 120 })
        #expect((0..<100).allSatisfy { EnginePartitions.operatorOf(rider: Int32($0), count: 1) == 0 })
    }
}
