import Core
import Traffic

/// Per-zone speed factors on a road network, from a traffic table: the speed of traffic
/// zone z at hour h relative to the network's length-weighted mean zone speed at h.
///
/// Road-class speeds set the road hierarchy and the hour's overall level; the traffic
/// table's zones say where the city is slower or faster than that level. An edge's speed
/// at hour h is min(maxspeed, class speed(h) × factor(zone of its midpoint, h)); averaged
/// over the network's road length the factors are 1 at every hour, so the class speeds keep
/// their meaning. See docs/networks.md ("Zone speeds").
public struct ZoneSpeedFactors: Sendable, Equatable {
    /// Traffic zone index of each forward edge (the zone of its midpoint on the plane).
    public let edgeZone: [Int32]
    /// Factor of zone z at hour h: `factors[z * 168 + h]`.
    public let factors: [Double]

    /// The factors of `traffic`'s zones for the edges of `graph`, placed on `projection`'s plane.
    public init(graph: RoutingGraph, traffic: TrafficModel, projection: LocalProjection) {
        let hours = TrafficTable.hoursPerWeek
        let points = graph.coordinates.map(projection.project)
        var edgeZone = [Int32](repeating: 0, count: graph.edgeCount)
        var lengthByZone = [Double](repeating: 0, count: traffic.zoneCount)
        for e in 0..<graph.edgeCount {
            let a = points[graph.source(ofEdge: e)], b = points[Int(graph.head[e])]
            let zone = traffic.zoneIndex(at: PlanePoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2))
            edgeZone[e] = Int32(zone)
            lengthByZone[zone] += graph.lengthMeters[e]
        }
        let total = lengthByZone.reduce(0, +)
        var factors = [Double](repeating: 1, count: traffic.zoneCount * hours)
        for h in 0..<hours {
            var mean = 0.0
            for z in 0..<traffic.zoneCount where lengthByZone[z] > 0 {
                mean += lengthByZone[z] * traffic.table.speedKmh(zoneIndex: z, hourOfWeek: h)
            }
            mean = total > 0 ? mean / total : 0
            guard mean > 0 else { continue }
            for z in 0..<traffic.zoneCount { factors[z * hours + h] = traffic.table.speedKmh(zoneIndex: z, hourOfWeek: h) / mean }
        }
        self.edgeZone = edgeZone
        self.factors = factors
    }

    /// The factor of forward edge `e` at `hourOfWeek`.
    @inlinable public func factor(edge e: Int, hourOfWeek: Int) -> Double {
        factors[Int(edgeZone[e]) * TrafficTable.hoursPerWeek + hourOfWeek]
    }

    /// The factors of every zone at `hourOfWeek` (a profile key).
    func row(hourOfWeek h: Int) -> [Double] {
        stride(from: h, to: factors.count, by: TrafficTable.hoursPerWeek).map { factors[$0] }
    }
}
