import Core
import DequeModule
import Streams

/// A simulator event: what happens, and when.
public struct Event: Sendable {
    /// What happens.
    public enum Kind: Sendable {
        /// The demand process produces its next request.
        case nextRequest
        /// A waiting rider's patience runs out.
        case patienceEnds(rider: Int32)
        /// A driver's app sends a location ping.
        case ping(driver: Int32)
        /// A record reaches the engine.
        case deliver(Record)
        /// The engine's timer fires.
        case engineTimer
        /// A vehicle reaches the first stop of its plan (a pickup or a drop-off), at the end of
        /// its leg number `leg` (a leg diverted since makes the event stale).
        case reachStop(driver: Int32, leg: UInt32)
        /// A driver's shift starts (`on`) or ends.
        case shift(driver: Int32, on: Bool)
        /// Idle drivers reconsider where to wait (driver repositioning policies).
        case repositionTick
        /// A driver's repositioning leg ends.
        case repositionEnd(driver: Int32)
    }

    /// Simulation time, ms.
    public var time: Millis
    /// Insertion sequence number: breaks ties deterministically, first scheduled first.
    public var sequence: UInt64
    /// What happens.
    public var kind: Kind
}

/// The discrete-event queue, ordered by (time, sequence): events at the same time run in
/// the order they were scheduled — deterministic ties.
///
/// Three structures hold the events, and `pop` takes the smallest head of the three, so the
/// order is exactly that of one priority queue:
/// - a **ping lane**, a FIFO of driver pings. Every driver pings at a fixed interval, so a
///   ping rescheduled at `now + interval` is never earlier than the lane's tail: appending
///   keeps the lane sorted, and the ~10⁸ pings of a city-day cost O(1) each. A ping that
///   would break the order (the first ping of each driver, at a random phase) goes to the heap.
/// - a **delivery ring** for records in flight: a record published at `now` reaches the
///   engine within the delivery delay, so a record due less than ``ringSpan`` ms ahead
///   goes into the bucket of its millisecond (a calendar queue; appends keep each bucket
///   in sequence order, and a cursor walks the buckets forward with the clock).
/// - a **binary min-heap of small keys** (time, sequence, slot) for everything else; the
///   events themselves stay put in a slab indexed by slot, so sifting moves 24-byte keys
///   instead of whole records.
public struct EventQueue: Sendable {
    private struct Key {
        var time: Millis
        var sequence: UInt64
        var slot: Int32

