import Core

/// One polygon of a zone: an outer ring and any holes, in WGS-84 (GeoJSON order: the rings
/// are closed, first point = last point).
public struct ZonePolygon: Sendable, Equatable {
    /// The outer boundary.
    public var outer: [GeoPoint]
    /// Holes cut out of it (lakes, parks that are another zone, …).
    public var holes: [[GeoPoint]]

    /// Creates a polygon from closed rings.
    public init(outer: [GeoPoint], holes: [[GeoPoint]] = []) {
        self.outer = outer
        self.holes = holes
    }

    /// Whether `p` lies inside the outer ring and outside every hole (even–odd rule on
    /// longitude/latitude; points exactly on an edge may fall either way).
    public func contains(_ p: GeoPoint) -> Bool {
        guard ringContains(outer, p) else { return false }
        return !holes.contains { ringContains($0, p) }
    }

    private func ringContains(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat),
               p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}

/// A latitude/longitude box.
public struct GeoBounds: Sendable, Equatable {
    /// Southern edge.
    public var minLat: Double
    /// Northern edge.
    public var maxLat: Double
    /// Western edge.
    public var minLon: Double
    /// Eastern edge.
    public var maxLon: Double

    /// The smallest box holding every point (an empty box for no points).
    public init<S: Sequence>(points: S) where S.Element == GeoPoint {
        (minLat, maxLat, minLon, maxLon) = (.infinity, -.infinity, .infinity, -.infinity)
        for p in points {
            minLat = Swift.min(minLat, p.lat)
            maxLat = Swift.max(maxLat, p.lat)
            minLon = Swift.min(minLon, p.lon)
            maxLon = Swift.max(maxLon, p.lon)
        }
    }

    /// Whether `p` lies in the box (edges included).
    public func contains(_ p: GeoPoint) -> Bool {
        p.lat >= minLat && p.lat <= maxLat && p.lon >= minLon && p.lon <= maxLon
    }
}

/// A demand zone: an id (e.g. a NYC TLC taxi-zone `LocationID`), a name and its polygons.
public struct DemandZone: Sendable, Equatable {
    /// The zone id (`zone_id` in the GeoJSON file).
    public var id: Int
    /// The zone name (`zone_name`; `zone <id>` when the file has none).
    public var name: String
    /// Its polygons (one for a GeoJSON Polygon, several for a MultiPolygon).
    public var polygons: [ZonePolygon]
    /// The box around every outer ring.
    public let bounds: GeoBounds

    /// Creates a zone.
    public init(id: Int, name: String, polygons: [ZonePolygon]) {
        self.id = id
        self.name = name
        self.polygons = polygons
        bounds = GeoBounds(points: polygons.lazy.flatMap(\.outer))
    }

    /// Whether `p` lies inside one of the zone's polygons.
    public func contains(_ p: GeoPoint) -> Bool {
        bounds.contains(p) && polygons.contains { $0.contains(p) }
    }
}

/// The zones of a city (from a GeoJSON file, ``ZoneSet/load(url:file:)``), sorted by id,
/// with look-ups by id and by point.
public struct ZoneSet: Sendable, Equatable {
    /// The file the zones came from, as shown to the user.
    public let file: String
    /// The zones, by ascending id.
    public let zones: [DemandZone]
    private let positions: [Int: Int]

    /// Creates a set from zones with distinct ids (sorted here by id).
    public init(zones: [DemandZone], file: String) {
        self.file = file
        self.zones = zones.sorted { $0.id < $1.id }
        positions = Dictionary(uniqueKeysWithValues: self.zones.enumerated().map { ($1.id, $0) })
    }

    /// The index in ``zones`` of the zone with this id, or nil.
    public func index(ofID id: Int) -> Int? { positions[id] }

    /// The index of the first zone (by id) that contains `p`, or nil when none does.
    /// A box test first, then point-in-polygon: O(zones), for reports and tools.
    public func zoneIndex(containing p: GeoPoint) -> Int? {
        zones.firstIndex { $0.contains(p) }
    }

    /// The id of the first zone (by id) that contains `p`, or nil.
    public func zoneID(containing p: GeoPoint) -> Int? {
        zoneIndex(containing: p).map { zones[$0].id }
    }

    /// The box around every zone.
    public var bounds: GeoBounds { GeoBounds(points: zones.lazy.flatMap { $0.polygons.lazy.flatMap(\.outer) }) }
}
