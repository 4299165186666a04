import Core

/// GeoJSON (RFC 7946) text pieces: positions as [longitude, latitude] with 6 decimals
/// (about 0.1 m), polygons with closed rings wound by the right-hand rule (exterior
/// counter-clockwise, holes clockwise), no `crs` member (WGS-84 is implied).
public enum GeoJSONText {
    /// `[lon,lat]`.
    public static func position(_ p: GeoPoint) -> String {
        "[" + Format.fixed(p.lon, 6) + "," + Format.fixed(p.lat, 6) + "]"
    }

    /// A closed ring (first position repeated at the end), wound counter-clockwise when
    /// `exterior`, clockwise otherwise.
    public static func ring(_ ring: [GeoPoint], exterior: Bool) -> String {
        var points = ring
        if let first = points.first, let last = points.last, first == last { points.removeLast() }
        if (ZoneShape.signedArea(points) > 0) != exterior { points.reverse() }
        if let first = points.first { points.append(first) }
        return "[" + points.map(position).joined(separator: ",") + "]"
    }

    /// The geometry of a shape: a Polygon, a MultiPolygon when it has several, null when none.
    public static func geometry(_ shape: ZoneShape) -> String {
        let polygons = shape.polygons.filter { ($0.first?.count ?? 0) >= 3 }
        func polygon(_ rings: [[GeoPoint]]) -> String {
            "[" + rings.enumerated().map { ring($0.element, exterior: $0.offset == 0) }.joined(separator: ",") + "]"
        }
        switch polygons.count {
        case 0: return "null"
        case 1: return "{\"type\":\"Polygon\",\"coordinates\":" + polygon(polygons[0]) + "}"
        default: return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + polygons.map(polygon).joined(separator: ",") + "]}"
        }
    }

    /// A JSON string literal.
    public static func string(_ s: String) -> String { jsonString(s) }

    /// A Feature with a geometry text and properties given as (name, JSON value text) pairs.
    public static func feature(geometry: String, properties: [(String, String)]) -> String {
        "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{"
            + properties.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}}"
    }

    /// A FeatureCollection of feature texts, one per line.
    public static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// zone_shapes.geojson of a run: one Polygon feature per zone on the map, with its
    /// `zone_id` and the `layer` ("traffic" or "demand") it belongs to.
    public static func zoneShapes(_ shapes: [ZoneShape], layer: String) -> String {
        collection(shapes.map { shape in
            feature(geometry: geometry(shape), properties: [("zone_id", string(shape.id)), ("layer", string(layer))])
        })
    }
}
