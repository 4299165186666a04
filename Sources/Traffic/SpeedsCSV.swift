import Core
import CSV
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
        let file = displayPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TrafficError(file: file, message: "file not found")
        }
        guard !isDirectory.boolValue else { throw TrafficError(file: file, message: "is a directory, expected a CSV file") }
        // Read the file whole (traffic tables are a few MB at most): on Linux a file-backed
        // InputStream reports bytes available at end of file, which CSVReader turns into a
        // spurious read error; a data-backed stream ends cleanly.
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TrafficError(file: file, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, displayPath: displayPath)
    }

    /// Parses the bytes of a speeds CSV file (see ``read(_:displayPath:)``); errors name
    /// `displayPath`. The parser's entry point for tests and fuzzing.
    static func parse(_ data: Data, displayPath file: String) throws -> (table: TrafficTable, rows: Int) {
        if let badLine = firstLineWithInvalidUTF8(data) {
            throw TrafficError(file: file, line: badLine, message: "not valid UTF-8 text")
        }
        let stream = InputStream(data: data)

        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch CSVError.cannotReadHeaderRow {
            throw TrafficError(file: file, message: "empty file, expected a header row: \(columns.joined(separator: ", "))")
        } catch {
            throw TrafficError(file: file, message: "cannot read: \(describe(error))")
        }
        let header = (reader.headerRow ?? []).enumerated().map { index, name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            return index == 0 && trimmed.hasPrefix("\u{FEFF}") ? String(trimmed.dropFirst()) : trimmed
        }
        let positions = try columnPositions(header: header, file: file)
        var line = 1 + newlineCount(reader.headerRow ?? [])
        var assembler = TableAssembler(file: file)

        while let row = reader.next() {
            line += 1
            defer { line += newlineCount(row) }
            if row.count == 1 && row[0].isEmpty { continue }  // blank line
            guard row.count >= header.count else {
                throw TrafficError(file: file, line: line, message: "row has \(row.count) fields, the header has \(header.count)")
            }
            let field = { (name: String) -> String in row[positions[name]!] }
            let zoneID = try parseInt(field("zone_id"), file: file, line: line, column: "zone_id",
                                      range: 0...Int(Int32.max), expectation: "must be an integer >= 0")
            let lat = try parseDouble(field("lat"), file: file, line: line, column: "lat",
                                      valid: { (-90...90).contains($0) }, expectation: "must be a number in -90...90")
            let lon = try parseDouble(field("lon"), file: file, line: line, column: "lon",
                                      valid: { (-180...180).contains($0) }, expectation: "must be a number in -180...180")
            let hour = try parseInt(field("hour_of_week"), file: file, line: line, column: "hour_of_week",
                                    range: 0...167, expectation: "must be an integer 0-167")
            let speed = try parseDouble(field("speed_kmh"), file: file, line: line, column: "speed_kmh",
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
        if let error = reader.error {
            throw TrafficError(file: file, line: line, message: "cannot read: \(describe(error))")
        }
        if assembler.rowCount == 0 {
            throw TrafficError(file: file, message: "no data rows after the header")
        }
        return (try assembler.finish(), assembler.rowCount)
    }

    /// Where each required column is in the header, or a header error.
    private static func columnPositions(header: [String], file: String) throws -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns.contains(name) {
            if positions[name] != nil {
                throw TrafficError(file: file, line: 1, field: "header", message: "column '\(name)' appears twice")
            }
            positions[name] = index
        }
        let missing = columns.filter { positions[$0] == nil }
        if !missing.isEmpty {
            throw TrafficError(
                file: file, line: 1, field: "header",
                message: "expected columns \(columns.joined(separator: ", ")), got \(header.joined(separator: ", ")) "
                    + "(missing \(missing.joined(separator: ", ")))")
        }
        return positions
    }

    private static func parseInt(_ text: String, file: String, line: Int, column: String,
                                 range: ClosedRange<Int>, expectation: String) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw TrafficError(file: file, line: line, field: column, message: "\(expectation), got '\(text)'")
        }
        return value
    }

    private static func parseDouble(_ text: String, file: String, line: Int, column: String,
                                    valid: (Double) -> Bool, expectation: String) throws -> Double {
        guard let value = Double(text), value.isFinite, valid(value) else {
            throw TrafficError(file: file, line: line, field: column, message: "\(expectation), got '\(text)'")
        }
        return value
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8, if any.
    private static func firstLineWithInvalidUTF8(_ data: Data) -> Int? {
        if String(validating: data, as: UTF8.self) != nil { return nil }
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return index + 1
        }
        return nil
    }

    /// Line breaks inside quoted fields, so line numbers stay right after multi-line fields.
    private static func newlineCount(_ row: [String]) -> Int {
        row.reduce(0) { $0 + $1.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case CSVError.unicodeDecoding: return "not valid UTF-8 text"
        case CSVError.cannotOpenFile: return "cannot open the file"
        case CSVError.cannotReadFile: return "cannot read the file"
        case CSVError.streamErrorHasOccurred(let underlying): return "\(underlying.localizedDescription)"
        default: return "\(error)"
        }
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
