import Core

/// Something that wants to see every record appended to the stream logs, in append order —
/// for instance a writer of stream dumps. Implementations are reference types so one tap
/// can outlive the value-typed simulation that feeds it.
public protocol StreamTap: AnyObject {
    /// Receives a record just appended to its stream (its `offset` is set).
    func append(_ record: Record)
}

/// The append-only logs of the named streams, as a broker keeps them: every record gets
/// the next offset of its stream, in the order it is appended (arrival order at the
/// engine for input streams, decision order for `matches`).
///
/// The log keeps only one offset counter per stream — never the records — so its memory
/// does not grow with the run. A ``StreamTap`` sees every record if one is attached
/// (`ridematch run --dump-streams` attaches one that writes each stream to a CSV file).
public struct StreamLog {
    private var next: [Int64]
    private var appended: Int64 = 0
    /// Engine timer ticks so far (see ``tick()``).
    public private(set) var ticks: Int64 = 0
    /// Receives every appended record, if set.
    public let tap: (any StreamTap)?

    /// Empty logs for every stream.
    public init(tap: (any StreamTap)? = nil) {
        next = Array(repeating: 0, count: StreamName.allCases.count)
        self.tap = tap
    }

    /// Notes that the engine's timer fired: records appended from now on carry one more tick.
    public mutating func tick() { ticks += 1 }

    /// Appends a record to its stream: sets and returns its offset (and sets its global
    /// ``Record/sequence`` and ``Record/ticks``).
    @discardableResult
    public mutating func append(_ record: inout Record) -> Int64 {
        let i = record.stream.index
        record.offset = next[i]
        next[i] += 1
        record.sequence = appended
        appended += 1
        record.ticks = ticks
        tap?.append(record)
        return record.offset
    }

    /// Records appended to `stream` so far (its next offset).
    public func count(of stream: StreamName) -> Int64 { next[stream.index] }
}
