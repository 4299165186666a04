import Foundation

/// Fastest routes recently found, by (source node, target node, hourly profile): the engine's
/// trip quote at the match and the simulator's drive of the same trip at the pickup are one
/// ALT search instead of two. A route is a pure function of its key (the same search on the
/// same weights and landmarks), so a hit returns exactly what the search would.
///
/// Direct-mapped: a key has one slot and a newer route evicts the older one there. Shared,
/// under a lock, by every copy of one ``NetworkTravelModel`` (the engine's and the simulator's,
/// and every run of a `compare`).
final class RouteCache: @unchecked Sendable {
    /// One cached route.
    struct Entry {
        var source: Int32 = -1
        var target: Int32 = -1
        var profile: Int32 = -1
        /// Time in ms and distance in mm of the route.
        var ms = 0
        var mm = 0
        /// The route's forward edge ids, in driving order.
        var edges: [Int32] = []
    }

    private var slots: [Entry]
    private let mask: Int
    private let lock = NSLock()
    /// Lookups answered from the cache, and lookups in all (for tests and tuning).
    private(set) var hits = 0, lookups = 0

    /// A cache of `1 << log2Slots` slots.
    init(log2Slots: Int = 13) {
        slots = [Entry](repeating: Entry(), count: 1 << log2Slots)
        mask = (1 << log2Slots) - 1
    }

    @inline(__always) private func slot(_ source: Int, _ target: Int, _ profile: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: source) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(truncatingIfNeeded: target) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(truncatingIfNeeded: profile) &* 0x1656_67B1_9E37_79F9
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The cached route for the key, if any.
    func lookup(source: Int, target: Int, profile: Int) -> (ms: Int, mm: Int, edges: [Int32])? {
        lock.withLock {
            lookups += 1
            let e = slots[slot(source, target, profile)]
            guard e.source == Int32(source), e.target == Int32(target), e.profile == Int32(profile) else { return nil }
            hits += 1
            return (e.ms, e.mm, e.edges)
        }
    }

    /// Remembers a route (replacing whatever held its slot).
    func store(source: Int, target: Int, profile: Int, ms: Int, mm: Int, edges: [Int32]) {
        lock.withLock {
            let i = slot(source, target, profile)
            slots[i].source = Int32(source)
            slots[i].target = Int32(target)
            slots[i].profile = Int32(profile)
            slots[i].ms = ms
            slots[i].mm = mm
            // In place: the slot's storage is reused unless a caller still holds the old route.
            slots[i].edges.removeAll(keepingCapacity: true)
            slots[i].edges.append(contentsOf: edges)
        }
    }
}
