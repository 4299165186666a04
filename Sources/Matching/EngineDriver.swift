import Core
import Streams

/// Drives a ``JoinEngine`` from recorded input records — a stream dump, or Kafka topics —
/// exactly as the simulator drove it, and turns its decisions into `matches` records.
///
/// The engine is a deterministic function of its input in arrival order, where its input
/// is the records *and* its timer ticks (at `period`, 2·`period`, …). Each recorded record
/// carries ``Record/ticks``, the number of ticks fired before it was delivered, so the
/// driver fires exactly that many before processing it; a record from outside ridematch
/// (`ticks` = -1) gets every tick due at or before its arrival time first. After the last
/// record, ``finish(before:into:)`` fires the ticks left before the horizon, as the
/// simulator does. The `matches` records it emits are those the simulator appended: same
/// offsets, times, global sequence and tick counts.
public struct EngineDriver {
    /// The engine being driven.
    public private(set) var engine: JoinEngine
    /// Timer ticks fired so far.
    public private(set) var ticksFired: Int64 = 0
    /// Input records processed so far.
    public private(set) var processed: Int64 = 0
    /// Match records emitted so far (the next match offset).
    public private(set) var emitted: Int64 = 0
    /// Reposition decisions the engine made so far (platform policies).
    public private(set) var repositions = 0
    private var lastSequence: Int64 = -1
    private var decisions: [MatchDecision] = []

    /// Drives `engine`, fresh: no record processed, no tick fired.
    public init(engine: JoinEngine) {
        self.engine = engine
    }

    /// Processes one input record at its arrival time, after the ticks owed before it;
    /// appends the `matches` records it causes (ticks' first) to `out`.
    public mutating func deliver(_ record: Record, into out: inout [Record]) {
        if record.ticks >= 0 {
            while ticksFired < record.ticks { fire(into: &out) }
        } else {
            while engine.nextTimer <= record.arrivalTime { fire(into: &out) }
        }
        lastSequence = record.sequence >= 0 ? record.sequence : lastSequence + 1
        processed += 1
        engine.process(record, into: &decisions)
        if engine.hasRepositionDecisions { repositions += engine.takeRepositionDecisions().count }
        emit(into: &out)
    }

    /// Fires the ticks left before `horizon` (the scenario's duration: the simulator stops there).
    public mutating func finish(before horizon: Millis, into out: inout [Record]) {
        while engine.nextTimer < horizon { fire(into: &out) }
    }

    private mutating func fire(into out: inout [Record]) {
        ticksFired += 1
        engine.fireTimer(at: engine.nextTimer, into: &decisions)
        repositions += engine.takeRepositionDecisions().count
        emit(into: &out)
    }

    private mutating func emit(into out: inout [Record]) {
        for m in decisions {
            lastSequence += 1
            var record = Record(
                key: m.request, eventTime: m.time, arrivalTime: m.time,
                payload: .match(driver: m.driver, quotedPickupEta: m.quotedPickupEta, quotedFare: m.quotedFare),
                offset: emitted)
            record.sequence = lastSequence
            record.ticks = ticksFired
            emitted += 1
            out.append(record)
        }
        decisions.removeAll(keepingCapacity: true)
    }
}
