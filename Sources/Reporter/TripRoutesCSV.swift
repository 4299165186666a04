import Core
import Foundation
import Simulator

extension ReportFiles {
    /// trip_routes.csv of a run on a road network: `request_id,route`, one row per completed
    /// trip in request-id order, the route its road path as `lon lat;lon lat;…` (6 decimals),
    /// first position the pickup, last the drop-off. `ridematch export geojson` reads it.
    public static func tripRoutesCSV(_ run: RunResult) -> String {
        var s = ""
        tripRoutesCSV(run) { s += $0 }
        return s
    }

    /// Writes trip_routes.csv to `url` in chunks of about `chunkBytes` (1 MB): a network day's
    /// routes are hundreds of MB of text, never held in memory whole.
    public static func writeTripRoutesCSV(_ run: RunResult, to url: URL, chunkBytes: Int = 1 << 20) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw ReportWriteError(description: "cannot write \(url.path)")
        }
        defer { try? handle.close() }
        var failure: (any Error)?
        tripRoutesCSV(run, chunkBytes: max(1, chunkBytes)) { chunk in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { failure = error }
        }
        if let failure { throw ReportWriteError(description: "cannot write \(url.path): \(failure.localizedDescription)") }
    }

    /// The file's text, handed to `emit` in pieces of at least `chunkBytes` (the last may be shorter).
    static func tripRoutesCSV(_ run: RunResult, chunkBytes: Int = 0, emit: (String) -> Void) {
        var s = "request_id,route\n"
        for route in run.tripRoutes.sorted(by: { $0.request < $1.request }) {
            s += String(route.request) + ","
            s += route.points.map { Format.fixed($0.lon, 6) + " " + Format.fixed($0.lat, 6) }.joined(separator: ";")
            s += "\n"
            if s.utf8.count >= chunkBytes, chunkBytes > 0 {
                emit(s)
                s.removeAll(keepingCapacity: true)
            }
        }
        if !s.isEmpty { emit(s) }
    }
}
