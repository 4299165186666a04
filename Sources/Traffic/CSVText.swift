import Core
import CSV
import Foundation

/// What every CSV reader of ridematch shares: reading a file whole, checking UTF-8, finding
/// columns by header name and parsing fields with errors that name file, line and column.
public enum CSVText {
    /// The bytes of the CSV file at `url`, read whole: on Linux a file-backed InputStream
    /// reports bytes available at end of file, which CSVReader turns into a spurious read
    /// error; a data-backed stream ends cleanly.
    /// - Throws: ``TrafficError``: missing file, a directory, unreadable.
    public static func readFile(_ url: URL, displayPath file: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TrafficError(file: file, message: "file not found")
        }
        guard !isDirectory.boolValue else { throw TrafficError(file: file, message: "is a directory, expected a CSV file") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TrafficError(file: file, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// The header's names, trimmed and lower-cased, without a byte-order mark.
    public static func normalizedHeader(_ row: [String]) -> [String] {
        row.enumerated().map { index, name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            return index == 0 && trimmed.hasPrefix("\u{FEFF}") ? String(trimmed.dropFirst()) : trimmed
        }
    }

    /// An integer field in `range`, or an error naming file, line and column.
    public static func parseInt(_ text: String, file: String, line: Int, column: String,
                                 range: ClosedRange<Int>, expectation: String) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw TrafficError(file: file, line: line, field: column, message: "\(expectation), got '\(text)'")
        }
        return value
    }

    /// A finite number field passing `valid`, or an error naming file, line and column.
    public static func parseDouble(_ text: String, file: String, line: Int, column: String,
                                    valid: (Double) -> Bool, expectation: String) throws -> Double {
        guard let value = Double(text), value.isFinite, valid(value) else {
            throw TrafficError(file: file, line: line, field: column, message: "\(expectation), got '\(text)'")
        }
        return value
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8, if any.
    public static func firstLineWithInvalidUTF8(_ data: Data) -> Int? {
        if String(validating: data, as: UTF8.self) != nil { return nil }
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return index + 1
        }
        return nil
    }

    /// Line breaks inside quoted fields, so line numbers stay right after multi-line fields.
    public static func newlineCount(_ row: [String]) -> Int {
        row.reduce(0) { $0 + $1.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
    }

    /// A CSV reader error as a short reason.
    public static func describe(_ error: Error) -> String {
        switch error {
        case CSVError.unicodeDecoding: return "not valid UTF-8 text"
        case CSVError.cannotOpenFile: return "cannot open the file"
        case CSVError.cannotReadFile: return "cannot read the file"
        case CSVError.streamErrorHasOccurred(let underlying): return "\(underlying.localizedDescription)"
        default: return "\(error)"
        }
    }

    /// Where each of `columns` is in the header, or a header error (a column twice, missing ones).
    public static func columnPositions(header: [String], columns: [String], file: String) throws -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns.contains(name) {
            if positions[name] != nil {
                throw TrafficError(file: file, line: 1, field: "header", message: "column '\(name)' appears twice")
            }
            positions[name] = index
        }
        let missing = columns.filter { positions[$0] == nil }
        if !missing.isEmpty {
            throw TrafficError(
                file: file, line: 1, field: "header",
                message: "expected columns \(columns.joined(separator: ", ")), got \(header.joined(separator: ", ")) "
                    + "(missing \(missing.joined(separator: ", ")))")
        }
        return positions
    }
}
