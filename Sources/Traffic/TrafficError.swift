import Core

/// A problem with a traffic speeds CSV file or a traffic database, as one line that names
/// the file, the line (for CSV files) and the column or field:
///
///     data/x.csv:14: speed_kmh: must be a number > 0, got 'fast'
///     data/t.sqlite: zone 3: missing hours 17
///
/// The command line prints it as `error: <description>` and exits with status 2.
public struct TrafficError: InputError, Equatable {
    /// The file as the user named it (`data/x.csv`), or `traffic table` for a table built in memory.
    public var file: String
    /// The 1-based line in a CSV file, when the problem is on one line.
    public var line: Int?
    /// The column, field or zone the problem is about (`speed_kmh`, `zone 7`), if any.
    public var field: String?
    /// What is wrong, without the file, line and field.
    public var message: String

    /// Creates an error about `file`, optionally at `line` and in `field`.
    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// The one-line message: `file[:line]: [field: ]message`.
    public var description: String {
        locatedMessage(file: file, line: line, field: field, message: message)
    }
}

/// Formats sorted, distinct hours as compact ranges: `[0, 1, 2, 3, 4, 5, 30]` -> `0-5, 30`.
func formatHourRanges(_ hours: [Int]) -> String {
    var parts: [String] = []
    var index = 0
    while index < hours.count {
        var end = index
        while end + 1 < hours.count && hours[end + 1] == hours[end] + 1 { end += 1 }
        parts.append(end == index ? "\(hours[index])" : "\(hours[index])-\(hours[end])")
        index = end + 1
    }
    return parts.joined(separator: ", ")
}
