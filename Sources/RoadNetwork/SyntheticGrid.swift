import Core
import Foundation

/// A synthetic city street grid as a ``RoutingGraph``: `rows × columns` intersections about
/// `spacing` metres apart (jittered), every north–south street two-way (so the graph is
/// strongly connected), east–west streets one-way (alternating direction) with probability
/// `oneWayShare`; every 10th street `primary`, every 5th `secondary`, the rest `residential`,
/// with hourly speed profiles (slower at the weekday rush hours) and a random `maxspeed` on
/// some ways. Deterministic in `seed`. For tests, benchmarks and generated networks.
public enum SyntheticGrid {
    /// Builds the grid centred on `center`.
    public static func make(
        rows: Int, columns: Int, spacing: Double = 120, center: GeoPoint = GeoPoint(lat: 43.7384, lon: 7.4246),
        oneWayShare: Double = 0.3, seed: UInt64 = 1
    ) -> RoutingGraph {
        var rng = SplitMix(seed)
        let metersPerDegLat = 111_320.0
        let metersPerDegLon = metersPerDegLat * cos(center.lat * .pi / 180)
        var coordinates: [GeoPoint] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let y = (Double(r) - Double(rows - 1) / 2) * spacing + (rng.unit() - 0.5) * spacing * 0.3
                let x = (Double(c) - Double(columns - 1) / 2) * spacing + (rng.unit() - 0.5) * spacing * 0.3
                coordinates.append(GeoPoint(lat: center.lat + y / metersPerDegLat, lon: center.lon + x / metersPerDegLon))
            }
        }
        func roadClass(_ street: Int) -> UInt8 { street % 10 == 0 ? 0 : street % 5 == 0 ? 1 : 2 }
        var edges: [(source: Int32, target: Int32, meters: Double, roadClass: UInt8, maxspeedKmh: Double?)] = []
        func add(_ a: Int, _ b: Int, _ cls: UInt8, both: Bool, _ rng: inout SplitMix) {
            let meters = coordinates[a].haversineMeters(to: coordinates[b]) * (1 + rng.unit() * 0.2)
            let maxspeed: Double? = rng.unit() < 0.2 ? [30, 50, 70][Int(rng.unit() * 3) % 3] : nil
            edges.append((Int32(a), Int32(b), meters, cls, maxspeed))
            if both { edges.append((Int32(b), Int32(a), meters, cls, maxspeed)) }
        }
        for r in 0..<rows {
            let oneWay = rng.unit() < oneWayShare
            for c in 0..<columns {
                let v = r * columns + c
                if c + 1 < columns {
                    if oneWay, r % 2 == 1 { add(v + 1, v, roadClass(r), both: false, &rng) } else {
                        add(v, v + 1, roadClass(r), both: !oneWay, &rng)
                    }
                }
                if r + 1 < rows { add(v, v + columns, roadClass(c), both: true, &rng) }
            }
        }
        let base = [60.0, 45, 30]
        var speeds: [Double] = []
        for cls in 0..<3 {
            for h in 0..<168 {
                let day = h / 24, hour = h % 24
                let rush = day < 5 && (7...9).contains(hour) || day < 5 && (16...18).contains(hour)
                let night = hour < 6
                let factor = rush ? 0.55 + 0.1 * Double(cls) : night ? 1.2 : 0.9
                speeds.append((base[cls] * factor).rounded())
            }
        }
        return RoutingGraph(osmIDs: (0..<coordinates.count).map { Int64(1_000_000 + $0) }, coordinates: coordinates,
                         edges: edges, classes: ["primary", "secondary", "residential"], classSpeedsKmh: speeds)
    }
}

/// SplitMix64: a small deterministic generator for synthetic networks, tests and benchmarks.
public struct SplitMix: Sendable {
    private var state: UInt64
    /// A generator seeded with `seed`.
    public init(_ seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
