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
    /// Reads and validates a scenario file, applying command-line overrides: `--set`
    /// overrides to the YAML tree (checked like the file), then `--strategy` and `--seed`.
    ///
    /// Throws an ``InputError`` naming the file, line and field (or the override) for any bad value.
    public static func loadScenario(
        path: String, overrides: [ScenarioOverride] = [], strategy: String? = nil, seed: UInt64? = nil
    ) throws -> Scenario {
        var scenario = try Scenario.load(path: path, knownStrategies: StrategyRegistry.names, overrides: overrides,
                                         knownPolicies: RepositioningRegistry.names)
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

    /// The scenario's travel model, of the kind the scenario chooses (``TravelModelRegistry``):
    /// the traffic model itself for straight lines, a road network for `city.network`.
    /// `traffic` is the scenario's traffic model when the caller has loaded it already
    /// (nil: loaded here). Throws an ``InputError`` or a ``TrafficError`` for a bad input.
    public static func loadTravel(for scenario: Scenario, traffic: TrafficModel? = nil) throws -> any TravelModel {
        try TravelModelRegistry.load(for: scenario, traffic: try traffic ?? loadTraffic(for: scenario))
    }

    /// Plays out an assembled run; `tap` sees every stream record; `progress`, if given, is
    /// called every few thousand events (see ``SimulationProgress``). The result carries the
    /// assembly's report extras (road polylines). Throws ``SimulationStopped`` when `stop` is
    /// raised before the horizon, and an ``InputProblem`` when a replay file could not be
    /// read to the end. `threads` 2 runs the engine on its own thread (same results as 1).
    public static func simulate(
        _ assembly: RunAssembly, tap: (any StreamTap)? = nil,
        progress: (@Sendable (SimulationProgress) -> Void)? = nil, stop: StopFlag? = nil, threads: Int = 1
    ) throws -> RunResult {
        var simulation = Simulation(assembly, tap: tap)
        simulation.progress = progress
        simulation.threads = threads
        let strategy = assembly.strategy
        // A strategy that fails mid-run (an external policy) stops the simulation early.
        simulation.stopFlag = strategy.stopFlag.map { StopFlag(following: [$0] + (stop.map { [$0] } ?? [])) } ?? stop
        var result = simulation.run()
        if let failure = strategy.failure { throw failure }
        if simulation.stopped { throw SimulationStopped() }
        // A replay file that could not be read to the end fails the run: no partial report.
        if let error = result.inputs.lazy.compactMap(\.readError).first { throw InputProblem(error) }
        result.roads = assembly.extras.roads
        result.routed = assembly.extras.routed
        // The strategy hears the summary row (an external policy's `end` message); built only if asked.
        strategy.finish { [result] in Summary(result).fields.map { (name: $0.name, json: $0.value.json) } }
        if let failure = strategy.failure { throw failure }
        return result
    }

    /// Simulates a validated scenario on a loaded traffic model and travel model (nil: loaded
    /// from the scenario, see ``RunAssembler``), as ``simulate(_:tap:progress:stop:)``.
    /// `admit`, if given, sees the scenario after the run's inputs opened, before the first event.
    public static func simulate(
        _ scenario: Scenario, traffic: TrafficModel, travel: (any TravelModel)? = nil, tap: (any StreamTap)? = nil,
        progress: (@Sendable (SimulationProgress) -> Void)? = nil, stop: StopFlag? = nil,
        admit: ((Scenario) throws -> Void)? = nil, threads: Int = 1
    ) throws -> RunResult {
        let assembly = try RunAssembler(scenario: scenario, traffic: traffic, travel: travel).assemble(scenario)
        try admit?(scenario)
        return try simulate(assembly, tap: tap, progress: progress, stop: stop, threads: threads)
    }

    /// Loads (with `overrides`, `strategy` and `seed` applied), simulates and writes
    /// `<out>/<scenario>/<strategy>/`; returns the result and the folder.
    /// With `dumpStreams`, every stream is also written to `streams/<stream>.csv` in that folder.
    /// With `publish`, every stream is published to Kafka, and the run fails (no report) unless
    /// every record is acknowledged.
    ///
    /// When `stop` is raised (Ctrl-C) before the report is swapped in, throws
    /// ``RunInterrupted``: no staging folder remains and any previous report is untouched.
    /// `admit`, if given, sees the scenario once every input has been checked, just before
    /// the simulation starts, and may refuse it by throwing (the run estimate,
    /// ``RunEstimate/admit(_:force:available:)``).
    public static func run(
        path: String, overrides: [ScenarioOverride] = [], strategy: String? = nil, seed: UInt64? = nil, out: URL,
        dumpStreams: Bool = false,
        logger: Logger = Logger(label: "ridematch"), progress: (@Sendable (SimulationProgress) -> Void)? = nil,
        stop: StopFlag? = nil, admit: ((Scenario) throws -> Void)? = nil, publish: PublishRequest? = nil,
        threads: Int = 1
    ) throws -> (result: RunResult, folder: URL) {
        let scenario = try loadScenario(path: path, overrides: overrides, strategy: strategy, seed: seed)
        let target = out.appendingPathComponent(scenario.name).appendingPathComponent(scenario.matching.strategy)
        do {
            let assembler = try RunAssembler(scenario: scenario)
            logger.debug("loaded \(assembler.traffic.zoneCount) traffic zones from \(displayPath(scenario.traffic.database))")
            if let stop, stop.isRaised { throw SimulationStopped() }
            let dump = dumpStreams ? try streamDump(under: out) : nil
            defer { dump?.discard() }
            let publisher = try publish.map { try KafkaPublisher(target: $0.target, scenarioStart: scenario.start, pace: $0.pace) }
            publish?.publisher = publisher
            let taps = [dump as (any StreamTap)?, publisher].compactMap { $0 }
            let tap: (any StreamTap)? = taps.count > 1 ? TeeTap(taps) : taps.first
            let assembly = try assembler.assemble(scenario)
            try admit?(scenario)
            let result = try simulate(assembly, tap: tap, progress: progress, stop: stop, threads: threads)
            try publisher?.finish()
            logger.debug("simulated \(result.events) events in \(result.wallSeconds) s")
            let folder = try ReportWriter.write(result, under: out, moving: try dump?.finish(manifest: StreamManifest(
                scenario: scenario, drivers: result.drivers.count, overrides: overrides.map(\.description)).text) ?? [], stop: stop)
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
        _ = try RunInputs(scenario: scenario, plane: LocalProjection(center: scenario.city.center), display: displayPath)
    }

    /// One stderr line per replay file that had rows rejected, e.g.
    /// `warning: data/x.csv: rejected 3 of 1000 rows (unknown_zone: 2 (lines 17, 18); …)`.
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
