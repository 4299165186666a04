import Core
import Streams
@testable import Matching

/// Keeps every record appended to the logs, in append order.
final class RecordingTap: StreamTap {
    var records: [Record] = []
    func append(_ record: Record) { records.append(record) }
}

/// The engine alone between its input and output logs, in the manner of Kafka Streams'
/// TopologyTestDriver: pipe hand-written records (chosen event and arrival times) in
/// arrival order, advance processing time to fire the timer, read what came out.
struct TopologyDriver {
    var engine: JoinEngine
    var log: StreamLog
    let tap = RecordingTap()

    init(_ engine: JoinEngine) {
        self.engine = engine
        log = StreamLog(tap: tap)
    }

    /// Appends each record to its input log and lets the engine process it; decisions go
    /// to the `matches` log. Records must be given in arrival order.
    mutating func pipe(_ records: [Record]) {
        for var r in records {
            precondition(tap.records.last.map { $0.arrivalTime <= r.arrivalTime } ?? true, "pipe in arrival order")
            log.append(&r)
            var out: [MatchDecision] = []
            engine.process(r, into: &out)
            publish(out)
        }
    }

    /// Fires the engine's timer at processing time `now`.
    mutating func advance(to now: Millis) {
        var out: [MatchDecision] = []
        engine.fireTimer(at: now, into: &out)
        publish(out)
    }

    private mutating func publish(_ decisions: [MatchDecision]) {
        for m in decisions {
            var r = Record(
                key: m.request, eventTime: m.time, arrivalTime: m.time,
                payload: .match(driver: m.driver, quotedPickupEta: m.quotedPickupEta, quotedFare: m.quotedFare))
            log.append(&r)
        }
    }

    /// Records on the `matches` stream, as (offset, rider, driver, decision time).
    var matches: [[Int64]] {
        tap.records.compactMap { r in
            guard case .match(let driver, _, _) = r.payload else { return nil }
            return [r.offset, Int64(r.key), Int64(driver), r.eventTime]
        }
    }

    /// Late records as (stream, key, event time, watermark at arrival).
    var late: [String] {
        engine.lateRecords.map { "\($0.record.stream.rawValue) \($0.record.key) @\($0.record.eventTime) wm \($0.watermark)" }
    }
}
