import Core
import Foundation
import Simulator

extension ReportFiles {
    /// trip_routes.csv of a run on a road network: `request_id,route`, one row per completed
    /// trip in request-id order, the route its road path as `lon lat;lon lat;…` (6 decimals),
    /// first position the pickup, last the drop-off. `ridematch export geojson` reads it.
    public static func tripRoutesCSV(_ run: RunResult) -> String {
        var s = ""
        tripRoutesCSV(run) { s += String(decoding: $0, as: UTF8.self) }
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
            do { try handle.write(contentsOf: Data(chunk)) } catch { failure = error }
        }
        if let failure { throw ReportWriteError(description: "cannot write \(url.path): \(failure.localizedDescription)") }
    }

    /// The file's UTF-8 bytes, handed to `emit` in pieces of at least `chunkBytes` (the last may
    /// be shorter). Built byte by byte (``Format/appendFixed(_:_:to:)``, the same digits as
    /// ``Format/fixed(_:_:)``): the text of a network day is hundreds of MB.
    static func tripRoutesCSV(_ run: RunResult, chunkBytes: Int = 0, emit: ([UInt8]) -> Void) {
        var s = Array("request_id,route\n".utf8)
        s.reserveCapacity(max(chunkBytes, 0) + (1 << 16))
        for route in run.tripRoutes.sorted(by: { $0.request < $1.request }) {
            Format.appendInteger(Int64(route.request), to: &s)
            s.append(UInt8(ascii: ","))
            for (i, p) in route.points.enumerated() {
                if i > 0 { s.append(UInt8(ascii: ";")) }
                Format.appendFixed(p.lon, 6, to: &s)
                s.append(UInt8(ascii: " "))
                Format.appendFixed(p.lat, 6, to: &s)
            }
            s.append(UInt8(ascii: "\n"))
            if s.count >= chunkBytes, chunkBytes > 0 {
                emit(s)
                s.removeAll(keepingCapacity: true)
            }
        }
        if !s.isEmpty { emit(s) }
    }
}
