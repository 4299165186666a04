import Core

/// A problem with a traffic speeds CSV file or a traffic database, as one line that names
/// the file, the line (for CSV files) and the column or field:
///
///     data/x.csv:14: speed_kmh: must be a number > 0, got 'fast'
///     data/t.sqlite: zone 3: missing hours 17
///
/// The command line prints it as `error: <description>` and exits with status 2.
public typealias TrafficError = LocatedError

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
