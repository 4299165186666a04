// A whole scenario run: scenarios/quickstart.yaml simulated end to end (demand, supply,
// delivery, engine, trips), per strategy. Report writing is not included.
import Benchmark
import Foundation
import Pipeline
import Simulator

/// The repository root, from this file's path (Benchmarks/Benchmarks/ScenarioBenchmarks/).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Simulator events processed in the run.
let events = BenchmarkMetric.custom("events", useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal, .peakMemoryResident, events],
        maxDuration: .seconds(30), maxIterations: 5)
    for strategy in ["nearest", "batch"] {
        Benchmark("Scenario quickstart (\(strategy))") { benchmark in
            let path = root.appendingPathComponent("scenarios/quickstart.yaml").path
            let scenario = try! ScenarioRun.loadScenario(path: path, strategy: strategy)
            let traffic = try! ScenarioRun.loadTraffic(for: scenario)
            benchmark.startMeasurement()
            let result = try! ScenarioRun.simulate(scenario, traffic: traffic)
            benchmark.stopMeasurement()
            blackHole(result.events)
            benchmark.measurement(events, Int(result.events))
        }
    }
}
