import Core
import Foundation
import Pipeline
@testable import RidematchCLI
import Simulator
import Synchronization
import Testing

@Suite("Progress reporting")
struct ProgressTests {
    @Test("the simulation calls the progress hook every 16384 events and the hook changes nothing")
    func hook() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(), in: folder)
        let scenario = try ScenarioRun.loadScenario(path: path)
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        let seen = Mutex<[SimulationProgress]>([])
        let watched = try ScenarioRun.simulate(scenario, traffic: traffic) { p in seen.withLock { $0.append(p) } }
        let plain = try ScenarioRun.simulate(scenario, traffic: traffic)
        let calls = seen.withLock { $0 }
        #expect(watched.requests == plain.requests && watched.drivers == plain.drivers && watched.events == plain.events)
        #expect(calls.count == watched.events / SimulationProgress.everyEvents)
        #expect(calls.count >= 3)
        #expect(calls.enumerated().allSatisfy { $0.element.events == ($0.offset + 1) * SimulationProgress.everyEvents })
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.simulated <= $1.simulated })
        #expect(calls.allSatisfy { $0.horizon == watched.horizon && $0.simulated < $0.horizon })
    }

    @Test("the progress line shows simulated time, events per second and time to finish")
    func line() {
        let p = SimulationProgress(simulated: 1_800_000, horizon: 7_200_000, events: 500_000)
        #expect(p.fraction == 0.25)
        #expect(ProgressLine.text(p, elapsed: 2.5) == "simulated 0:30:00 of 2:00:00 (25 %) · 200000 events/s · ETA 0:00:08")
        #expect(ProgressLine.clock(3_725) == "1:02:05")
        #expect(ProgressLine.clock(-3) == "0:00:00")
        // Off when asked to be quiet, and off when standard error is not a terminal (as under `swift test`).
        #expect(ProgressLine(enabled: false).hook == nil)
        if isatty(2) == 0 { #expect(ProgressLine(enabled: true).hook == nil) }
    }
}
