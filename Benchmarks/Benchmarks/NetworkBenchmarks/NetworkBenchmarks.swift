// Road-network routing: one-to-many pickup ETAs (the engine's candidate ETAs) and ALT
// point-to-point routes on a synthetic 150 × 150 street grid (22,500 nodes, ~85,000 directed
// edges, 120 m blocks, one-way streets, three road classes with hourly profiles).
import Benchmark
import Core
import Foundation
import RoadNetwork
import Traffic

let center = GeoPoint(lat: 40.758, lon: -73.985)
let graph = SyntheticGrid.make(rows: 150, columns: 150, spacing: 120, center: center, seed: 2026)
let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: center))
let points = model.grid.points
let candidatesPerPickup = 30
let driverCount = 2_000

/// 2,000 drivers on random nodes; 1,000 pickups, each with the 30 drivers nearest to it in a
/// straight line (what the engine's grid index hands the ETA step), with GPS-like offsets.
let cases: [(pickup: PlanePoint, drivers: [PlanePoint])] = {
    var noise = SplitMix(7)
    let driverPoints = (0..<driverCount).map { _ -> PlanePoint in
        let p = points[Int(noise.next() % UInt64(points.count))]
        return PlanePoint(x: p.x + Double(noise.next() % 16) - 8, y: p.y + Double(noise.next() % 16) - 8)
    }
    return (0..<1_000).map { _ in
        let pickup = points[Int(noise.next() % UInt64(points.count))]
        let nearest = driverPoints.sorted { $0.distance(to: pickup) < $1.distance(to: pickup) }.prefix(candidatesPerPickup)
        return (pickup, Array(nearest))
    }
}()

/// The shipped Manhattan network (data/manhattan.sqlite: 4,197 nodes, 7,529 edges, HIVE 1.3.1's
/// OSMnx graph) on its own edge times, with 2,000 drivers and 1,000 pickups as above.
let manhattanURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/manhattan.sqlite")
let manhattanGraph = try! NetworkDatabase.load(manhattanURL, displayPath: "data/manhattan.sqlite")
let manhattan = NetworkTravelModel(graph: manhattanGraph, projection: LocalProjection(center: GeoPoint(lat: 40.758, lon: -73.985)),
                                   edgeTimes: true)
let manhattanCases: [(pickup: PlanePoint, drivers: [PlanePoint])] = {
    var noise = SplitMix(9)
    let nodes = manhattan.grid.points
    let driverPoints = (0..<driverCount).map { _ -> PlanePoint in
        let p = nodes[Int(noise.next() % UInt64(nodes.count))]
        return PlanePoint(x: p.x + Double(noise.next() % 16) - 8, y: p.y + Double(noise.next() % 16) - 8)
    }
    return (0..<1_000).map { _ in
        let pickup = nodes[Int(noise.next() % UInt64(nodes.count))]
        let nearest = driverPoints.sorted { $0.distance(to: pickup) < $1.distance(to: pickup) }.prefix(candidatesPerPickup)
        return (pickup, Array(nearest))
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds, maxDuration: .seconds(5))

    Benchmark("one-to-many pickup ETAs (30 candidates, 22,500-node grid)") { benchmark in
        let engine = model.privateCopy()
        var i = 0
        for _ in benchmark.scaledIterations {
            let c = cases[i % cases.count]
            let hour = 8 + (i / cases.count) % 2 * 6
            var within = 0
            for d in c.drivers {
                let e = engine.pickupEstimate(from: d, to: c.pickup, hourOfWeek: hour, bound: 600)
                if e.seconds <= 600 { within += 1 }
            }
            blackHole(within)
            i += 1
        }
    }

    Benchmark("one-to-many pickup ETAs (30 candidates, Manhattan 4,197 nodes)") { benchmark in
        let engine = manhattan.privateCopy()
        var i = 0
        for _ in benchmark.scaledIterations {
            let c = manhattanCases[i % manhattanCases.count]
            var within = 0
            for d in c.drivers where engine.pickupEstimate(from: d, to: c.pickup, hourOfWeek: 8, bound: 600).seconds <= 600 {
                within += 1
            }
            blackHole(within)
            i += 1
        }
    }

    Benchmark("ALT route, random pairs (22,500-node grid)") { benchmark in
        let engine = model.privateCopy()
        var noise = SplitMix(11)
        for _ in benchmark.scaledIterations {
            let a = points[Int(noise.next() % UInt64(points.count))], b = points[Int(noise.next() % UInt64(points.count))]
            blackHole(engine.trip(from: a, to: b, hourOfWeek: 8))
        }
    }
}

