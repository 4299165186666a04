import Core
import Foundation
import Testing
@testable import Traffic

@Suite("Importing a speeds CSV")
struct ImportTests {
    @Test("import then load gives back every value exactly")
    func roundTrip() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let csv = try dir.write("speeds.csv", csvText(csvRows(twoZones)))
        let db = dir.file("traffic.sqlite")

        let summary = try TrafficDatabase.importSpeeds(csv: csv, csvDisplayPath: "data/speeds.csv", database: db)
        #expect(summary == ImportSummary(zoneCount: 2, rowCount: 336))

        let table = try TrafficDatabase.load(db, displayPath: "data/t.sqlite")
        #expect(table.zones == twoZones)
        #expect(table.speeds.count == 336)
        for (index, zone) in twoZones.enumerated() {
            for hour in 0..<168 {
                #expect(table.speedKmh(zoneIndex: index, hourOfWeek: hour) == sampleSpeed(zone: zone.id, hour: hour))
            }
        }
        #expect(table.minSpeedKmh == sampleSpeed(zone: 3, hour: 0))
        #expect(table.maxSpeedKmh == sampleSpeed(zone: 7, hour: 167))

        let text = try TrafficDatabase.describe(db, displayPath: "data/t.sqlite")
        #expect(text.contains("zones: 2, rows: 336"))
        #expect(text.contains("imported from speeds.csv"))
        #expect(text.contains("slowest zones"))
        #expect(text.contains("fastest zones"))
    }

    @Test("importing again replaces the previous contents")
    func reimportReplaces() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = dir.file("traffic.sqlite")
        let both = try dir.write("both.csv", csvText(csvRows(twoZones)))
        let one = try dir.write("one.csv", csvText(csvRows([twoZones[1]], speed: { _, hour in Double(hour + 1) })))
        _ = try TrafficDatabase.importSpeeds(csv: both, csvDisplayPath: "both.csv", database: db)
        let summary = try TrafficDatabase.importSpeeds(csv: one, csvDisplayPath: "one.csv", database: db)
        #expect(summary == ImportSummary(zoneCount: 1, rowCount: 168))
        let table = try TrafficDatabase.load(db, displayPath: "t.sqlite")
        #expect(table.zones == [twoZones[1]])
        #expect(table.speeds == (1...168).map(Double.init))
    }

    @Test("columns are found by header name; extra columns, blank lines and CRLF are fine")
    func reorderedAndExtraColumns() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let rows = twoZones.flatMap { zone in
            (0..<168).map { hour in "x,\(sampleSpeed(zone: zone.id, hour: hour)),\(hour),\(zone.center.lon),\(zone.center.lat),\(zone.id)" }
        }
        let text = (["note,speed_kmh,hour_of_week,lon,lat,zone_id"] + rows.prefix(10) + [""] + rows.dropFirst(10))
            .joined(separator: "\r\n")
        let csv = try dir.write("speeds.csv", text)
        let db = dir.file("t.sqlite")
        _ = try TrafficDatabase.importSpeeds(csv: csv, csvDisplayPath: "speeds.csv", database: db)
        let table = try TrafficDatabase.load(db, displayPath: "t.sqlite")
        #expect(table.zones == twoZones)
        #expect(table.speedKmh(zoneIndex: 1, hourOfWeek: 99) == sampleSpeed(zone: 7, hour: 99))
    }

    /// Imports `text` as `data/x.csv` and returns the error description; checks no database was made.
    private func importError(_ text: String) throws -> String {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let csv = try dir.write("x.csv", text)
        let db = dir.file("t.sqlite")
        do {
            _ = try TrafficDatabase.importSpeeds(csv: csv, csvDisplayPath: "data/x.csv", database: db)
        } catch let error as TrafficError {
            #expect(!FileManager.default.fileExists(atPath: db.path), "a bad CSV must not create the database")
            return error.description
        }
        Issue.record("import succeeded")
        return ""
    }

    @Test("bad CSV files give one exact line naming file, line and column")
    func badCSVs() throws {
        let good = csvRows(twoZones)  // line n + 2 holds good[n]

        #expect(try importError(csvText(header: "zone,lat,lon,hour_of_week,speed_kmh", good))
            == "data/x.csv:1: header: expected columns zone_id, lat, lon, hour_of_week, speed_kmh, "
            + "got zone, lat, lon, hour_of_week, speed_kmh (missing zone_id)")

        var rows = good
        rows[12] = "3,40.75,-73.985,12,fast"
        #expect(try importError(csvText(rows)) == "data/x.csv:14: speed_kmh: must be a number > 0, got 'fast'")

        rows = good
        rows[1] = "3,40.75,-73.985,168,20"
        #expect(try importError(csvText(rows)) == "data/x.csv:3: hour_of_week: must be an integer 0-167, got '168'")

        rows = good
        rows[200] = "7,40.7612345678,-73.9712345678,32,-5"
        #expect(try importError(csvText(rows)) == "data/x.csv:202: speed_kmh: must be a number > 0, got '-5'")

        rows = good
        rows[5] = "3,north,-73.985,5,20"
        #expect(try importError(csvText(rows)) == "data/x.csv:7: lat: must be a number in -90...90, got 'north'")

        rows = good
        rows[3] = "3,40.75,-73.985"
        #expect(try importError(csvText(rows)) == "data/x.csv:5: row has 3 fields, the header has 5")

        let zone7 = csvRows([TrafficZone(id: 7, center: GeoPoint(lat: 40.7, lon: -74))])
        let missing = zone7.enumerated().filter { !((0...5).contains($0.offset) || $0.offset == 30) }.map(\.element)
        #expect(try importError(csvText(csvRows([twoZones[0]]) + missing)) == "data/x.csv: zone 7: missing hours 0-5, 30")

        rows = good
        rows.insert("3,40.75,-73.985,3,12.5", at: 100)
        #expect(try importError(csvText(rows))
            == "data/x.csv:102: hour_of_week: duplicate row for zone 3 hour 3 (first on line 5)")

        rows = good
        rows[50] = "3,40.8,-73.985,50,20"
        #expect(try importError(csvText(rows))
            == "data/x.csv:52: lat: zone 3 has centre (40.8, -73.985) here but (40.75, -73.985) on line 2")

        #expect(try importError("")
            == "data/x.csv: empty file, expected a header row: zone_id, lat, lon, hour_of_week, speed_kmh")
        #expect(try importError(csvHeader + "\n") == "data/x.csv: no data rows after the header")
    }

    @Test("a UTF-8 byte order mark is skipped; invalid UTF-8 is reported with its line")
    func encoding() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let withBOM = dir.file("bom.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(csvText(csvRows([twoZones[0]])).utf8)).write(to: withBOM)
        let summary = try TrafficDatabase.importSpeeds(csv: withBOM, csvDisplayPath: "bom.csv", database: dir.file("t.sqlite"))
        #expect(summary == ImportSummary(zoneCount: 1, rowCount: 168))

        let invalid = dir.file("bad.csv")
        try (Data((csvHeader + "\n3,40.75,-73.985,0,1").utf8) + Data([0xC3, 0x28, 0x0A])).write(to: invalid)
        #expect(throws: TrafficError(file: "data/bad.csv", line: 2, message: "not valid UTF-8 text")) {
            _ = try TrafficDatabase.importSpeeds(csv: invalid, csvDisplayPath: "data/bad.csv", database: dir.file("u.sqlite"))
        }
    }

    @Test("a missing CSV file is named")
    func missingCSV() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        #expect(throws: TrafficError(file: "data/nope.csv", message: "file not found")) {
            _ = try TrafficDatabase.importSpeeds(csv: dir.file("nope.csv"), csvDisplayPath: "data/nope.csv",
                                                 database: dir.file("t.sqlite"))
        }
    }
}
