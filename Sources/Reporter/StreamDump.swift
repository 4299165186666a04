import Core
import Foundation
import Streams

/// Writes every stream of a run as CSV, in log (offset) order, while the run goes:
/// `<report>/streams/<stream-name>.csv` with columns `offset,key,source,event_time_s,
/// arrival_time_s,seq,ticks` and the stream's payload columns (``payloadColumns(of:)``).
/// Positions are written at full precision (the shortest text that reads back as the same
/// double), so ``StreamDumpReader`` rebuilds every record exactly.
///
/// Rows are buffered and appended to files in a private staging folder, so memory stays
/// flat however long the run; ``ReportWriter`` moves the files into the report's own
/// staging folder, so a failed run leaves no partial dump. Positions are metres on the
/// scenario's local plane (x east, y north of the city centre) — exactly what the engine saw.
public final class StreamDumpWriter: StreamTap {
    /// The folder the CSV files are written to until the report takes them.
    public let folder: URL
    private var handles: [FileHandle] = []
    private var buffers: [String]
    private var failure: (any Error)?
    private static let flushBytes = 1 << 18

    /// Common columns of every stream file.
    public static let commonColumns = ["offset", "key", "source", "event_time_s", "arrival_time_s", "seq", "ticks"]

    /// The payload columns of one stream's file.
    public static func payloadColumns(of stream: StreamName) -> [String] {
        switch stream {
        case .rideRequests: ["origin_x_m", "origin_y_m", "dest_x_m", "dest_y_m"]
        case .driverLocations: ["x_m", "y_m"]
        case .driverStatus: ["status"]
        case .riderCancels: []
        case .matches: ["driver_id", "pickup_eta_quoted_s", "fare_quoted"]
        }
    }

    /// The file name of one stream inside the report folder.
    public static func fileName(of stream: StreamName) -> String { "streams/\(stream.rawValue).csv" }

    /// Creates the staging folder `folder` and one file per stream with its header; throws a
    /// ``ReportWriteError`` naming the folder if it cannot.
    public init(folder: URL) throws {
        self.folder = folder
        let fm = FileManager.default
        buffers = StreamName.allCases.map { stream in
            ((StreamDumpWriter.commonColumns + StreamDumpWriter.payloadColumns(of: stream)).joined(separator: ",")) + "\n"
        }
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            for stream in StreamName.allCases {
                let url = folder.appendingPathComponent("\(stream.rawValue).csv")
                guard fm.createFile(atPath: url.path, contents: nil) else {
                    throw ReportWriteError(description: "cannot create \(url.path)")
                }
                handles.append(try FileHandle(forWritingTo: url))
            }
        } catch {
            discard()
            throw error as? ReportWriteError
                ?? ReportWriteError(description: "cannot write stream dump in \(folder.path): \(error.localizedDescription)")
        }
    }

    /// Appends one record's row to its stream's file.
    public func append(_ record: Record) {
        let i = StreamName.allCases.firstIndex(of: record.stream)!
        buffers[i] += StreamDumpWriter.row(record)
        buffers[i] += "\n"
        if buffers[i].utf8.count >= StreamDumpWriter.flushBytes { flush(i) }
    }

    /// One record's CSV row (no line break), columns as in the header of its stream's file.
    public static func row(_ record: Record) -> String {
        var row = String(record.offset) + "," + String(record.key) + "," + record.source.description + ","
            + Format.seconds(record.eventTime) + "," + Format.seconds(record.arrivalTime)
            + "," + String(record.sequence) + "," + String(record.ticks)
        switch record.payload {
        case .request(let r):
            row += "," + exact(r.origin.x) + "," + exact(r.origin.y) + "," + exact(r.destination.x) + "," + exact(r.destination.y)
            if r.shares { row += ";shares" }
        case .location(let p):
            row += "," + exact(p.x) + "," + exact(p.y)
        case .status(let s):
            row += "," + s.description
        case .stop(let request, let event):
            row += "," + event.description + ":" + String(request)
        case .cancel:
            break
        case .match(let driver, let eta, let fare):
            row += "," + String(driver) + "," + Format.fixed(eta, 3) + "," + Format.fixed(fare, 2)
        }
        return row
    }

    /// The shortest decimal text that reads back as exactly `x`.
    private static func exact(_ x: Double) -> String { x.description }

    private func flush(_ i: Int) {
        guard failure == nil, !buffers[i].isEmpty else { return }
        do {
            try handles[i].write(contentsOf: Data(buffers[i].utf8))
        } catch {
            failure = error
        }
        buffers[i].removeAll(keepingCapacity: true)
    }

    /// Flushes and closes every file, and writes `manifest` (the run's description, see
    /// ``StreamManifest``) as `streams/scenario.yaml` beside them; throws the first write
    /// error of the run, if any. Returns the files as (name inside the report folder, current location).
    public func finish(manifest: String? = nil) throws -> [(name: String, file: URL)] {
        for i in buffers.indices { flush(i) }
        var files: [(name: String, file: URL)] = []
        if let manifest, failure == nil {
            let url = folder.appendingPathComponent(StreamManifest.fileName)
            do {
                try Data(manifest.utf8).write(to: url)
                files.append(("streams/" + StreamManifest.fileName, url))
            } catch {
                failure = error
            }
        }
        for handle in handles { try? handle.close() }
        handles.removeAll()
        if let failure {
            throw ReportWriteError(description: "cannot write stream dump in \(folder.path): \(failure.localizedDescription)")
        }
        return StreamName.allCases.map {
            (StreamDumpWriter.fileName(of: $0), folder.appendingPathComponent("\($0.rawValue).csv"))
        } + files
    }

    /// Removes the staging folder and whatever is left in it.
    public func discard() {
        for handle in handles { try? handle.close() }
        handles.removeAll()
        try? FileManager.default.removeItem(at: folder)
    }
}
