import Core
import Foundation
import Matching
import Streams
import Synchronization

/// The join engine as the simulator drives it: on the simulator's own thread (`threads: 1`,
/// the reference), or on a second thread (`threads: 2`) that consumes the records in flight
/// as a platform's engine consumes the log its world writes.
///
/// On two threads, the simulator hands each record that cannot produce a decision — every
/// record except a request under an immediate strategy (a batch strategy decides only on its
/// timer) — to the engine thread through a bounded single-producer single-consumer ring,
/// with the sequence number its delivery event would have had. The engine thread keeps
/// these records in its own delivery queue and delivers them (stream log, then engine) in
/// the simulator queue's order, but only those before the simulator's *frontier*: the
/// (time, sequence) of the event the simulator is handling, sent down the ring every few
/// hundred events. Everything the simulator does later is at or after its frontier, so no
/// record the engine delivers can be affected by it.
///
/// Anything that can decide or that reads engine state (a deciding request's delivery, the
/// engine timer, a driver policy reading surge or demand, the run's end) goes through
/// ``engine`` or ``log``, which first send the frontier and wait until the engine thread has
/// delivered everything before it; the simulator then works on the engine itself. The
/// engine therefore sees the same records in the same order and decides at the same events
/// as on one thread: the outputs are byte-identical (docs/performance.md, "Two threads").
final class EngineStage: @unchecked Sendable {
    /// Entries the ring holds (a power of two).
    static let capacity = 1 << 13
    /// The producer publishes its position every `publishEvery` entries (and at every sync).
    static let publishEvery = 64
    /// Entries queued before a parked engine thread is woken (a wake-up costs system calls).
    static let wakeBacklog = 2_048
    /// The simulator sends its frontier every `frontierMask + 1` events.
    static let frontierMask = 15

    /// What the engine side owns: the engine, the stream log, the records in flight.
    struct Consumer {
        var engine: JoinEngine
        var log: StreamLog
        var inFlight = EventQueue()
        var delivered = 0
    }

    /// One entry of the ring.
    enum Entry {
        /// A record in flight, with its delivery's sequence number in the simulator's queue.
        case record(Record, sequence: UInt64)
        /// Deliver every record before (time, sequence).
        case frontier(Millis, UInt64)
    }

    private let storage: UnsafeMutablePointer<Consumer>
    private let ring: UnsafeMutablePointer<Entry>
    private let mask = EngineStage.capacity - 1
    /// Whether a request record can produce a decision (an immediate strategy).
    let requestsDecide: Bool
    /// Next entry the producer will write, as published to the consumer.
    private let head = Atomic<Int>(0)
    /// Keeps ``head`` and ``tail`` on separate cache lines (no false sharing between the cores).
    private let padding: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Next entry the consumer will read; every entry before it is fully handled.
    private let tail = Atomic<Int>(0)
    private let consumerParked = Atomic<Bool>(false)
    private let closing = Atomic<Bool>(false)
    private let wake = NSCondition()
    private let exited = DispatchSemaphore(value: 0)
    /// The producer's own head (ahead of ``head`` by fewer than ``publishEvery`` entries).
    private var written = 0
    /// The producer's last published head.
    private var published = 0
    /// The simulator's current event, and whether the engine thread has been sent it.
    private var now: (time: Millis, sequence: UInt64) = (0, 0)
    private var frontierSent = true
    private var events = 0
    /// Whether a second thread runs the engine.
    private(set) var running = false

