import ArgumentParser
import Foundation
import Reporter

/// `ridematch export`: a run's report folder in other formats.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run's report folder in other formats.",
        subcommands: [GeoJSON.self]
    )

    /// `ridematch export geojson REPORT_DIR [--out DIR]`.
    struct GeoJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "geojson",
            abstract: "Write requests.geojson, trips.geojson and zones.geojson (RFC 7946) of a report folder.",
            discussion: """
                REPORT_DIR is a folder `ridematch run` wrote (<out>/<scenario>/<strategy>/); a run with \
                demand zones also gets demand_zones.geojson. The files \
                open as they are in kepler.gl, QGIS and geopandas; see docs/maps.md.
                """
        )

        @Argument(help: ArgumentHelp("The run's report folder.", valueName: "REPORT_DIR"))
        var folder: String

        @Option(name: .long, help: ArgumentHelp("Where to write the files (default: REPORT_DIR).", valueName: "DIR"))
        var out: String?

        func run() throws {
            let source = URL(fileURLWithPath: folder)
            let target = out.map { URL(fileURLWithPath: $0) } ?? source
            let counts = try GeoJSONExport.export(folder: source, display: folder, to: target)
            let demand = counts.demandZones > 0 ? ", \(counts.demandZones) demand zones" : ""
            print("wrote \(counts.requests) requests, \(counts.trips) trips, \(counts.zones) zones\(demand) as GeoJSON to \(target.path)")
        }
    }
}
