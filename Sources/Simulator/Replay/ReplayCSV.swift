import Core
import CSV
import Foundation

#if canImport(Glibc)
import Glibc
private func sysOpen(_ path: String) -> Int32 { Glibc.open(path, O_RDONLY) }
private func sysRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int { Glibc.read(fd, buffer, n) }
private func sysClose(_ fd: Int32) { _ = Glibc.close(fd) }
#elseif canImport(Darwin)
import Darwin
private func sysOpen(_ path: String) -> Int32 { Darwin.open(path, O_RDONLY) }
private func sysRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int { Darwin.read(fd, buffer, n) }
private func sysClose(_ fd: Int32) { _ = Darwin.close(fd) }
#endif

/// An `InputStream` over a file that reads it in fixed chunks with POSIX `read`, so a
/// trip table is streamed, never loaded whole. It reports `hasBytesAvailable` exactly
/// (Foundation's file-backed stream on Linux claims bytes at end of file, which the CSV
/// reader turns into a spurious read error).
final class ChunkedFileStream: InputStream {
    private let descriptor: Int32
    private var chunk: UnsafeMutablePointer<UInt8>
    private let capacity = 1 << 16
    private var count = 0
    private var position = 0
    private var ended = false
    private var status: Stream.Status = .notOpen
    private var failure: Error?

    /// Opens `path` for reading, or returns nil when it cannot be opened.
    init?(path: String) {
        let fd = sysOpen(path)
        guard fd >= 0 else { return nil }
        descriptor = fd
        chunk = .allocate(capacity: capacity)
        super.init(data: Data())
    }

    deinit {
        if status != .closed { sysClose(descriptor) }
        chunk.deallocate()
    }

    override func open() { if status == .notOpen { status = .open } }

    override func close() {
        if status != .closed { sysClose(descriptor) }
        status = .closed
    }

    override var streamStatus: Stream.Status { status }
    override var streamError: Error? { failure }

    override var hasBytesAvailable: Bool {
        if position < count { return true }
        refill()
        return position < count
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        if position >= count { refill() }
        if failure != nil { return -1 }
        let n = min(maxLength, count - position)
        guard n > 0 else { return 0 }
        buffer.update(from: chunk + position, count: n)
        position += n
        return n
    }

    private func refill() {
        guard !ended, failure == nil, status == .open else { return }
        var n: Int
        repeat { n = sysRead(descriptor, chunk, capacity) } while n < 0 && errno == EINTR
        if n < 0 {
            failure = POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            status = .error
            count = 0
        } else {
            if n == 0 { ended = true; status = .atEnd }
            count = n
        }
        position = 0
    }
}

/// Shared plumbing of the CSV readers (trip tables, drivers files, report CSVs read back by
/// `ridematch export`): opening a CSV file as a stream, reading its header, finding columns
/// by name (with aliases), and tracking line numbers.
public struct ReplayCSV {
    /// The file as the user wrote it (for messages).
    public let file: String
    /// The CSV reader, positioned after the header.
    let reader: CSVReader
    /// Normalised header names (trimmed, lower case, BOM removed).
    public let header: [String]
    /// The 1-based line of the last row returned.
    public private(set) var line: Int
    private var pendingNewlines = 0
    private var failedLine: Int?

    /// Data rows of a CSV file with a header (line count − 1), counted without parsing;
    /// 0 when the file cannot be read. For estimates before a run.
    public static func dataRows(of url: URL) -> Int {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return 0 }
        defer { try? handle.close() }
        var lines = 0, last: UInt8 = 10
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for byte in chunk where byte == 10 { lines += 1 }
            last = chunk.last ?? last
        }
        if last != 10 { lines += 1 }
        return max(0, lines - 1)
    }

    /// Opens `url` and reads its header; any problem is a located ``InputProblem``.
    public init(url: URL, file: String) throws {
        self.file = file
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputProblem(locatedMessage(file: file, line: nil, field: nil, message: "file not found"))
        }
        guard !isDirectory.boolValue else {
            throw InputProblem(locatedMessage(file: file, line: nil, field: nil, message: "is a directory, expected a CSV file"))
        }
        guard let stream = ChunkedFileStream(path: url.path) else {
            throw InputProblem(locatedMessage(file: file, line: nil, field: nil,
                                              message: "cannot open: \(String(cString: strerror(errno)))"))
        }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch CSVError.cannotReadHeaderRow {
            throw InputProblem(locatedMessage(file: file, line: 1, field: "header", message: "empty file, expected a header row"))
        } catch {
            throw InputProblem(locatedMessage(file: file, line: 1, field: "header", message: "cannot read: \(ReplayCSV.describe(error))"))
        }
        if let error = reader.error {
            throw InputProblem(locatedMessage(file: file, line: 1, field: "header", message: "cannot read: \(ReplayCSV.describe(error))"))
        }
        header = (reader.headerRow ?? []).enumerated().map { index, name in
            var trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            if index == 0, trimmed.hasPrefix("\u{FEFF}") { trimmed.removeFirst() }
            return trimmed
        }
        line = 1
        pendingNewlines = ReplayCSV.newlineCount(reader.headerRow ?? [])
    }

    /// The position of a required column, accepting any of `names` (first is canonical).
    public func required(_ names: [String]) throws -> Int {
        if let position = try optional(names) { return position }
        let also = names.count > 1 ? " (or \(names.dropFirst().joined(separator: ", ")))" : ""
        throw InputProblem(locatedMessage(
            file: file, line: 1, field: names[0],
            message: "required column missing\(also); header is: \(header.joined(separator: ", "))"))
    }

    /// The position of an optional column, accepting any of `names`; two of them is an error.
    public func optional(_ names: [String]) throws -> Int? {
        let found = names.compactMap { name in header.firstIndex(of: name).map { (name, $0) } }
        for name in names where header.filter({ $0 == name }).count > 1 {
            throw InputProblem(locatedMessage(file: file, line: 1, field: name, message: "column appears twice"))
        }
        if found.count > 1 {
            throw InputProblem(locatedMessage(
                file: file, line: 1, field: found[0].0,
                message: "columns \(found.map(\.0).joined(separator: " and ")) mean the same; keep one"))
        }
        return found.first?.1
    }

    /// The next non-blank row and its line, or nil at the end (check ``readError()``).
    public mutating func next() -> [String]? {
        while let row = reader.next() {
            line += 1 + pendingNewlines
            pendingNewlines = ReplayCSV.newlineCount(row)
            // A read error ends the row early: it is the failing line, not a row.
            if reader.error != nil { failedLine = line; return nil }
            if row.count == 1 && row[0].isEmpty { continue }  // blank line: not a row
            return row
        }
        return nil
    }

    /// A located error if the reader stopped because the file could not be read.
    public func readError() -> InputProblem? {
        guard let error = reader.error else { return nil }
        return InputProblem(locatedMessage(file: file, line: failedLine ?? line + 1 + pendingNewlines, field: nil,
                                           message: "cannot read: \(ReplayCSV.describe(error))"))
    }

    /// Line breaks inside quoted fields, so line numbers stay right after multi-line fields.
    private static func newlineCount(_ row: [String]) -> Int {
        row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case CSVError.unicodeDecoding: "not valid UTF-8 text"
        case CSVError.cannotOpenFile: "cannot open the file"
        case CSVError.cannotReadFile: "cannot read the file"
        case CSVError.streamErrorHasOccurred(let underlying): "\(underlying.localizedDescription)"
        default: "\(error)"
        }
    }
}
