/// The outline of a zone on the map: its id and one or more polygons in WGS-84 degrees.
///
/// Traffic zones (nearest-centre cells, see `ZonePolygons` in Traffic) have one polygon
/// each; zones read from a GeoJSON file may have several and holes. Rings are open (the
/// first point is not repeated at the end); exterior rings run counter-clockwise and holes
/// clockwise (the GeoJSON right-hand rule), with longitude as x and latitude as y.
public struct ZoneShape: Sendable, Equatable {
    /// The zone's id as the reports write it (`zone_id` of zones.csv).
    public var id: String
    /// Polygons, each a list of rings: the exterior first, then its holes.
    public var polygons: [[[GeoPoint]]]

    /// Creates a shape from its id and polygons.
    public init(id: String, polygons: [[[GeoPoint]]]) {
        self.id = id
        self.polygons = polygons
    }

    /// Signed area of a ring in square degrees (lon × lat): positive when counter-clockwise.
    public static func signedArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            sum += a.lon * b.lat - b.lon * a.lat
        }
        return sum / 2
    }

    /// Whether `point` lies inside the shape (inside an exterior ring and outside its holes;
    /// even-odd rule per ring, points on an edge may go either way).
    public func contains(_ point: GeoPoint) -> Bool {
        polygons.contains { rings in
            guard let outer = rings.first, Self.ringContains(outer, point) else { return false }
            return !rings.dropFirst().contains { Self.ringContains($0, point) }
        }
    }

    /// Even-odd point-in-ring test.
    public static func ringContains(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat), p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
