import Core
import Streams

/// The engine's keyed state and its bound.
///
/// State that grows with the number of riders — pending requests and cancel tombstones —
/// is what could make the engine's memory grow with the horizon. A pending request leaves
/// when it is matched or its cancel arrives; a tombstone is evicted once the joint
/// watermark shows its request can no longer arrive on time. The driver table is fixed
/// (one row per driver id) and is not counted.
extension JoinEngine {
    /// Keyed entries the engine holds now: pending requests plus cancel tombstones.
    public var stateSize: Int { pending.count + tombstones.count }

    /// Evicts state no on-time record can reach any more: tombstones of cancels older
    /// than joint watermark − allowed lateness. Runs on every timer.
    mutating func evictUnreachableState(at now: Millis) {
        watermarks.advance(to: now)
        let mark = watermarks.joint
        guard mark != Watermarks.none, tombstones.count > 0 else { return }
        tombstones.evict(olderThan: mark - watermarks.allowedLateness)
    }

    @inline(__always) mutating func notePeakState() {
        let size = stateSize
        if size > peakStateSize { peakStateSize = size }
    }
}
