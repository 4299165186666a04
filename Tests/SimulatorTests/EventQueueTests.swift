import Core
import Streams
import Testing
@testable import Simulator

@Suite("Event queue and random streams")
struct EventQueueTests {
    @Test("events pop in (time, scheduling order) order, ties first-scheduled first")
    func order() {
        var queue = EventQueue()
        var expected: [(Millis, Int32)] = []
        var rng = RandomSource(seed: 3, stream: .demand)
        for i in 0..<5000 {
            let t = Millis(rng.next() % 200)  // many ties
            queue.schedule(.ping(driver: Int32(i)), at: t)
            expected.append((t, Int32(i)))
        }
        expected.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var popped: [(Millis, Int32)] = []
        while let e = queue.pop() {
            guard case .ping(let d) = e.kind else { Issue.record("unexpected kind"); return }
            popped.append((e.time, d))
        }
        #expect(popped.count == expected.count)
        #expect(popped.map(\.0) == expected.map(\.0))
        #expect(popped.map(\.1) == expected.map(\.1))
    }

    @Test("interleaved schedule and pop keep the order")
    func interleaved() {
        var queue = EventQueue()
        queue.schedule(.engineTimer, at: 10)
        queue.schedule(.nextRequest, at: 5)
        #expect(queue.pop()?.time == 5)
        queue.schedule(.reachStop(driver: 1, leg: 2), at: 10)
        queue.schedule(.reachStop(driver: 2, leg: 1), at: 7)
        let kinds = [queue.pop(), queue.pop(), queue.pop()].map { e -> String in
            switch e?.kind {
            case .reachStop(_, leg: 1): "pickup"
            case .engineTimer: "timer"
            case .reachStop(_, leg: 2): "dropoff"
            default: "other"
            }
        }
        #expect(kinds == ["pickup", "timer", "dropoff"])
        #expect(queue.isEmpty)
    }

    @Test("pings, in-flight deliveries and other events interleaved pop exactly in (time, sequence) order")
    func lanes() {
        // A reference: every scheduled event with its sequence; popped order must be its sort.
        var queue = EventQueue()
        var rng = RandomSource(seed: 11, stream: .demand)
        var scheduled: [(time: Millis, seq: Int)] = []
        var popped: [(time: Millis, seq: Int)] = []
        var tag: [Int: Int] = [:]  // id carried by the event -> its scheduling index
        var now: Millis = 0
        var id: Int32 = 0
        func add(_ kind: (Int32) -> Event.Kind, at t: Millis) {
            tag[Int(id)] = scheduled.count
            scheduled.append((t, scheduled.count))
            queue.schedule(kind(id), at: t)
            id += 1
        }
        for d in 0..<50 { add({ .ping(driver: $0) }, at: Millis(d * 37 % 400)) }  // out-of-order first pings
        for step in 0..<20_000 {
            guard let e = queue.pop() else { break }
            #expect(e.time >= now)
            now = e.time
            let key: Int32
            switch e.kind {
            case .ping(let d): key = d
            case .deliver(let r): key = r.key
            case .reachStop(let d, _): key = d
            default: Issue.record("unexpected kind"); return
            }
            popped.append((e.time, tag[Int(key)]!))
            guard step < 15_000 else { continue }
            if case .ping = e.kind { add({ .ping(driver: $0) }, at: now + 400) }
            let delay = Millis(rng.next() % 6000)  // some beyond the ring span
            add({ .deliver(Record(key: $0, eventTime: now, arrivalTime: now + delay, payload: .cancel)) }, at: now + delay)
            if rng.next() % 3 == 0 { add({ .reachStop(driver: $0, leg: 1) }, at: now + Millis(rng.next() % 20_000)) }
            if rng.next() % 5 == 0 { add({ .deliver(Record(key: $0, eventTime: now, arrivalTime: now, payload: .cancel)) }, at: now) }
        }
        while let e = queue.pop() {
            switch e.kind {
            case .ping(let d), .reachStop(let d, _): popped.append((e.time, tag[Int(d)]!))
            case .deliver(let r): popped.append((e.time, tag[Int(r.key)]!))
            default: Issue.record("unexpected kind")
            }
        }
        let expected = scheduled.sorted { $0.time != $1.time ? $0.time < $1.time : $0.seq < $1.seq }
        #expect(popped.count == scheduled.count)
        #expect(popped.map(\.seq) == expected.map(\.seq))
        #expect(queue.isEmpty)
    }

    @Test("a delivery scheduled after the clock jumped far past the ring's last use pops at its own time")
    func ringAfterGap() {
        var queue = EventQueue()
        let record = { (t: Millis) in Record(key: 1, eventTime: t, arrivalTime: t, payload: .cancel) }
        queue.schedule(.deliver(record(0)), at: 0)
        queue.schedule(.deliver(record(4000)), at: 4000)
        #expect(queue.pop()?.time == 0)
        queue.schedule(.reachStop(driver: 2, leg: 1), at: 3000)
        #expect(queue.pop()?.time == 3000)
        queue.schedule(.deliver(record(7000)), at: 7000)  // its bucket comes before 4000's from a stale cursor
        queue.schedule(.reachStop(driver: 3, leg: 1), at: 20_000)
        #expect(queue.pop()?.time == 4000)
        #expect(queue.pop()?.time == 7000)
        #expect(queue.pop()?.time == 20_000)
        queue.schedule(.deliver(record(20_100)), at: 20_100)
        queue.schedule(.reachStop(driver: 4, leg: 1), at: 20_200)
        #expect(queue.pop()?.time == 20_100)
        #expect(queue.pop()?.time == 20_200)
        #expect(queue.isEmpty)
    }

    @Test("random streams are reproducible and independent")
    func randomStreams() {
        var a = RandomSource(seed: 42, stream: .demand)
        var b = RandomSource(seed: 42, stream: .demand)
        var c = RandomSource(seed: 42, stream: .supply)
        let xa = (0..<100).map { _ in a.next() }
        #expect(xa == (0..<100).map { _ in b.next() })
        #expect(xa != (0..<100).map { _ in c.next() })
        var u = RandomSource(seed: 1, stream: .gps)
        var sum = 0.0
        for _ in 0..<100_000 {
            let x = u.uniform()
            #expect(x >= 0 && x < 1)
            sum += x
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
        var e = RandomSource(seed: 9, stream: .pingDelay)
        let mean = (0..<100_000).map { _ in e.exponential(mean: 2) }.reduce(0, +) / 100_000
        #expect(abs(mean - 2) < 0.05)
    }
}
