import Core

/// Why a row of a replay file was rejected.
public enum RejectReason: String, Sendable, Equatable, CaseIterable {
    /// The row has fewer fields than the header.
    case badRow = "bad_row"
    /// A time cell is neither seconds nor an ISO-8601 date-time.
    case badTime = "bad_time"
    /// A coordinate is not a number, out of range, or the (0, 0) "missing" marker.
    case badCoordinates = "bad_coordinates"
    /// `patience_s` is not a number > 0.
    case badPatience = "bad_patience"
    /// The request time is before the start or at/after start + duration.
    case outsideHorizon = "outside_horizon"
    /// A point lies farther than `city.radius_km` from the centre.
    case outsideCity = "outside_city"
    /// A zone-id cell (`PULocationID`, `DOLocationID`, …) names no zone of `demand.zones`.
    case unknownZone = "unknown_zone"
    /// `driver_id` is empty.
    case badID = "bad_id"
    /// `driver_id` repeats an earlier accepted row's.
    case duplicateID = "duplicate_id"
    /// `shift_end` is not after `shift_start`.
    case badShift = "bad_shift"
}

/// One rejected row of a replay file (one row of rejected_rows.csv).
public struct RejectedRow: Sendable, Equatable {
    /// 1-based line in the file (the header is line 1).
    public var line: Int
    /// Why it was rejected.
    public var reason: RejectReason
    /// The column that failed.
    public var field: String
    /// The offending cell (up to 80 characters).
    public var value: String

    /// Creates a rejected row, clipping the value to 80 characters.
    public init(line: Int, reason: RejectReason, field: String, value: String) {
        self.line = line
        self.reason = reason
        self.field = field
        self.value = value.count > 80 ? String(value.prefix(80)) : value
    }
}

/// What a run did with one input file: rows read, accepted and rejected, with reasons.
public struct InputFileReport: Sendable, Equatable {
    /// Rejected rows kept with their details per file (rejected_rows.csv); beyond this they
    /// are only counted, so a month-long trip table replayed for one day stays small.
    public static let listedLimit = 10_000
    /// Which input: `trips` (demand.trips) or `drivers` (supply.drivers_file).
    public var kind: String
    /// The file as displayed to the user.
    public var file: String
    /// Data rows in the file (non-blank lines after the header).
    public var rows = 0
    /// Rows used by the run.
    public var accepted = 0
    /// Rows rejected (`rows = accepted + rejectedCount`).
    public private(set) var rejectedCount = 0
    /// The first ``listedLimit`` rejected rows, in file order.
    public private(set) var rejected: [RejectedRow] = []
    /// Set when the file could not be read to the end (or has no data rows): the run fails
    /// with this one-line located message (exit 2).
    public var readError: String?
    private var counts = [Int](repeating: 0, count: RejectReason.allCases.count)
    private var firstLines = [[Int]](repeating: [], count: RejectReason.allCases.count)
    private static let linesKept = 5

    /// Creates an empty report.
    public init(kind: String, file: String) {
        self.kind = kind
        self.file = file
    }

    /// Records a rejected row.
    mutating func reject(line: Int, _ reason: RejectReason, field: String, value: String) {
        let i = RejectReason.allCases.firstIndex(of: reason)!
        counts[i] += 1
        if firstLines[i].count < Self.linesKept { firstLines[i].append(line) }
        rejectedCount += 1
        if rejected.count < Self.listedLimit {
            rejected.append(RejectedRow(line: line, reason: reason, field: field, value: value))
        }
    }

    /// Rejected rows per reason, in ``RejectReason`` order (reasons with none left out):
    /// how many, and the first five lines.
    public var rejectedByReason: [(reason: RejectReason, count: Int, firstLines: [Int])] {
        RejectReason.allCases.enumerated().compactMap { i, reason in
            counts[i] == 0 ? nil : (reason, counts[i], firstLines[i])
        }
    }

    /// The one-line stderr warning, or nil when nothing was rejected:
    /// `data/x.csv: rejected 3 of 1000 rows (unknown_zone: 2 (lines 17, 18); outside_city: 1 (line 40))`,
    /// at most five line numbers per reason.
    public func warning() -> String? {
        guard rejectedCount > 0 else { return nil }
        let parts = rejectedByReason.map { reason, count, lines in
            let head = lines.map(String.init).joined(separator: ", ")
            let more = count > lines.count ? ", … \(count - lines.count) more" : ""
            return "\(reason.rawValue): \(count) (line\(count == 1 ? "" : "s") \(head)\(more))"
        }
        return "\(file): rejected \(rejectedCount) of \(rows) rows (\(parts.joined(separator: "; ")))"
    }
}