        @inline(__always) static func before(_ a: Key, _ b: Key) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }
    }

    private struct Ping {
        var time: Millis
        var sequence: UInt64
        var driver: Int32
    }

    private struct InFlight {
        var sequence: UInt64
        var next: Int32
        var record: Record
    }

    /// Width of the delivery ring, ms: deliveries due at least this far ahead use the heap.
    public static let ringSpan: Millis = 4096
    // Each bucket is a singly linked list (first, last) through `inFlight`, a slab whose
    // free nodes are reused: flat arrays, no allocation per record once warm.
    private var bucketFirst = Array(repeating: Int32(-1), count: Int(EventQueue.ringSpan))
    private var bucketLast = Array(repeating: Int32(-1), count: Int(EventQueue.ringSpan))
    private var inFlight: [InFlight] = []
    private var freeNodes: [Int32] = []
    private var ringCount = 0
    private var ringCursor: Millis = 0
    private var clock: Millis = 0
    private var heap: [Key] = []
    private var slab: [Event.Kind] = []
    private var freeSlots: [Int32] = []
    private var pings = Deque<Ping>()
    private var nextSequence: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// Number of scheduled events.
    public var count: Int { heap.count + pings.count + ringCount }

    /// Whether no event is scheduled.
    public var isEmpty: Bool { count == 0 }

    /// Schedules `kind` at `time`.
    public mutating func schedule(_ kind: Event.Kind, at time: Millis) {
        let sequence = nextSequence
        nextSequence &+= 1
        schedule(kind, at: time, sequence: sequence)
    }

    /// Takes the next sequence number without scheduling anything: the caller orders an event
    /// it keeps elsewhere (a record the engine thread delivers) exactly where this queue would have.
    mutating func takeSequence() -> UInt64 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }

    /// Schedules `kind` at `time` under a sequence number taken elsewhere (``takeSequence()``
    /// of the simulator's queue); numbers must grow from call to call.
    mutating func schedule(_ kind: Event.Kind, at time: Millis, sequence: UInt64) {
        if case .ping(let driver) = kind, pings.last.map({ $0.time <= time }) ?? true {
            pings.append(Ping(time: time, sequence: sequence, driver: driver))
            return
        }
        if case .deliver(let record) = kind, time >= clock, time - clock < EventQueue.ringSpan {
            let node: Int32
            let entry = InFlight(sequence: sequence, next: -1, record: record)
            if let free = freeNodes.popLast() {
                node = free
                inFlight[Int(node)] = entry
            } else {
                node = Int32(inFlight.count)
                inFlight.append(entry)
            }
            let bucket = Int(time & (EventQueue.ringSpan - 1))
            if bucketLast[bucket] < 0 { bucketFirst[bucket] = node } else { inFlight[Int(bucketLast[bucket])].next = node }
            bucketLast[bucket] = node
            ringCount += 1
            if time < ringCursor { ringCursor = time }
            return
        }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slab[Int(slot)] = kind
        } else {
            slot = Int32(slab.count)
            slab.append(kind)
        }
        push(Key(time: time, sequence: sequence, slot: slot))
    }

    /// Removes and returns the earliest event (ties: earliest scheduled).
    public mutating func pop() -> Event? {
        guard let next = head() else { return nil }
        return take(next)
    }

    /// Removes and returns the earliest event if it comes before (`time`, `sequence`) in
    /// the queue's order; nil otherwise.
    mutating func pop(before time: Millis, sequence: UInt64) -> Event? {
        guard let next = head(), Key.before(next, Key(time: time, sequence: sequence, slot: 0)) else { return nil }
        return take(next)
    }

    /// The earliest event's key; `slot` tells where it is: 0 heap, 1 pings, 2 ring.
    private mutating func head() -> Key? {
        // The candidate heads, as (time, sequence) keys; slot tells which structure: 0 heap, 1 pings, 2 ring.
        var best: Key? = heap.first.map { Key(time: $0.time, sequence: $0.sequence, slot: 0) }
        if let p = pings.first {
            let key = Key(time: p.time, sequence: p.sequence, slot: 1)
            if best.map({ Key.before(key, $0) }) ?? true { best = key }
        }
        if ringCount > 0 {
            // Every record in the ring is due in [clock, clock + ringSpan): from a cursor in
            // that window, the first non-empty bucket holds the earliest of them.
            if ringCursor < clock { ringCursor = clock }
            var bucket = Int(ringCursor & (EventQueue.ringSpan - 1))
            while bucketFirst[bucket] < 0 {
                ringCursor += 1
                bucket = Int(ringCursor & (EventQueue.ringSpan - 1))
            }
            let key = Key(time: ringCursor, sequence: inFlight[Int(bucketFirst[bucket])].sequence, slot: 2)
            if best.map({ Key.before(key, $0) }) ?? true { best = key }
        }
        return best
    }

    /// Removes and returns the event `head()` found.
    private mutating func take(_ next: Key) -> Event {
        clock = next.time
        switch next.slot {
        case 1:
            let p = pings.removeFirst()
            return Event(time: p.time, sequence: p.sequence, kind: .ping(driver: p.driver))
        case 2:
            let bucket = Int(ringCursor & (EventQueue.ringSpan - 1))
            let node = bucketFirst[bucket]
            let record = inFlight[Int(node)].record
            bucketFirst[bucket] = inFlight[Int(node)].next
            if bucketFirst[bucket] < 0 { bucketLast[bucket] = -1 }
            freeNodes.append(node)
            ringCount -= 1
            return Event(time: next.time, sequence: next.sequence, kind: .deliver(record))
        default:
            let key = popMin()!
            let kind = slab[Int(key.slot)]
            freeSlots.append(key.slot)
            return Event(time: key.time, sequence: key.sequence, kind: kind)
        }
    }

    private mutating func push(_ key: Key) {
        heap.append(key)
        heap.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                guard Key.before(key, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = key
        }
    }

    private mutating func popMin() -> Key? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < n else { break }
                if child + 1 < n, Key.before(h[child + 1], h[child]) { child += 1 }
                guard Key.before(h[child], last) else { break }
                h[i] = h[child]
                i = child
            }
            h[i] = last
        }
        return top
    }
}
