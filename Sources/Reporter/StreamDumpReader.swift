import Core
import Foundation
import Streams

/// Reads the engine's input streams back from a stream dump (`streams/<stream>.csv`, as
/// ``StreamDumpWriter`` writes them) and hands out their records merged in the order the
/// engine received them: by arrival time, ties by global sequence (``Record/sequence``).
///
/// Files are read in chunks, so memory stays flat however long the dump. Any row that is
/// not a record as the writer writes it throws an ``InputProblem`` naming the file, the
/// line and the column.
public struct StreamDumpReader {
    private var files: [StreamFile]
    private var heads: [Record?]

    /// Opens the four input files in `folder` (`display` names them in errors) and reads their first rows.
    public init(folder: URL, display: (URL) -> String) throws {
        files = try StreamName.engineInputs.map { stream in
            try StreamFile(url: folder.appendingPathComponent("\(stream.rawValue).csv"), stream: stream, display: display)
        }
        heads = []
        for i in files.indices { heads.append(try files[i].next()) }
    }

    /// The next record in arrival order, or nil after the last.
    public mutating func next() throws -> Record? {
        var best = -1
        for i in heads.indices {
            guard let h = heads[i] else { continue }
            if best < 0 { best = i; continue }
            let b = heads[best]!
            if (h.arrivalTime, h.sequence) < (b.arrivalTime, b.sequence) { best = i }
        }
        guard best >= 0 else { return nil }
        let record = heads[best]
        heads[best] = try files[best].next()
        return record
    }
}

/// One stream's CSV file, read row by row.
private struct StreamFile {
    let stream: StreamName
    let display: String
    private var lines: LineReader
    private var line = 1
    private var lastArrival = Millis.min

    init(url: URL, stream: StreamName, display: (URL) -> String) throws {
        self.stream = stream
        self.display = display(url)
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputProblem("\(self.display): cannot read (missing stream file?)")
        }
        lines = LineReader(handle: handle)
        let expected = (StreamDumpWriter.commonColumns + StreamDumpWriter.payloadColumns(of: stream)).joined(separator: ",")
        let header = try lines.next()
        guard header == expected else {
            throw InputProblem(locatedMessage(
                file: self.display, line: 1, field: "header", message: "expected '\(expected)', got '\(header ?? "")'"))
        }
    }

    mutating func next() throws -> Record? {
        guard let text = try lines.next(), !text.isEmpty else { return nil }
        line += 1
        var fields = text.split(separator: ",", omittingEmptySubsequences: false)
        let columns = StreamDumpWriter.commonColumns + StreamDumpWriter.payloadColumns(of: stream)
        guard fields.count == columns.count else {
            throw problem(nil, "expected \(columns.count) columns, got \(fields.count)")
        }
        func int<T: FixedWidthInteger>(_ i: Int) throws -> T {
            guard let n = T(fields[i]) else { throw problem(columns[i], "not a whole number: '\(fields[i])'") }
            return n
        }
        func real(_ i: Int) throws -> Double {
            guard let x = Double(fields[i]), x.isFinite else { throw problem(columns[i], "not a number: '\(fields[i])'") }
            return x
        }
        func time(_ i: Int) throws -> Millis { .fromSeconds(try real(i)) }
        guard let source = RecordSource.allCases.first(where: { $0.description == fields[2] }) else {
            throw problem("source", "unknown source '\(fields[2])'")
        }
        let payload: Record.Payload
        switch stream {
        case .rideRequests:
            // A rider who accepts sharing: the last field reads `<dest_y>;shares`.
            let shares = fields[10].hasSuffix(";shares")
            if shares { fields[10] = fields[10].dropLast(";shares".count) }
            payload = .request(RideRequest(
                origin: PlanePoint(x: try real(7), y: try real(8)), destination: PlanePoint(x: try real(9), y: try real(10)),
                shares: shares))
        case .driverLocations:
            payload = .location(PlanePoint(x: try real(7), y: try real(8)))
        case .driverStatus:
            if let colon = fields[7].firstIndex(of: ":") {
                // A stop event: `pickup:<request>`, `dropoff:<request>`, `withdrawn:<request>` or `reassigned:<request>`.
                let name = fields[7][..<colon]
                guard let event = [StopEvent.pickup, .dropoff, .withdrawn, .reassigned].first(where: { $0.description == name }),
                    let request = Int32(fields[7][fields[7].index(after: colon)...])
                else { throw problem("status", "unknown stop event '\(fields[7])'") }
                payload = .stop(request: request, event: event)
            } else {
                guard let status = [DriverStatus.available, .busy, .offline].first(where: { $0.description == fields[7] }) else {
                    throw problem("status", "unknown status '\(fields[7])'")
                }
                payload = .status(status)
            }
        case .riderCancels:
            payload = .cancel
        case .matches:
            payload = .match(driver: try int(7), quotedPickupEta: try real(8), quotedFare: try real(9))
        }
        var record = Record(
            key: try int(1), eventTime: try time(3), arrivalTime: try time(4), payload: payload, source: source,
            offset: try int(0))
        record.sequence = try int(5)
        record.ticks = try int(6)
        guard record.offset == Int64(line - 2) else { throw problem("offset", "expected \(line - 2), got \(record.offset)") }
        guard record.arrivalTime >= lastArrival else { throw problem("arrival_time_s", "earlier than the row before it") }
        lastArrival = record.arrivalTime
        return record
    }

    private func problem(_ field: String?, _ message: String) -> InputProblem {
        InputProblem(locatedMessage(file: display, line: line, field: field, message: message))
    }
}

/// Lines of a file, read in 1 MiB chunks.
private struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    /// The next line without its line break, or nil at the end of the file.
    mutating func next() throws -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: buffer[start..<nl], as: UTF8.self)
                start = nl + 1
                return text
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let text = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return text
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
