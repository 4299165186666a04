import Core

/// Cancels that reached the engine before their request did (delivery delays reorder the
/// `ride-requests` and `rider-cancels` streams). Each one is kept as a tombstone so that the
/// request, when it arrives, is dropped instead of waiting for a driver whose rider has
/// already gone.
///
/// A tombstone is evicted once the joint watermark makes it unreachable: a request is
/// older than its cancel, so when `watermark − allowed_lateness` has passed the cancel's
/// event time, its request can no longer arrive on time. (A request that arrives even later
/// is reported as late and, with its tombstone gone, waits like any request; the
/// simulator, which knows the rider left, rejects a match for it.)
public struct CancelTombstones: Sendable {
    /// One tombstone: the rider (request) id and the cancel's event time.
    public struct Entry: Sendable, Equatable {
        /// Rider (request) id.
        public var key: Int32
        /// Event time of the cancel, ms.
        public var eventTime: Millis
    }

    /// Live tombstones, in the order they were made.
    public private(set) var entries: [Entry] = []
    /// Requests dropped on arrival because their cancel had arrived first.
    public private(set) var consumed = 0
    /// Tombstones evicted by the watermark without their request arriving.
    public private(set) var evicted = 0

    /// No tombstones.
    public init() {}

    /// Live tombstones.
    public var count: Int { entries.count }

    /// Records that the rider `key` cancelled at `eventTime` before its request arrived.
    public mutating func add(key: Int32, eventTime: Millis) {
        entries.append(Entry(key: key, eventTime: eventTime))
    }

    /// If a tombstone for `key` exists, removes it and returns true (the request is dropped).
    public mutating func consume(key: Int32) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
        entries.remove(at: i)
        consumed += 1
        return true
    }

    /// Evicts every tombstone whose cancel is older than `horizon` (= joint watermark −
    /// allowed lateness): no request for it can arrive on time any more.
    public mutating func evict(olderThan horizon: Millis) {
        let before = entries.count
        entries.removeAll { $0.eventTime < horizon }
        evicted += before - entries.count
    }
}
