import Core
import Testing
@testable import Matching

/// A tiny deterministic generator for test data.
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) * 0x1.0p-53
    }
}

@Suite("Grid spatial index")
struct GridIndexTests {
    @Test("nearest agrees with a brute-force scan, with filters, moves, removals and points outside the grid")
    func nearestMatchesBruteForce() {
        var rng = TestRandom(state: 7)
        let n = 600
        var index = GridIndex(halfExtent: 3000, cellSize: 250, capacity: n)
        var present = Array(repeating: false, count: n)
        var points = Array(repeating: PlanePoint.zero, count: n)
        for round in 0..<40 {
            // Mutate: insert, move or remove a random subset (some points beyond the grid).
            for _ in 0..<150 {
                let id = Int(rng.next() % UInt64(n))
                if rng.next() % 5 == 0 {
                    index.remove(Int32(id)); present[id] = false
                } else {
                    let p = PlanePoint(x: rng.uniform(-3800, 3800), y: rng.uniform(-3800, 3800))
                    index.upsert(Int32(id), at: p); points[id] = p; present[id] = true
                }
            }
            #expect(index.count == present.filter { $0 }.count)
            for q in 0..<50 {
                let query = PlanePoint(x: rng.uniform(-4000, 4000), y: rng.uniform(-4000, 4000))
                let radius = [300.0, 1200, 9000][q % 3]
                let modulus = Int32(round % 3 + 1)
                let accept: (Int32, Double) -> Bool = { id, _ in id % modulus == 0 }
                var expected: (id: Int32, distance: Double)?
                for id in 0..<n where present[id] && accept(Int32(id), 0) {
                    let d = points[id].distance(to: query)
                    guard d <= radius else { continue }
                    if expected == nil || d < expected!.distance || (d == expected!.distance && Int32(id) < expected!.id) {
                        expected = (Int32(id), d)
                    }
                }
                let found = index.nearest(to: query, maxDistance: radius, where: accept)
                #expect(found?.id == expected?.id)
                #expect(found?.distance == expected?.distance)
            }
        }
    }

    @Test("forEach(within:) visits exactly the points in the radius, once each")
    func withinMatchesBruteForce() {
        var rng = TestRandom(state: 11)
        let n = 400
        var index = GridIndex(halfExtent: 2000, cellSize: 300, capacity: n)
        var points: [PlanePoint] = []
        for id in 0..<n {
            let p = PlanePoint(x: rng.uniform(-2500, 2500), y: rng.uniform(-2500, 2500))
            points.append(p)
            index.upsert(Int32(id), at: p)
        }
        for _ in 0..<100 {
            let q = PlanePoint(x: rng.uniform(-2500, 2500), y: rng.uniform(-2500, 2500))
            let r = rng.uniform(0, 1500)
            var seen: [Int32] = []
            index.forEach(within: r, of: q) { id, d in
                seen.append(id)
                #expect(d == points[Int(id)].distance(to: q))
            }
            let expected = (0..<n).filter { points[$0].distance(to: q) <= r }.map { Int32($0) }
            #expect(seen.sorted() == expected)
        }
    }

    @Test("an empty index and a removed id find nothing")
    func emptyAndRemoved() {
        var index = GridIndex(halfExtent: 1000, cellSize: 100, capacity: 2)
        #expect(index.nearest(to: .zero, maxDistance: 5000) { _, _ in true } == nil)
        index.upsert(1, at: PlanePoint(x: 10, y: 0))
        #expect(index.nearest(to: .zero, maxDistance: 5000) { _, _ in true }?.id == 1)
        index.remove(1)
        #expect(index.count == 0)
        #expect(!index.contains(1))
        #expect(index.nearest(to: .zero, maxDistance: 5000) { _, _ in true } == nil)
    }

    @Test("far-away and non-finite coordinates are filed at the border, never trap")
    func extremeCoordinates() {
        var index = GridIndex(halfExtent: 1000, cellSize: 100, capacity: 3)
        index.upsert(0, at: PlanePoint(x: 1e300, y: -1e300))
        index.upsert(1, at: PlanePoint(x: .infinity, y: .nan))
        index.upsert(2, at: PlanePoint(x: 900, y: -900))
        #expect(index.count == 3)
        let found = index.nearest(to: PlanePoint(x: 1e12, y: -1e12), maxDistance: .infinity) { _, _ in true }
        #expect(found?.id == 2)
    }
}
