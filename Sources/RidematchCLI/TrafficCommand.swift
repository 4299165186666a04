import ArgumentParser
import Core
import Foundation
import Traffic

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
            let target = try DatabaseTarget(database, input: csvURL, inputKind: "CSV file") { [database] in
                TrafficError(file: database, message: $0)
            }
            var summary: ImportSummary?
            try target.write { temporary in
                do {
                    summary = try TrafficDatabase.importSpeeds(csv: csvURL, csvDisplayPath: speeds, database: temporary)
                } catch var error as TrafficError where error.file == temporary.path {
                    error.file = database
                    throw error
                }
            }
            print("imported \(summary!.zoneCount) zones, \(summary!.rowCount) rows into \(database)")
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
