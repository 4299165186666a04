import Simulator
import Streams

extension Summary {
    /// The stream columns of the summary (docs/metrics.md, docs/streams.md): late records
    /// and records per stream, versions ignored, cancels that overtook their request, and
    /// the engine's peak keyed state.
    static func streamFields(_ run: RunResult) -> [(name: String, value: SummaryValue)] {
        let late = LateEvents.counts(run)
        var fields: [(name: String, value: SummaryValue)] = []
        for (i, stream) in StreamName.allCases.enumerated() where stream != .matches {
            fields.append(("late_" + stream.columnName, .count(late[i])))
        }
        for stream in StreamName.allCases {
            fields.append(("records_" + stream.columnName, .count(Int(run.streams.records(on: stream)))))
        }
        fields += [
            ("outdated_pings", .count(run.streams.outdatedPings)),
            ("outdated_statuses", .count(run.streams.outdatedStatuses)),
            ("cancelled_before_arrival", .count(run.streams.cancelledBeforeArrival)),
            ("tombstones_evicted", .count(run.streams.tombstonesEvicted)),
            ("engine_state_peak", .count(run.streams.peakState)),
        ]
        return fields
    }
}

extension StreamName {
    /// The stream's name as part of a column name: `driver-locations` → `driver_locations`.
    var columnName: String { rawValue.split(separator: "-").joined(separator: "_") }
}
