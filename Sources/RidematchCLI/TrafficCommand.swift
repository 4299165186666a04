import ArgumentParser
import Core
import Foundation
import Traffic
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ridematch traffic`: build and inspect the SQLite traffic database.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Build and inspect traffic databases (historical speeds by zone and hour of week).",
        subcommands: [Import.self, Show.self]
    )

    /// `ridematch traffic import SPEEDS.csv --db FILE.sqlite`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a speeds CSV into a new traffic database, replacing FILE.sqlite.",
            discussion: """
                The CSV needs the columns zone_id, lat, lon, hour_of_week (0 = Monday 00:00 UTC), \
                speed_kmh; extra columns are ignored. Every zone needs all 168 hours. The database \
                is built in a temporary file beside FILE.sqlite and renamed at the end, so a failed \
                import leaves any existing file untouched.
                """
        )

        @Argument(help: ArgumentHelp("The speeds CSV file.", valueName: "SPEEDS.csv"))
        var speeds: String

        @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database to create or replace.", valueName: "FILE.sqlite"))
        var database: String

        func run() throws {
            let csvURL = URL(fileURLWithPath: speeds)
            let target = URL(fileURLWithPath: database)
            try checkTarget(target, csv: csvURL)
            let directory = target.deletingLastPathComponent()
            let temporary = directory.appendingPathComponent(
                ".\(target.lastPathComponent).import-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
            defer { try? FileManager.default.removeItem(at: temporary) }  // gone after the rename
            let summary: ImportSummary
            do {
                summary = try TrafficDatabase.importSpeeds(csv: csvURL, csvDisplayPath: speeds, database: temporary)
            } catch var error as TrafficError where error.file == temporary.path {
                error.file = database
                throw error
            }
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw TrafficError(file: database, message: "cannot replace: \(reason)")
            }
            print("imported \(summary.zoneCount) zones, \(summary.rowCount) rows into \(database)")
        }

        /// Refuses targets that are directories, in missing directories, the CSV itself, or
        /// existing files that are not SQLite databases (so a typo cannot overwrite data).
        private func checkTarget(_ target: URL, csv: URL) throws {
            let files = FileManager.default
            if target.standardizedFileURL.resolvingSymlinksInPath() == csv.standardizedFileURL.resolvingSymlinksInPath() {
                throw TrafficError(file: database, message: "the database must not be the CSV file itself")
            }
            var isDirectory: ObjCBool = false
            let parent = target.deletingLastPathComponent()
            guard files.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                let shown = (database as NSString).deletingLastPathComponent
                throw TrafficError(file: database, message: "directory \(shown.isEmpty ? "." : shown) does not exist")
            }
            if files.fileExists(atPath: target.path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    throw TrafficError(file: database, message: "is a directory, expected a SQLite file")
                }
                let header = (try? FileHandle(forReadingFrom: target))
                    .flatMap { handle in defer { try? handle.close() }; return try? handle.read(upToCount: 16) } ?? Data()
                if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
                    throw TrafficError(file: database, message: "exists and is not a SQLite database; refusing to replace it")
                }
            }
        }
    }

    /// `ridematch traffic show --db FILE.sqlite`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Summarize a traffic database: zones, rows, speeds by hour, slowest and fastest zones."
        )

        @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite traffic database.", valueName: "FILE.sqlite"))
        var database: String

        func run() throws {
            print(try TrafficDatabase.describe(URL(fileURLWithPath: database), displayPath: database))
        }
    }
}
