// Event queue: the simulator's binary heap of (time, sequence)-ordered events.
import Benchmark
import Simulator

/// Deterministic pseudo-random event times (SplitMix64).
private struct Times {
    var state: UInt64
    mutating func next(below bound: Int64) -> Int64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int64((z ^ (z >> 31)) % UInt64(bound))
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal, .throughput],
        maxDuration: .seconds(3), maxIterations: 1000)

    // A steady-state queue the size of a 10,000-driver city (one ping per driver in flight
    // plus some trip events): each iteration pops the earliest event and schedules one
    // 0–4 s later, the simulator's hot loop. Scaled: 1,000 pop+push per iteration unit.
    for size in [1_000, 10_000, 100_000] {
        Benchmark(
            "EventQueue pop+push, \(size) queued",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            var queue = EventQueue()
            var times = Times(state: UInt64(size))
            for d in 0..<size { queue.schedule(.ping(driver: Int32(d % 10_000)), at: times.next(below: 4_000)) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let event = queue.pop()!
                queue.schedule(.ping(driver: 0), at: event.time + times.next(below: 4_000))
            }
            benchmark.stopMeasurement()
            blackHole(queue.count)
        }
    }

    // Fill then drain: 100,000 pushes at random times, then 100,000 pops.
    Benchmark("EventQueue push 100k then pop 100k") { benchmark in
        for _ in benchmark.scaledIterations {
            var queue = EventQueue()
            var times = Times(state: 7)
            for d in 0..<100_000 { queue.schedule(.ping(driver: Int32(d)), at: times.next(below: 86_400_000)) }
            var last: Int64 = -1
            while let event = queue.pop() {
                precondition(event.time >= last)
                last = event.time
            }
            blackHole(last)
        }
    }
}
