import Core
import Foundation
import Simulator

/// `ridematch export geojson REPORT_DIR`: a run's report folder as three GeoJSON files
/// (RFC 7946) that kepler.gl, QGIS and geopandas open as they are:
///
/// - `requests.geojson`: one Point per row of requests.csv (the pickup point), every other
///   column of the row as a property (outcome, wait_s, fare_quoted, fare_final, …);
/// - `trips.geojson`: one LineString per completed trip with the trip's figures: the road
///   route from trip_routes.csv (`route: "road"`) when the run had a road network, else
///   the straight line pickup to drop-off (`route: "straight"`);
/// - `zones.geojson`: one feature per row of zones.csv, every column as a property, its
///   geometry the zone's polygon from zone_shapes.geojson (null for a row without a zone id).
public enum GeoJSONExport {
    /// Features written, per file.
    public struct Counts: Sendable, Equatable {
        /// Features of requests.geojson (= rows of requests.csv).
        public var requests = 0
        /// Features of trips.geojson (= completed requests).
        public var trips = 0
        /// Features of zones.geojson (= rows of zones.csv).
        public var zones = 0
        /// Features of demand_zones.geojson (= rows of demand_zones.csv; 0 without demand zones).
        public var demandZones = 0
    }

    /// Columns of requests.csv and zones.csv written as JSON strings; every other non-empty
    /// cell is a number (empty cells are null).
    static let textColumns: Set<String> = ["outcome", "cancel_reason", "source_id"]
    /// Properties of a trip (columns of requests.csv).
    static let tripColumns = ["request_id", "driver_id", "request_time_s", "pickup_time_s", "dropoff_time_s", "wait_s",
                              "trip_distance_km", "fare_quoted", "fare_final", "surge", "origin_zone"]

