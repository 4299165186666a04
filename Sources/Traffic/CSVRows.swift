import CSV
import Foundation

/// A CSV table read row by row after its header, the loop every table importer shares:
/// UTF-8 checked first, the header trimmed and lower-cased, blank lines skipped, short rows
/// refused, and line numbers that count the line breaks inside quoted fields. Every error is
/// a ``TrafficError`` naming the file and, where there is one, the line.
public struct CSVRows {
    /// The file's name in messages.
    public let file: String
    /// The header's names (``CSVText/normalizedHeader(_:)``).
    public let header: [String]
    /// The line of the row ``next()`` returned last (1: the header).
    public private(set) var line: Int
    private let reader: CSVReader
    private var pendingNewlines: Int

    /// Starts reading `data`; `expected` names the columns for the message of an empty file
    /// ("empty file, expected a header row: EXPECTED").
    /// - Throws: ``TrafficError``: not UTF-8, empty, unreadable.
    public init(_ data: Data, file: String, expected: String) throws {
        if let bad = CSVText.firstLineWithInvalidUTF8(data) { throw TrafficError(file: file, line: bad, message: "not valid UTF-8 text") }
        do {
            reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: true, trimFields: true)
        } catch CSVError.cannotReadHeaderRow {
            throw TrafficError(file: file, message: "empty file, expected a header row: \(expected)")
        } catch {
            throw TrafficError(file: file, message: "cannot read: \(CSVText.describe(error))")
        }
        self.file = file
        header = CSVText.normalizedHeader(reader.headerRow ?? [])
        line = 1
        pendingNewlines = CSVText.newlineCount(reader.headerRow ?? [])
    }

    /// Where each of `columns` is in the header (``CSVText/columnPositions(header:columns:file:)``).
    public func positions(of columns: [String]) throws -> [String: Int] {
        try CSVText.columnPositions(header: header, columns: columns, file: file)
    }

    /// The next row that is not blank, with at least as many fields as the header; nil at the
    /// end of the file.
    /// - Throws: ``TrafficError``: a short row, a read error.
    public mutating func next() throws -> [String]? {
        while let row = reader.next() {
            line += 1 + pendingNewlines
            pendingNewlines = CSVText.newlineCount(row)
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count >= header.count else {
                throw TrafficError(file: file, line: line, message: "row has \(row.count) fields, the header has \(header.count)")
            }
            return row
        }
        if let error = reader.error { throw TrafficError(file: file, line: line + pendingNewlines, message: "cannot read: \(CSVText.describe(error))") }
        return nil
    }
}
