import ArgumentParser
import Core
import Foundation
import RoadNetwork

/// `ridematch network`: import OpenStreetMap extracts into road-network databases and inspect them.
struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Import and inspect road networks (OpenStreetMap extracts as SQLite road graphs).",
        subcommands: [
            NetworkImport.self, NetworkShow.self, NetworkRoute.self, NetworkSpeeds.self,
        ]
    )
}

/// `ridematch network import FILE.osm.pbf|FILE.osm --db NET.sqlite`.
struct NetworkImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an OpenStreetMap extract (PBF or XML) or an OSMnx graph (GraphML or node-link JSON) into a new road-network database, replacing NET.sqlite.",
        discussion: """
            Keeps the ways a car may drive (highway=motorway…service and the _links, not access=no/private, \
            not area=yes), one directed edge per consecutive node pair and allowed direction, and only the \
            largest strongly connected component; reports what was dropped. Writes default speeds by road \
            class and hour of week. The database is built in a temporary file beside NET.sqlite and renamed \
            at the end, so a failed import leaves any existing file untouched. An OSMnx graph (osmnx.save_graphml, \
            networkx.node_link_data) keeps its node ids and edges as given, with their length, highway, maxspeed, \
            osmid and travel_time (or speed_kph) where present. See docs/networks.md.
            """
    )

    @Argument(help: ArgumentHelp("The OpenStreetMap extract (.osm.pbf or .osm) or OSMnx graph (.graphml or .json).", valueName: "FILE"))
    var input: String

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database to create or replace.", valueName: "NET.sqlite"))
    var database: String

    func run() throws {
        let inputURL = URL(fileURLWithPath: input)
        let target = try DatabaseTarget(database, input: inputURL, inputKind: "network file") { [database] in
            NetworkImportError(file: database, message: $0)
        }
        var graph: RoadGraph?
        try target.write { temporary in
            graph = try NetworkImporter.importFile(inputURL, displayPath: input, database: temporary,
                                                   databaseDisplayPath: database)
        }
        let s = graph!.statistics
        let read = s.nodesRead > 0 ? "\(s.nodesRead) nodes and \(s.edgesRead) edges read"
            : "\(s.waysDrivable) of \(s.waysRead) ways drivable"
        print("""
            imported \(graph!.osmIDs.count) nodes, \(graph!.sources.count) edges into \(database) \
            (\(read); largest of \(s.components) strongly connected \
            components kept, \(s.droppedNodes) nodes and \(s.droppedEdges) edges dropped)
            """)
    }
}

/// `ridematch network show --db NET.sqlite [--json]`.
struct NetworkShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarize a road-network database: nodes, edges, km by road class, bounding box, components."
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite road-network database.", valueName: "NET.sqlite"))
    var database: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let summary = try NetworkSummary.read(URL(fileURLWithPath: database), displayPath: database)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.text)
        }
    }
}

/// `ridematch network speeds import FILE.csv --db NET.sqlite`.
struct NetworkSpeeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speeds",
        abstract: "Historical travel times per edge and hour of week in a road-network database.",
        subcommands: [NetworkSpeedsImport.self]
    )
}

/// `ridematch network speeds import FILE.csv --db NET.sqlite`: measured hourly edge times.
struct NetworkSpeedsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import travel times per edge and hour of week (u,v,hour_of_week,seconds or speed_kmh) into NET.sqlite.",
        discussion: """
            u and v are node ids as the network's source gives them (network route prints them); hour_of_week 0 is \
            Monday 00:00–01:00 local time at --utc-offset (default UTC); the database keeps UTC hours, as \
            class_speeds does. Every edge listed needs all 168 hours; the others keep \
            their class speeds. Replaces the hourly times NET.sqlite held; all or nothing: on any bad row NET.sqlite \
            is left as it was. Runs on the network then use these times (routes stay exact). See docs/networks.md.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file of hourly edge times.", valueName: "FILE.csv"))
    var input: String

    @Option(name: .customLong("db"), help: ArgumentHelp("The road-network database to update.", valueName: "NET.sqlite"))
    var database: String

    @Option(name: .customLong("utc-offset"), parsing: .unconditional,
            help: ArgumentHelp("The file's hours are local at this offset from UTC, whole hours (e.g. -05:00 for New York standard time).",
                               valueName: "±HH:MM"))
    var utcOffset: String = "+00:00"

    func run() throws {
        let inputURL = URL(fileURLWithPath: input), databaseURL = URL(fileURLWithPath: database)
        let offsetHours = try Self.parseOffsetHours(utcOffset)
        let target = try DatabaseTarget(database, input: inputURL, inputKind: "CSV file") { [database] in
            NetworkImportError(file: database, message: $0)
        }
        var summary: EdgeHourTimes.Summary?
        try target.write { temporary in
            try FileManager.default.copyItem(at: databaseURL, to: temporary)
            summary = try EdgeHourTimes.importFile(inputURL, displayPath: input, database: temporary, databaseDisplayPath: database,
                                                   utcOffsetHours: offsetHours)
        }
        let s = summary!
        let hours = offsetHours == 0 ? "UTC hours" : "local hours at UTC\(offsetHours > 0 ? "+" : "−")\(abs(offsetHours)), stored as UTC"
        print("imported \(s.rows) hourly times (\(hours)) for \(s.edges) of \(s.networkEdges) edges into \(database)")
    }

    /// `±HH:MM`, `±HH` or `Z` as whole hours from UTC (−12…+14).
    static func parseOffsetHours(_ text: String) throws -> Int {
        let problem = InputProblem("--utc-offset: expected a whole-hour offset such as -05:00, +01:00 or Z, got '\(text)'")
        if text == "Z" || text == "UTC" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { throw problem }
        let parts = text.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy({ ("0"..."9").contains($0) }) }),
              let hours = Int(parts[0]), (0...14).contains(hours) else { throw problem }
        if parts.count == 2, parts[1] != "00" {
            throw InputProblem("--utc-offset: hourly times need a whole-hour offset, got '\(text)'")
        }
        let value = sign == "-" ? -hours : hours
        guard (-12...14).contains(value) else { throw problem }
        return value
    }
}
