import Core
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
        queue.schedule(.dropOff(driver: 1), at: 10)
        queue.schedule(.arriveAtPickup(driver: 2), at: 7)
        let kinds = [queue.pop(), queue.pop(), queue.pop()].map { e -> String in
            switch e?.kind {
            case .arriveAtPickup: "pickup"
            case .engineTimer: "timer"
            case .dropOff: "dropoff"
            default: "other"
            }
        }
        #expect(kinds == ["pickup", "timer", "dropoff"])
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
