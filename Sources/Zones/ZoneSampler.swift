import Core

/// Uniform random points inside demand zones, on a city's local plane.
///
/// The local projection is linear in latitude and longitude, so a point uniform in a zone's
/// plane image is uniform in the zone. A zone's polygon is chosen with probability
/// proportional to its area (outer ring minus holes), then points are drawn uniformly in
/// the polygon's bounding box until one falls inside the outer ring and outside every hole
/// (rejection: exact, and about two tries for taxi-zone shapes).
public struct ZoneSampler: Sendable {
    private struct Part: Sendable {
        var outer: [PlanePoint]
        var holes: [[PlanePoint]]
        var minX, minY, maxX, maxY: Double
        var area: Double

        func contains(_ p: PlanePoint) -> Bool {
            guard p.x >= minX, p.x <= maxX, p.y >= minY, p.y <= maxY, ZoneSampler.ringContains(outer, p) else {
                return false
            }
            return !holes.contains { ZoneSampler.ringContains($0, p) }
        }
    }

    private let parts: [[Part]]
    private let cumulativeAreas: [[Double]]
    /// Area of each zone (by ``ZoneSet/zones`` index), square metres.
    public let areas: [Double]

    /// Projects every zone of `zones` onto the plane of `projection`.
    public init(zones: ZoneSet, projection: LocalProjection) {
        parts = zones.zones.map { zone in
            zone.polygons.map { polygon in
                let outer = polygon.outer.map(projection.project)
                let holes = polygon.holes.map { $0.map(projection.project) }
                let xs = outer.map(\.x), ys = outer.map(\.y)
                let area = abs(ZoneSampler.signedArea(outer)) - holes.reduce(0) { $0 + abs(ZoneSampler.signedArea($1)) }
                return Part(outer: outer, holes: holes, minX: xs.min() ?? 0, minY: ys.min() ?? 0,
                            maxX: xs.max() ?? 0, maxY: ys.max() ?? 0, area: max(0, area))
            }
        }
        cumulativeAreas = parts.map { zoneParts in
            var sum = 0.0
            return zoneParts.map { sum += $0.area; return sum }
        }
        areas = cumulativeAreas.map { $0.last ?? 0 }
    }

    /// A uniform point inside zone `zoneIndex` (an index into ``ZoneSet/zones``).
    /// - Precondition: the zone has a polygon of positive area.
    public func sample<G: RandomNumberGenerator>(zoneIndex: Int, using rng: inout G) -> PlanePoint {
        let cumulative = cumulativeAreas[zoneIndex]
        let target = ZoneSampler.uniform(&rng) * areas[zoneIndex]
        let i = min(cumulative.count - 1, cumulative.firstIndex { $0 > target } ?? cumulative.count - 1)
        let part = parts[zoneIndex][i]
        while true {
            let p = PlanePoint(x: part.minX + ZoneSampler.uniform(&rng) * (part.maxX - part.minX),
                               y: part.minY + ZoneSampler.uniform(&rng) * (part.maxY - part.minY))
            if part.contains(p) { return p }
        }
    }

    /// Whether the plane point `p` lies inside zone `zoneIndex`.
    public func contains(zoneIndex: Int, _ p: PlanePoint) -> Bool {
        parts[zoneIndex].contains { $0.contains(p) }
    }

    /// The largest distance from the plane origin of any vertex of zone `zoneIndex`, metres.
    public func farthestVertex(zoneIndex: Int) -> Double {
        parts[zoneIndex].reduce(0) { far, part in part.outer.reduce(far) { max($0, $1.norm) } }
    }

    /// Uniform in [0, 1) with 53 bits, as `RandomSource.uniform()`.
    static func uniform<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
        Double(rng.next() >> 11) * 0x1.0p-53
    }

    static func signedArea(_ ring: [PlanePoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        var j = ring.count - 1
        for i in 0..<ring.count {
            sum += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y)
            j = i
        }
        return sum / 2
    }

    static func ringContains(_ ring: [PlanePoint], _ p: PlanePoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
