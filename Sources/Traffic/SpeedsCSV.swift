import Core
import Foundation

/// Reads and validates a traffic speeds CSV file:
/// `zone_id, lat, lon, hour_of_week (0 = Monday 00:00 UTC), speed_kmh`, one row per zone and
/// hour, columns found by header name (extra columns are ignored).
enum SpeedsCSV {
    /// The required columns, in the order error messages list them.
    static let columns = ["zone_id", "lat", "lon", "hour_of_week", "speed_kmh"]

    /// Parses `url` and returns the validated table and the number of data rows.
    /// Errors name `displayPath`, the 1-based line and the column.
    static func read(_ url: URL, displayPath: String) throws -> (table: TrafficTable, rows: Int) {
        try parse(CSVText.readFile(url, displayPath: displayPath), displayPath: displayPath)
    }

    /// Parses the bytes of a speeds CSV file (see ``read(_:displayPath:)``); errors name
    /// `displayPath`. The parser's entry point for tests and fuzzing.
    static func parse(_ data: Data, displayPath file: String) throws -> (table: TrafficTable, rows: Int) {
        var rows = try CSVRows(data, file: file, expected: columns.joined(separator: ", "))
        let positions = try rows.positions(of: columns)
        var assembler = TableAssembler(file: file)

        while let row = try rows.next() {
            let line = rows.line
            let field = { (name: String) -> String in row[positions[name]!] }
            let zoneID = try CSVText.parseInt(field("zone_id"), file: file, line: line, column: "zone_id",
                                      range: 0...Int(Int32.max), expectation: "must be an integer >= 0")
            let lat = try CSVText.parseDouble(field("lat"), file: file, line: line, column: "lat",
                                      valid: { (-90...90).contains($0) }, expectation: "must be a number in -90...90")
            let lon = try CSVText.parseDouble(field("lon"), file: file, line: line, column: "lon",
                                      valid: { (-180...180).contains($0) }, expectation: "must be a number in -180...180")
            let hour = try CSVText.parseInt(field("hour_of_week"), file: file, line: line, column: "hour_of_week",
                                    range: 0...167, expectation: "must be an integer 0-167")
            let speed = try CSVText.parseDouble(field("speed_kmh"), file: file, line: line, column: "speed_kmh",
                                        valid: { $0 > 0 }, expectation: "must be a number > 0")
            guard speed <= TrafficTable.speedLimitKmh else {
                throw TrafficError(file: file, line: line, field: "speed_kmh", message: TrafficTable.speedLimitMessage("'\(field("speed_kmh"))'"))
            }

            if let zone = assembler.zone(zoneID) {
                if zone.center != GeoPoint(lat: lat, lon: lon) {
                    throw TrafficError(
                        file: file, line: line, field: zone.center.lat != lat ? "lat" : "lon",
                        message: "zone \(zoneID) has centre (\(field("lat")), \(field("lon"))) here but "
                            + "(\(zone.center.lat), \(zone.center.lon)) on line \(zone.centerLine)")
                }
            } else {
                assembler.addZone(id: zoneID, center: GeoPoint(lat: lat, lon: lon), line: line)
            }
            if let first = assembler.addSpeed(zone: zoneID, hour: hour, speedKmh: speed, line: line) {
                throw TrafficError(file: file, line: line, field: "hour_of_week",
                                   message: "duplicate row for zone \(zoneID) hour \(hour) (first on line \(first))")
            }
        }
        if assembler.rowCount == 0 {
            throw TrafficError(file: file, message: "no data rows after the header")
        }
        return (try assembler.finish(), assembler.rowCount)
    }
}

extension TrafficDatabase {
    /// Parses and validates the bytes of a speeds CSV file without writing anything: the
    /// table `ridematch traffic import` would write. Errors name `displayPath`, the line and
    /// the column. (The fuzz target calls this.)
    /// - Throws: ``TrafficError``.
    public static func parseSpeedsCSV(_ data: Data, displayPath: String) throws -> TrafficTable {
        try SpeedsCSV.parse(data, displayPath: displayPath).table
    }
}
