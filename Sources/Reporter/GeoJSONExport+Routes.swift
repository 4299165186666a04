import Core
import Foundation
import Simulator

extension GeoJSONExport {
    /// The road routes of trip_routes.csv by request id, or nil when the folder has none
    /// (a run without a road network). A malformed row throws an ``InputProblem`` naming
    /// the file, line and field.
    static func tripRoutes(_ url: URL, file: String) throws -> [String: [GeoPoint]]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var csv = try ReplayCSV(url: url, file: file)
        let id = try csv.required(["request_id"]), column = try csv.required(["route"])
        var routes: [String: [GeoPoint]] = [:]
        while let row = csv.next() {
            func bad(_ field: String?, _ message: String) -> InputProblem {
                InputProblem(locatedMessage(file: csv.file, line: csv.line, field: field, message: message))
            }
            guard row.count == csv.header.count else { throw bad(nil, "\(row.count) fields, the header has \(csv.header.count)") }
            var points: [GeoPoint] = []
            for position in row[column].split(separator: ";") {
                let parts = position.split(separator: " ")
                guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]),
                      (-180...180).contains(lon), (-90...90).contains(lat) else {
                    throw bad("route", "not a 'lon lat' position: '\(position)'")
                }
                points.append(GeoPoint(lat: lat, lon: lon))
            }
            guard points.count >= 2 else { throw bad("route", "a route needs 2 or more positions, got \(points.count)") }
            routes[row[id]] = points
        }
        if let error = csv.readError() { throw error }
        return routes
    }

    /// A completed trip's road route with its ends set to the pickup and drop-off of
    /// requests.csv. A trip without a route throws an ``InputProblem`` naming requests.csv.
    static func roadRoute(_ routes: [String: [GeoPoint]], request: String, from origin: GeoPoint, to dropoff: GeoPoint,
                          csv: ReplayCSV) throws -> [GeoPoint] {
        guard var points = routes[request] else {
            throw InputProblem(locatedMessage(file: csv.file, line: csv.line, field: "request_id",
                                              message: "completed trip \(request) has no row in trip_routes.csv"))
        }
        points[0] = origin
        points[points.count - 1] = dropoff
        return points
    }
}
