import Core
import Foundation
import Logging
import Matching
import Reporter
import Scenario
import Simulator
import Streams
import Traffic

/// The whole path of one run, wired once: scenario file → validated scenario → traffic
/// model → simulation with the engine → report folder.
public enum ScenarioRun {
    /// Reads and validates a scenario file, applying command-line overrides.
    ///
    /// Throws an ``InputError`` naming the file, line and field for any bad value.
    public static func loadScenario(path: String, strategy: String? = nil, seed: UInt64? = nil) throws -> Scenario {
        var scenario = try Scenario.load(path: path, knownStrategies: StrategyRegistry.names)
        if let strategy {
            guard StrategyRegistry.type(named: strategy) != nil else {
                throw InputProblem(
                    "--strategy: unknown strategy '\(strategy)' (known: \(StrategyRegistry.names.joined(separator: ", ")))")
            }
            scenario.matching.strategy = strategy
        }
        if let seed { scenario.seed = seed }
        return scenario
    }

    /// Loads the scenario's traffic database into the in-memory model the run uses.
    public static func loadTraffic(for scenario: Scenario) throws -> TrafficModel {
        let table = try TrafficDatabase.load(scenario.traffic.database, displayPath: displayPath(scenario.traffic.database))
        return TrafficModel(
            table: table, projection: LocalProjection(center: scenario.city.center),
            detourFactor: scenario.city.detourFactor, cityRadiusMeters: scenario.city.radiusKm * 1000)
    }

    /// The strategy value the scenario names.
    public static func strategy(for scenario: Scenario) throws -> any MatchingStrategy {
        let m = scenario.matching
        let settings = StrategySettings(
            batchWindow: .fromSeconds(m.batchWindow),
            weights: (m.weights.eta, m.weights.deadhead, m.weights.fare, m.weights.idle),
            fare: FareRule(base: scenario.fare.base, perKm: scenario.fare.perKm,
                           perMinute: scenario.fare.perMinute, minimum: scenario.fare.minimum))
        guard let strategy = StrategyRegistry.make(m.strategy, settings: settings) else {
            throw InputProblem("\(displayPath(scenario.file)): matching.strategy: unknown strategy '\(m.strategy)'")
        }
        return strategy
    }

    /// Simulates a validated scenario on a loaded traffic model; `tap` sees every stream record;
    /// `progress`, if given, is called every few thousand events (see ``SimulationProgress``).
    /// Throws ``SimulationStopped`` when `stop` is raised before the horizon.
    public static func simulate(
        _ scenario: Scenario, traffic: TrafficModel, tap: (any StreamTap)? = nil,
        progress: (@Sendable (SimulationProgress) -> Void)? = nil, stop: StopFlag? = nil
    ) throws -> RunResult {
        let replay = try ReplayInputs(scenario: scenario, display: displayPath)
        var simulation = Simulation(
            scenario: scenario, traffic: traffic, strategy: try strategy(for: scenario), replay: replay, tap: tap)
        simulation.progress = progress
        simulation.stopFlag = stop
        let result = simulation.run()
        if simulation.stopped { throw SimulationStopped() }
        // A replay file that could not be read to the end fails the run: no partial report.
        if let error = result.inputs.lazy.compactMap(\.readError).first { throw InputProblem(error) }
        return result
    }

    /// Loads, simulates and writes `<out>/<scenario>/<strategy>/`; returns the result and the folder.
    /// With `dumpStreams`, every stream is also written to `streams/<stream>.csv` in that folder;
    /// with `publish`, every stream is published to Kafka, and the run fails (no report) unless
    /// every record is acknowledged.
    ///
    /// When `stop` is raised (Ctrl-C) before the report is swapped in, throws
    /// ``RunInterrupted``: no staging folder remains and any previous report is untouched.
    public static func run(
        path: String, strategy: String? = nil, seed: UInt64? = nil, out: URL, dumpStreams: Bool = false,
        logger: Logger = Logger(label: "ridematch"), progress: (@Sendable (SimulationProgress) -> Void)? = nil,
        stop: StopFlag? = nil, publish: PublishRequest? = nil
    ) throws -> (result: RunResult, folder: URL) {
        let scenario = try loadScenario(path: path, strategy: strategy, seed: seed)
        let target = out.appendingPathComponent(scenario.name).appendingPathComponent(scenario.matching.strategy)
        do {
            let traffic = try loadTraffic(for: scenario)
            logger.debug("loaded \(traffic.zoneCount) traffic zones from \(displayPath(scenario.traffic.database))")
            if let stop, stop.isRaised { throw SimulationStopped() }
            let dump = dumpStreams ? try streamDump(under: out) : nil
            defer { dump?.discard() }
            let publisher = try publish.map { try KafkaPublisher(target: $0.target, scenarioStart: scenario.start, pace: $0.pace) }
            publish?.publisher = publisher
            let taps = [dump as (any StreamTap)?, publisher].compactMap { $0 }
            let tap: (any StreamTap)? = taps.count > 1 ? TeeTap(taps) : taps.first
            let result = try simulate(scenario, traffic: traffic, tap: tap, progress: progress, stop: stop)
            try publisher?.finish()
            logger.debug("simulated \(result.events) events in \(result.wallSeconds) s")
            let folder = try ReportWriter.write(result, under: out, moving: try dump?.finish(manifest: StreamManifest(scenario: scenario, drivers: result.drivers.count).text) ?? [], stop: stop)
            return (result, folder)
        } catch is SimulationStopped {
            throw RunInterrupted(folder: target)
        } catch is ReportWriteStopped {
            throw RunInterrupted(folder: target)
        }
    }

    /// A stream dump writing into a private hidden folder under `out` (same file system as the report).
    private static func streamDump(under out: URL) throws -> StreamDumpWriter {
        let pid = ProcessInfo.processInfo.processIdentifier
        let folder = out.appendingPathComponent(".streams-\(pid)-\(UUID().uuidString)")
        return try StreamDumpWriter(folder: folder)
    }

    /// Checks the headers of the scenario's replay files (trip table, drivers file) without
    /// running; throws the first problem as an ``InputError``.
    public static func checkInputs(for scenario: Scenario) throws {
        _ = try ReplayInputs(scenario: scenario, display: displayPath)
    }

    /// One stderr line per replay file that had rows rejected, e.g.
    /// `warning: data/x.csv: rejected 3 of 1000 rows (out_of_order: 2 (lines 17, 18); …)`.
    public static func inputWarnings(_ result: RunResult) -> [String] {
        result.inputs.compactMap { $0.warning() }.map { "warning: " + $0 }
    }

    /// A path as the user would write it: relative to the working directory when inside it.
    public static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
