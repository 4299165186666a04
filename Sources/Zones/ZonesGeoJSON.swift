import Core
import Foundation

extension ZoneSet {
    /// Reads a GeoJSON FeatureCollection of zones: every feature a `Polygon` or
    /// `MultiPolygon` in WGS-84 longitude/latitude, with an integer `zone_id` property
    /// (distinct) and an optional `zone_name`. Holes (inner rings) are honoured.
    ///
    /// - Parameter file: the path as the user wrote it, for messages.
    /// - Throws: ``InputProblem`` naming the file and the field
    ///   (`data/z.geojson: features[3].properties.zone_id: missing`).
    public static func load(url: URL, file: String) throws -> ZoneSet {
        func fail(_ field: String?, _ message: String) -> InputProblem {
            InputProblem(locatedMessage(file: file, line: nil, field: field, message: message))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw fail(nil, "file not found")
        }
        guard !isDirectory.boolValue else { throw fail(nil, "is a directory, expected a GeoJSON file") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw fail(nil, "cannot read the file") }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail(nil, "not GeoJSON (not valid JSON)")
        }
        guard let root = json as? [String: Any], root["type"] as? String == "FeatureCollection" else {
            throw fail("type", "not a GeoJSON FeatureCollection")
        }
        guard let features = root["features"] as? [Any] else { throw fail("features", "missing or not a list") }
        var zones: [DemandZone] = []
        var seen: [Int: Int] = [:]
        for (i, item) in features.enumerated() {
            let path = "features[\(i)]"
            guard let feature = item as? [String: Any] else { throw fail(path, "not an object") }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let rawID = properties["zone_id"] else { throw fail(path + ".properties.zone_id", "missing") }
            guard !(rawID is String), let number = rawID as? NSNumber,
                  number.doubleValue.rounded() == number.doubleValue, let id = Int(exactly: number.doubleValue) else {
                throw fail(path + ".properties.zone_id", "must be an integer, got \(show(rawID))")
            }
            if let first = seen[id] {
                throw fail(path + ".properties.zone_id", "zone \(id) appears twice (also features[\(first)])")
            }
            seen[id] = i
            let name = properties["zone_name"] as? String ?? "zone \(id)"
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                throw fail(path + ".geometry", "missing: expected a Polygon or MultiPolygon")
            }
            let coordinates = geometry["coordinates"]
            var polygons: [ZonePolygon] = []
            switch type {
            case "Polygon":
                polygons = [try polygon(coordinates, path + ".geometry.coordinates", fail)]
            case "MultiPolygon":
                guard let list = coordinates as? [Any], !list.isEmpty else {
                    throw fail(path + ".geometry.coordinates", "expected a list of polygons")
                }
                polygons = try list.enumerated().map { try polygon($1, path + ".geometry.coordinates[\($0)]", fail) }
            default:
                throw fail(path + ".geometry.type", "expected Polygon or MultiPolygon, got '\(type)'")
            }
            zones.append(DemandZone(id: id, name: name, polygons: polygons))
        }
        guard !zones.isEmpty else { throw fail("features", "no polygons (the collection is empty)") }
        return ZoneSet(zones: zones, file: file)
    }

    private static func polygon(
        _ value: Any?, _ path: String, _ fail: (String?, String) -> InputProblem
    ) throws -> ZonePolygon {
        guard let rings = value as? [Any], !rings.isEmpty else { throw fail(path, "expected a list of rings") }
        let parsed = try rings.enumerated().map { try ring($1, path + "[\($0)]", fail) }
        let projection = LocalProjection(center: parsed[0][0])
        let area = abs(ZoneSampler.signedArea(parsed[0].map(projection.project)))
        guard area > 0 else { throw fail(path + "[0]", "the outer ring encloses no area") }
        return ZonePolygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
    }

    private static func ring(_ value: Any?, _ path: String, _ fail: (String?, String) -> InputProblem) throws -> [GeoPoint] {
        guard let positions = value as? [Any], positions.count >= 4 else {
            throw fail(path, "a ring needs at least 4 positions (closed)")
        }
        var points: [GeoPoint] = []
        points.reserveCapacity(positions.count)
        for (k, position) in positions.enumerated() {
            guard let pair = position as? [Any], pair.count >= 2,
                  let lon = (pair[0] as? NSNumber)?.doubleValue, let lat = (pair[1] as? NSNumber)?.doubleValue,
                  GeoPoint(lat: lat, lon: lon).isValid else {
                throw fail(path + "[\(k)]", "expected [longitude, latitude] in degrees, got \(show(position))")
            }
            points.append(GeoPoint(lat: lat, lon: lon))
        }
        if points.first != points.last { points.append(points[0]) }
        return points
    }

    private static func show(_ value: Any) -> String {
        if let text = value as? String { return "'\(text)'" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]),
           let text = String(data: data, encoding: .utf8) {
            return text.count > 60 ? String(text.prefix(60)) + "…" : text
        }
        return "\(value)"
    }
}