    /// A stage around `engine` and `log`; call ``start()`` to give the engine its own thread.
    init(_ engine: JoinEngine, log: StreamLog) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Consumer(engine: engine, log: log))
        ring = .allocate(capacity: EngineStage.capacity)
        if case .immediate = engine.strategy.cadence { requestsDecide = true } else { requestsDecide = false }
    }

    deinit {
        stop()
        storage.deinitialize(count: 1)
        storage.deallocate()
        ring.deallocate()
    }

    /// The engine, once it has seen every record before the simulator's current event.
    var engine: JoinEngine {
        _read {
            sync()
            yield storage.pointee.engine
        }
        _modify {
            sync()
            yield &storage.pointee.engine
        }
    }

    /// The stream log, once every record before the simulator's current event is appended.
    var log: StreamLog {
        _read {
            sync()
            yield storage.pointee.log
        }
        _modify {
            sync()
            yield &storage.pointee.log
        }
    }

    /// Records the engine thread delivered (the simulator's own count leaves them out).
    var delivered: Int { storage.pointee.delivered }

    /// Starts the engine thread.
    func start() {
        guard !running else { return }
        running = true
        closing.store(false, ordering: .sequentiallyConsistent)
        let thread = Thread { [self] in
            Thread.current.name = "rm-engine"  // the OS thread name, as /proc and debuggers show it
            consume()
        }
        thread.start()
    }

    /// Ends the engine thread once it has delivered every record before `time` (nil: only
    /// what it was already sent), and waits for it to exit: no thread outlives the run,
    /// whether it ended, failed or was interrupted.
    func stop(deliveringBefore time: Millis? = nil) {
        guard running else { return }
        if let time { now = (time, 0); frontierSent = false }
        sync()
        closing.store(true, ordering: .sequentiallyConsistent)
        wake.lock()
        wake.signal()
        wake.unlock()
        exited.wait()
        running = false
    }

    // MARK: Producer side (the simulator)

    /// Whether `record` goes to the engine thread (``send(_:sequence:)``) rather than
    /// through the simulator's queue: a second thread runs and the record cannot decide.
    @inline(__always) func takes(_ record: Record) -> Bool {
        running && !(requestsDecide && record.isRequest)
    }

    /// Hands a record in flight to the engine thread, with its delivery's sequence number.
    func send(_ record: Record, sequence: UInt64) {
        push(.record(record, sequence: sequence))
    }

    /// The simulator is about to handle the event at (`time`, `sequence`).
    @inline(__always) func advance(to time: Millis, sequence: UInt64) {
        now = (time, sequence)
        frontierSent = false
        events &+= 1
        if events & EngineStage.frontierMask == 0 { sendFrontier() }
    }

    private func sendFrontier() {
        push(.frontier(now.time, now.sequence))
        frontierSent = true
    }

    private func push(_ entry: Entry) {
        var consumed = tail.load(ordering: .acquiring)
        while written - consumed == EngineStage.capacity {
            publish(force: true)
            sched_yield()
            consumed = tail.load(ordering: .acquiring)
        }
        (ring + (written & mask)).initialize(to: entry)
        written += 1
        if written - published >= EngineStage.publishEvery { publish() }
    }

    /// Publishes what is written. A parked engine thread is woken only for a backlog worth a
    /// wake-up (``wakeBacklog``) or when `force`d (a sync, a full ring, the end).
    private func publish(force: Bool = false) {
        if written != published {
            published = written
            head.store(written, ordering: .sequentiallyConsistent)
        }
        if consumerParked.load(ordering: .sequentiallyConsistent),
           force || written - tail.load(ordering: .relaxed) >= EngineStage.wakeBacklog {
            wake.lock()
            wake.signal()
            wake.unlock()
        }
    }

    /// Sends the frontier if needed and waits until the engine thread has handled every entry.
    private func sync() {
        guard running else { return }
        if !frontierSent { sendFrontier() }
        guard tail.load(ordering: .acquiring) != written else { return }
        publish(force: true)
        var spins = 0
        while tail.load(ordering: .acquiring) != written {
            spins += 1
            if spins > 4_096 { sched_yield() }
        }
    }

    // MARK: Consumer side (the engine thread)

    private func consume() {
        var read = 0
        var decisions: [MatchDecision] = []
        while true {
            let available = head.load(ordering: .acquiring)
            if available == read {
                if closing.load(ordering: .sequentiallyConsistent) { break }
                idle(at: read)
                continue
            }
            while read < available {
                switch (ring + (read & mask)).move() {
                case .record(let record, let sequence):
                    storage.pointee.inFlight.schedule(.deliver(record), at: record.arrivalTime, sequence: sequence)
                case .frontier(let time, let sequence):
                    deliver(before: time, sequence: sequence, into: &decisions)
                }
                read += 1
                if read & (EngineStage.publishEvery - 1) == 0 { tail.store(read, ordering: .releasing) }
            }
            tail.store(read, ordering: .releasing)
        }
        exited.signal()
    }

    /// Delivers, in order, every record in flight before (`time`, `sequence`).
    private func deliver(before time: Millis, sequence: UInt64, into decisions: inout [MatchDecision]) {
        while let event = storage.pointee.inFlight.pop(before: time, sequence: sequence) {
            guard case .deliver(var record) = event.kind else { continue }
            storage.pointee.log.append(&record)
            storage.pointee.engine.process(record, into: &decisions)
            storage.pointee.delivered += 1
            precondition(decisions.isEmpty, "a record the engine thread delivered produced a decision")
        }
    }

    /// Spins briefly for the next entry, then sleeps until the producer publishes or closes.
    private func idle(at read: Int) {
        for spin in 0..<100_000 {
            if head.load(ordering: .acquiring) != read { return }
            if spin & 4_095 == 4_095 { sched_yield() }
        }
        consumerParked.store(true, ordering: .sequentiallyConsistent)
        wake.lock()
        while head.load(ordering: .sequentiallyConsistent) == read, !closing.load(ordering: .sequentiallyConsistent) {
            wake.wait()
        }
        wake.unlock()
        consumerParked.store(false, ordering: .sequentiallyConsistent)
    }
}

extension Record {
    /// Whether the record is a ride request.
    var isRequest: Bool {
        if case .request = payload { true } else { false }
    }
}
