import Core
import Matching
import Simulator
import Streams

/// late_events.csv: every record that arrived older than the joint watermark − allowed
/// lateness, in arrival order (docs/streams.md says what the engine did with each).
public enum LateEvents {
    /// late_events.csv columns, in order.
    public static let columns = [
        "stream", "offset", "key", "source", "event_time_s", "arrival_time_s", "watermark_s", "lateness_s", "applied",
    ]

    /// The file's text: the header, then one row per late record (header only when none).
    public static func csv(_ run: RunResult) -> String {
        var out = columns.joined(separator: ",") + "\n"
        let allowed = Millis.fromSeconds(run.scenario.streams.allowedLateness)
        for late in run.lateRecords {
            let r = late.record
            let cells: [String] = [
                r.stream.rawValue, String(r.offset), String(r.key), r.source.description,
                Format.seconds(r.eventTime), Format.seconds(r.arrivalTime), Format.seconds(late.watermark),
                Format.seconds(late.watermark - allowed - r.eventTime), late.applied ? "yes" : "no",
            ]
            out += cells.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Late records per stream, indexed like ``Streams/StreamName/allCases``.
    public static func counts(_ run: RunResult) -> [Int] {
        var counts = Array(repeating: 0, count: StreamName.allCases.count)
        for late in run.lateRecords {
            counts[StreamName.allCases.firstIndex(of: late.record.stream)!] += 1
        }
        return counts
    }
}
