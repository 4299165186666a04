import Core
import Foundation
import Testing
@testable import Traffic

@Suite("Loading a bad traffic database")
struct DatabaseErrorTests {
    /// Loads `url` as `data/t.sqlite` and returns the error description.
    private func loadError(_ url: URL) -> String {
        do {
            _ = try TrafficDatabase.load(url, displayPath: "data/t.sqlite")
        } catch {
            #expect(error is TrafficError)
            return "\(error)"
        }
        Issue.record("load succeeded")
        return ""
    }

    /// A good database of the two test zones.
    private func goodDatabase(in dir: TempDir) throws -> URL {
        let csv = try dir.write("speeds.csv", csvText(csvRows(twoZones)))
        let db = dir.file("t.sqlite")
        _ = try TrafficDatabase.importSpeeds(csv: csv, csvDisplayPath: "speeds.csv", database: db)
        return db
    }

    @Test("a missing file is reported and not created")
    func missingFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = dir.file("t.sqlite")
        #expect(loadError(db) == "data/t.sqlite: file not found")
        #expect(throws: TrafficError.self) { _ = try TrafficDatabase.describe(db, displayPath: "data/t.sqlite") }
        #expect(!FileManager.default.fileExists(atPath: db.path))
    }

    @Test("random bytes are not a database")
    func randomBytes() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var generator = SplitMix64(state: 7)
        let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let db = dir.file("t.sqlite")
        try Data(bytes).write(to: db)
        #expect(loadError(db) == "data/t.sqlite: cannot open: file is not a database")
        #expect(try Data(contentsOf: db) == Data(bytes), "load must not modify the file")
    }

    @Test("an empty file or a SQLite database without our tables")
    func noTables() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let empty = try dir.write("empty.sqlite", "")
        #expect(loadError(empty) == "data/t.sqlite: not a ridematch traffic database (no table 'speeds')")

        let other = dir.file("other.sqlite")
        try TrafficDatabase.execute("CREATE TABLE trips(id INTEGER PRIMARY KEY, km REAL)", in: other)
        #expect(loadError(other) == "data/t.sqlite: not a ridematch traffic database (no table 'speeds')")
    }

    @Test("wrong schema")
    func wrongSchema() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = dir.file("wrong.sqlite")
        try TrafficDatabase.execute("CREATE TABLE speeds(zone INTEGER, hour INTEGER, kmh REAL)", in: db)
        #expect(loadError(db) == "data/t.sqlite: not a ridematch traffic database (table 'speeds' has no column 'zone_id')")

        let noMeta = try goodDatabase(in: dir)
        try TrafficDatabase.execute("DROP TABLE meta", in: noMeta)
        #expect(loadError(noMeta) == "data/t.sqlite: not a ridematch traffic database (no table 'meta')")
    }

    @Test("a newer schema version is refused")
    func schemaVersion() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = try goodDatabase(in: dir)
        try TrafficDatabase.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'", in: db)
        #expect(loadError(db) == "data/t.sqlite: meta.schema_version: expected 1, got '2'")
    }

    @Test("a zone missing hours, and no zones at all")
    func incompleteData() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = try goodDatabase(in: dir)
        try TrafficDatabase.execute("DELETE FROM speeds WHERE zone_id = 3 AND hour_of_week = 17", in: db)
        #expect(loadError(db) == "data/t.sqlite: zone 3: missing hours 17")

        try TrafficDatabase.execute("DELETE FROM speeds; DELETE FROM zones", in: db)
        #expect(loadError(db) == "data/t.sqlite: empty: no zones")
    }

    @Test("speeds of an unknown zone, or with bad values, are refused")
    func badValues() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = try goodDatabase(in: dir)
        try TrafficDatabase.execute("DELETE FROM zones WHERE zone_id = 7", in: db)
        #expect(loadError(db) == "data/t.sqlite: speeds.zone_id: zone 7 is not in table 'zones'")
    }
}
