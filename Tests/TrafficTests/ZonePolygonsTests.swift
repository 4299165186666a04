import Core
import Foundation
import Testing
@testable import Traffic

@Suite("Zone polygons (nearest-centre cells)")
struct ZonePolygonsTests {
    static func area(_ ring: [PlanePoint]) -> Double {
        guard ring.count >= 3 else { return 0 }
        return ring.indices.reduce(0.0) { s, i in
            let a = ring[i], b = ring[(i + 1) % ring.count]
            return s + a.x * b.y - b.x * a.y
        } / 2
    }

    /// Whether `p` is inside the convex counter-clockwise polygon (with a tolerance in metres).
    static func inside(_ p: PlanePoint, _ ring: [PlanePoint], tolerance: Double = 1e-6) -> Bool {
        guard ring.count >= 3 else { return false }
        return ring.indices.allSatisfy { i in
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            return cross >= -tolerance * a.distance(to: b)
        }
    }

    @Test("cells tile the box, wind counter-clockwise, and hold exactly the points of their zone")
    func cellsPartitionTheBox() throws {
        var generator = SplitMix64(state: 11)
        let centers = (0..<150).map { _ in
            PlanePoint(x: Double.random(in: -7_000...7_000, using: &generator), y: Double.random(in: -7_000...7_000, using: &generator))
        }
        let model = TrafficModel(table: try uniformTable(ModelTests.zones(at: centers), speedKmh: 20),
                                 projection: ModelTests.projection, detourFactor: 1.3, cityRadiusMeters: 5_000)
        let box = ZonePolygons.box(radius: 5_000, covering: [PlanePoint(x: 6_200, y: -100)])
        #expect(box.map(\.x).min() == -5_100 && box.map(\.x).max() == 6_300 && box.map(\.y).max() == 5_100)
        let cells = ZonePolygons.cells(centers: model.zoneCenters, clip: box)
        #expect(cells.count == centers.count)
        for cell in cells where !cell.isEmpty { #expect(Self.area(cell) > 0) }
        // The areas add up to the box: no gaps, no overlaps.
        let total = cells.map(Self.area).reduce(0, +)
        #expect(abs(total - Self.area(box)) < 1e-3)
        // Every point of the box lies in the cell of its nearest zone, and in no other.
        var misplaced = 0
        for _ in 0..<4_000 {
            let p = PlanePoint(x: Double.random(in: -5_100...6_300, using: &generator), y: Double.random(in: -5_100...5_100, using: &generator))
            let zone = model.zoneIndexByScan(at: p)
            if !Self.inside(p, cells[zone]) { misplaced += 1 }
            for (k, cell) in cells.enumerated() where k != zone && Self.inside(p, cell, tolerance: -1e-3) { misplaced += 1 }
        }
        #expect(misplaced == 0)
    }

    @Test("a regular grid of centres gives square cells; equal centres give the cell to the lower index")
    func gridAndTies() {
        let centers = [PlanePoint(x: -500, y: 0), PlanePoint(x: 500, y: 0), PlanePoint(x: 500, y: 0)]
        let box = [PlanePoint(x: -1000, y: -500), PlanePoint(x: 1000, y: -500), PlanePoint(x: 1000, y: 500), PlanePoint(x: -1000, y: 500)]
        let cells = ZonePolygons.cells(centers: centers, clip: box)
        #expect(abs(Self.area(cells[0]) - 1_000_000) < 1e-6)
        #expect(abs(Self.area(cells[1]) - 1_000_000) < 1e-6)
        #expect(cells[2].isEmpty)
        #expect(Set(cells[0].map { "\($0.x),\($0.y)" }) == ["-1000.0,-500.0", "0.0,-500.0", "0.0,500.0", "-1000.0,500.0"])
    }

    @Test("shapes are in lat/lon, counter-clockwise, one per zone whose cell meets the box")
    func shapesOfModel() throws {
        let centers = [PlanePoint(x: 0, y: 0), PlanePoint(x: 2_000, y: 0), PlanePoint(x: 90_000, y: 0)]
        let model = TrafficModel(table: try uniformTable(ModelTests.zones(at: centers), speedKmh: 20),
                                 projection: ModelTests.projection, detourFactor: 1.3, cityRadiusMeters: 3_000)
        let shapes = ZonePolygons.shapes(of: model, covering: [])
        #expect(shapes.map(\.id) == ["1", "2"])
        for shape in shapes {
            #expect(shape.polygons.count == 1 && ZoneShape.signedArea(shape.polygons[0][0]) > 0)
            let center = model.table.zones[Int(shape.id)! - 1].center
            #expect(shape.contains(center))
        }
    }
}
