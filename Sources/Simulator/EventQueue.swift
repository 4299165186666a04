import Core
import HeapModule
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
        /// A driver reaches its rider.
        case arriveAtPickup(driver: Int32)
        /// A driver drops its rider off.
        case dropOff(driver: Int32)
        /// A driver's shift starts (`on`) or ends.
        case shift(driver: Int32, on: Bool)
    }

    /// Simulation time, ms.
    public var time: Millis
    /// Insertion sequence number: breaks ties deterministically, first scheduled first.
    public var sequence: UInt64
    /// What happens.
    public var kind: Kind
}

/// The discrete-event queue: a binary min-heap ordered by (time, sequence), so events at
/// the same time run in the order they were scheduled — deterministic ties.
public struct EventQueue: Sendable {
    private struct Entry: Comparable {
        var event: Event
        static func < (a: Entry, b: Entry) -> Bool {
            (a.event.time, a.event.sequence) < (b.event.time, b.event.sequence)
        }
        static func == (a: Entry, b: Entry) -> Bool {
            a.event.time == b.event.time && a.event.sequence == b.event.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// Number of scheduled events.
    public var count: Int { heap.count }

    /// Whether no event is scheduled.
    public var isEmpty: Bool { heap.isEmpty }

    /// Time of the next event, if any.
    public var nextTime: Millis? { heap.min?.event.time }

    /// Schedules `kind` at `time`.
    public mutating func schedule(_ kind: Event.Kind, at time: Millis) {
        heap.insert(Entry(event: Event(time: time, sequence: nextSequence, kind: kind)))
        nextSequence &+= 1
    }

    /// Removes and returns the earliest event (ties: earliest scheduled).
    public mutating func pop() -> Event? {
        heap.popMin()?.event
    }
}