    /// Reads the report folder `folder` (named `display` in messages) and writes the three
    /// files into `out`. Bad input (not a report folder, a missing file, a bad row or shape)
    /// throws an ``InputProblem`` naming the file and writes nothing.
    @discardableResult
    public static func export(folder: URL, display: String, to out: URL) throws -> Counts {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputProblem("\(display): not a report folder (no such directory)")
        }
        for name in ["requests.csv", "zones.csv", "zone_shapes.geojson"]
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw InputProblem("\(display): not a report folder of this version: no \(name) (run `ridematch run` again)")
        }
        let path = { (name: String) in display.hasSuffix("/") ? display + name : display + "/" + name }
        let shapes = try readShapes(folder.appendingPathComponent("zone_shapes.geojson"), file: path("zone_shapes.geojson"))
        let routes = try tripRoutes(folder.appendingPathComponent("trip_routes.csv"), file: path("trip_routes.csv"))
        var requests: [String] = [], trips: [String] = []
        var csv = try ReplayCSV(url: folder.appendingPathComponent("requests.csv"), file: path("requests.csv"))
        let lat = try csv.required(["origin_lat"]), lon = try csv.required(["origin_lon"])
        let dlat = try csv.required(["dest_lat"]), dlon = try csv.required(["dest_lon"]), outcome = try csv.required(["outcome"])
        let tripIndex = try tripColumns.map { try csv.required([$0]) }
        let requestID = try csv.required(["request_id"])
        while let row = csv.next() {
            guard row.count == csv.header.count else {
                throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: nil,
                                                  message: "\(row.count) fields, the header has \(csv.header.count)"))
            }
            let origin = try point(row, lat, lon, csv)
            let props = csv.header.indices.filter { $0 != lat && $0 != lon }.map { (csv.header[$0], value(row[$0], column: csv.header[$0])) }
            requests.append(GeoJSONText.feature(geometry: "{\"type\":\"Point\",\"coordinates\":\(GeoJSONText.position(origin))}",
                                                properties: props))
            if row[outcome] == RequestOutcome.completed.rawValue {
                let dropoff = try point(row, dlat, dlon, csv)
                let road = try routes.map { try roadRoute($0, request: row[requestID], from: origin, to: dropoff, csv: csv) }
                let line = road ?? [origin, dropoff]
                trips.append(GeoJSONText.feature(
                    geometry: "{\"type\":\"LineString\",\"coordinates\":[\(line.map(GeoJSONText.position).joined(separator: ","))]}",
                    properties: zip(tripColumns, tripIndex).map { ($0, value(row[$1], column: $0)) }
                        + [("route", road == nil ? "\"straight\"" : "\"road\"")]))
            }
        }
        if let error = csv.readError() { throw error }
        let zones = try zoneFeatures(folder.appendingPathComponent("zones.csv"), file: path("zones.csv"), shapes: shapes)
        var files = [("requests.geojson", GeoJSONText.collection(requests)), ("trips.geojson", GeoJSONText.collection(trips)),
                     ("zones.geojson", GeoJSONText.collection(zones))]
        let demandCSV = folder.appendingPathComponent("demand_zones.csv")
        let demandShapes = folder.appendingPathComponent("demand_zone_shapes.geojson")
        var demandZones: [String] = []
        if FileManager.default.fileExists(atPath: demandCSV.path), FileManager.default.fileExists(atPath: demandShapes.path) {
            let shapes = try readShapes(demandShapes, file: path("demand_zone_shapes.geojson"))
            demandZones = try zoneFeatures(demandCSV, file: path("demand_zones.csv"), shapes: shapes)
            files.append(("demand_zones.geojson", GeoJSONText.collection(demandZones)))
        }
        try write(files, to: out)
        return Counts(requests: requests.count, trips: trips.count, zones: zones.count, demandZones: demandZones.count)
    }

    /// One feature per row of a zones CSV (zones.csv, demand_zones.csv): every column as a
    /// property, the geometry the zone's shape (null for a row without a zone id).
    static func zoneFeatures(_ url: URL, file: String, shapes: [String: ZoneShape]) throws -> [String] {
        var csv = try ReplayCSV(url: url, file: file)
        let zoneID = try csv.required(["zone_id"])
        var features: [String] = []
        while let row = csv.next() {
            guard row.count == csv.header.count else {
                throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: nil,
                                                  message: "\(row.count) fields, the header has \(csv.header.count)"))
            }
            guard row[zoneID].isEmpty || shapes[row[zoneID]] != nil else {
                throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: "zone_id",
                                                  message: "zone \(row[zoneID]) has no shape"))
            }
            features.append(GeoJSONText.feature(geometry: shapes[row[zoneID]].map(GeoJSONText.geometry) ?? "null",
                                                properties: csv.header.indices.map { (csv.header[$0], value(row[$0], column: csv.header[$0])) }))
        }
        if let error = csv.readError() { throw error }
        return features
    }

    /// A CSV cell as a JSON value: null when empty, a string for text columns or a cell that
    /// is not a plain decimal number, else the number as written.
    static func value(_ cell: String, column: String) -> String {
        if cell.isEmpty { return "null" }
        if textColumns.contains(column) || !isJSONNumber(cell) { return GeoJSONText.string(cell) }
        return cell
    }

    /// Whether `s` is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?
    static func isJSONNumber(_ s: String) -> Bool {
        var chars = Array(s.utf8)[...]
        if chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
        let digits = { (c: UInt8) in c >= 48 && c <= 57 }
        let whole = chars.prefix(while: digits)
        guard !whole.isEmpty, whole.count == 1 || whole.first != 48 else { return false }
        chars = chars.dropFirst(whole.count)
        if chars.isEmpty { return true }
        guard chars.first == UInt8(ascii: "."), chars.count > 1 else { return false }
        return chars.dropFirst().allSatisfy(digits)
    }

    private static func point(_ row: [String], _ lat: Int, _ lon: Int, _ csv: ReplayCSV) throws -> GeoPoint {
        guard let y = Double(row[lat]), (-90...90).contains(y) else {
            throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: csv.header[lat], message: "not a latitude: '\(row[lat])'"))
        }
        guard let x = Double(row[lon]), (-180...180).contains(x) else {
            throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: csv.header[lon], message: "not a longitude: '\(row[lon])'"))
        }
        return GeoPoint(lat: y, lon: x)
    }

    /// The zone polygons of zone_shapes.geojson, by `zone_id`.
    static func readShapes(_ url: URL, file: String) throws -> [String: ZoneShape] {
        let bad = { (field: String, message: String) in InputProblem(locatedMessage(file: file, line: nil, field: field, message: message)) }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw bad("", "cannot read the file") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = root["features"] as? [[String: Any]] else { throw bad("", "not a GeoJSON FeatureCollection") }
        var shapes: [String: ZoneShape] = [:]
        for (i, feature) in features.enumerated() {
            let id = (feature["properties"] as? [String: Any])?["zone_id"].map { "\($0)" }
            guard let id else { throw bad("features[\(i)].properties.zone_id", "missing") }
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                  let coordinates = geometry["coordinates"] as? [Any] else { throw bad("features[\(i)].geometry", "missing or not an object") }
            func ring(_ any: Any) throws -> [GeoPoint] {
                guard let positions = any as? [[Double]], positions.count >= 4, positions.allSatisfy({ $0.count >= 2 }) else {
                    throw bad("features[\(i)].geometry.coordinates", "a ring must be 4 or more [lon, lat] positions")
                }
                return positions.dropLast().map { GeoPoint(lat: $0[1], lon: $0[0]) }
            }
            func polygon(_ any: Any) throws -> [[GeoPoint]] {
                guard let rings = any as? [Any], !rings.isEmpty else { throw bad("features[\(i)].geometry.coordinates", "empty polygon") }
                return try rings.map(ring)
            }
            switch type {
            case "Polygon": shapes[id] = ZoneShape(id: id, polygons: [try polygon(coordinates)])
            case "MultiPolygon": shapes[id] = ZoneShape(id: id, polygons: try coordinates.map(polygon))
            default: throw bad("features[\(i)].geometry.type", "must be Polygon or MultiPolygon, got \(type)")
            }
        }
        return shapes
    }

    /// Writes every file to a temporary sibling, then renames them all into place.
    private static func write(_ files: [(name: String, text: String)], to out: URL) throws {
        let fm = FileManager.default
        let pid = ProcessInfo.processInfo.processIdentifier
        let temps = files.map { out.appendingPathComponent(".\($0.name).tmp-\(pid)") }
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            for (file, temp) in zip(files, temps) { try Data(file.text.utf8).write(to: temp) }
            for (file, temp) in zip(files, temps) {
                let target = out.appendingPathComponent(file.name)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.moveItem(at: temp, to: target)
            }
        } catch {
            for temp in temps { try? fm.removeItem(at: temp) }
            throw ReportWriteError(description: "cannot write GeoJSON to \(out.path): \(error.localizedDescription)")
        }
    }
}
