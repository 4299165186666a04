import Core
import Foundation
import Scenario

/// One driver of a drivers file: where it starts and when it works.
public struct DriverPlan: Sendable, Equatable {
    /// The file's `driver_id` (drivers.csv `source_id`).
    public var sourceID: String
    /// Start position on the plane.
    public var start: PlanePoint
    /// Shift start, ms since the scenario start (may be < 0: on shift from the start).
    public var shiftStart: Millis
    /// Shift end, ms since the scenario start (`Millis.farFuture` when open-ended).
    public var shiftEnd: Millis
}

/// Explicit supply: a drivers CSV with `driver_id, lat, lon` and optional `shift_start`,
/// `shift_end` (seconds from start or ISO-8601, as trip times). Drivers are few, so the
/// file is read whole; rows are rejected with a reason and counted like trip rows.
/// A driver's internal id is its position among accepted rows (0, 1, …).
public enum DriversFile {
    /// Reads and validates the file; header and read errors are ``InputProblem``s.
    public static func read(url: URL, file: String, scenario: Scenario) throws -> (drivers: [DriverPlan], report: InputFileReport) {
        var csv = try ReplayCSV(url: url, file: file)
        let idColumn = try csv.required(["driver_id"])
        let latColumn = try csv.required(["lat"]), lonColumn = try csv.required(["lon"])
        let startColumn = try csv.optional(["shift_start"]), endColumn = try csv.optional(["shift_end"])
        let projection = LocalProjection(center: scenario.city.center)
        let radius = scenario.city.radiusKm * 1000
        let startUnix = scenario.start.timeIntervalSince1970
        var report = InputFileReport(kind: "drivers", file: file)
        var drivers: [DriverPlan] = []
        var seen: Set<String> = []

        func parseTime(_ text: String) -> Millis? {
            ReplayTime.secondsFromStart(text, startUnix: startUnix, localOffset: scenario.startUTCOffsetSeconds)
                .map(Millis.fromSeconds)
        }

        while let row = csv.next() {
            report.rows += 1
            let line = csv.line
            guard row.count >= csv.header.count else {
                report.reject(line: line, .badRow, field: "row", value: "\(row.count) fields, the header has \(csv.header.count)")
                continue
            }
            let id = row[idColumn]
            guard !id.isEmpty else { report.reject(line: line, .badID, field: "driver_id", value: id); continue }
            let lat = Double(row[latColumn]), lon = Double(row[lonColumn])
            guard let lat, let lon, GeoPoint(lat: lat, lon: lon).isValid, lat != 0 || lon != 0 else {
                let latBad = lat.map { !$0.isFinite || abs($0) > 90 } ?? true
                report.reject(line: line, .badCoordinates, field: latBad ? "lat" : "lon",
                              value: row[latBad ? latColumn : lonColumn])
                continue
            }
            var shiftStart = Millis.min, shiftEnd = Millis.farFuture
            if let c = startColumn, !row[c].isEmpty {
                guard let t = parseTime(row[c]) else { report.reject(line: line, .badTime, field: "shift_start", value: row[c]); continue }
                shiftStart = t
            }
            if let c = endColumn, !row[c].isEmpty {
                guard let t = parseTime(row[c]) else { report.reject(line: line, .badTime, field: "shift_end", value: row[c]); continue }
                shiftEnd = t
            }
            guard shiftEnd > shiftStart else {
                report.reject(line: line, .badShift, field: "shift_end", value: row[endColumn!]); continue
            }
            let start = projection.project(GeoPoint(lat: lat, lon: lon))
            guard start.norm <= radius else {
                report.reject(line: line, .outsideCity, field: "lat,lon", value: row[latColumn] + " " + row[lonColumn])
                continue
            }
            guard seen.insert(id).inserted else {
                report.reject(line: line, .duplicateID, field: "driver_id", value: id); continue
            }
            drivers.append(DriverPlan(sourceID: id, start: start, shiftStart: max(0, shiftStart), shiftEnd: shiftEnd))
            report.accepted += 1
        }
        if let error = csv.readError() { throw error }
        if report.rows == 0 {
            throw InputProblem(locatedMessage(file: file, line: 2, field: nil, message: "no data rows after the header"))
        }
        return (drivers, report)
    }
}
