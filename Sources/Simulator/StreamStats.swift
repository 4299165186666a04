import Core
import Matching
import Streams

/// What flowed through the stream logs in one run, and what the engine's state did with it.
public struct StreamStats: Sendable, Equatable {
    /// Records appended to each stream's log, indexed like ``Streams/StreamName/allCases``.
    public var records: [Int64]
    /// Pings not applied because the driver table held a newer location (same driver).
    public var outdatedPings: Int
    /// Status records not applied because the driver table held a newer status.
    public var outdatedStatuses: Int
    /// Requests dropped on arrival because their rider's cancel had arrived first.
    public var cancelledBeforeArrival: Int
    /// Cancel tombstones evicted by the watermark without their request arriving.
    public var tombstonesEvicted: Int
    /// Largest number of keyed engine state entries (pending requests + tombstones) at once.
    public var peakState: Int
    /// Matches whose driver another part owned than the rider's (a partitioned engine's
    /// cross-border matches; 0 unpartitioned).
    public var crossPartitionMatches = 0

    /// Records on one stream.
    public func records(on stream: StreamName) -> Int64 {
        records[StreamName.allCases.firstIndex(of: stream)!]
    }

    /// Collects the figures from the log and the engine at the end of a run.
    public init(log: StreamLog, engine: JoinEngine) {
        records = StreamName.allCases.map { log.count(of: $0) }
        outdatedPings = engine.drivers.outdatedPings
        outdatedStatuses = engine.drivers.outdatedStatuses
        cancelledBeforeArrival = engine.tombstones.consumed
        tombstonesEvicted = engine.tombstones.evicted
        peakState = engine.peakStateSize
        crossPartitionMatches = engine.crossPartitionMatches
    }
}
