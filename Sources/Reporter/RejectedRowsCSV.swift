import Simulator

/// rejected_rows.csv: the rows of replay input files (trip table, drivers file) the run did
/// not use, with the reason — the first ``InputFileReport/listedLimit`` per file (the
/// summary counts all); written only for runs that read such files.
public enum RejectedRowsCSV {
    /// Columns, in order.
    public static let columns = ["file", "line", "reason", "field", "value"]

    /// The file's text: a header, then rows in input order (drivers file first), file order within.
    public static func text(_ run: RunResult) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for input in run.inputs {
            for row in input.rejected {
                out += [Format.csvField(input.file), String(row.line), row.reason.rawValue,
                        Format.csvField(row.field), Format.csvField(row.value)].joined(separator: ",")
                out += "\n"
            }
        }
        return out
    }
}
