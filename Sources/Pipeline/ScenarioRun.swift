import Core
import Foundation
import Logging
import Matching
import Reporter
import RoadNetwork
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

    /// The scenario's road-network travel model, or nil when the city has no `city.network`
    /// (straight lines × detour factor). Loads the network database whole, checks that the
    /// city centre lies inside the network's bounds, and precomputes the routing tables.
    /// - Throws: ``TrafficError`` for a missing or malformed network database; an
    ///   ``InputProblem`` naming the scenario line of `city.network` when the city lies outside it.
    /// `traffic` is the scenario's traffic model when the caller has loaded it already
    /// (`traffic.network_speeds: zones` reads its zones; nil: loaded here when needed).
    public static func loadTravel(for scenario: Scenario, traffic: TrafficModel? = nil) throws -> (any TravelModel)? {
        guard let url = scenario.city.network else { return nil }
        let graph = try NetworkDatabase.load(url, displayPath: displayPath(url))
        let center = scenario.city.center
        guard graph.contains(center) else {
            let b = graph.bounds
            let line = scenario.city.networkLine.map { ":\($0)" } ?? ""
            throw InputProblem("\(displayPath(scenario.file))\(line): city.network: city centre (\(center.lat), \(center.lon)) "
                               + "lies outside the network's bounds (lat \(b.minLat)…\(b.maxLat), lon \(b.minLon)…\(b.maxLon))")
        }
        let projection = LocalProjection(center: center)
        // `traffic.network_speeds: zones`: the traffic table's zones scale the class speeds.
        let factors = scenario.traffic.networkSpeeds == .zones
            ? ZoneSpeedFactors(graph: graph, traffic: try traffic ?? loadTraffic(for: scenario), projection: projection) : nil
        return NetworkTravelModel(graph: graph, projection: projection, zoneFactors: factors)
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

    /// Simulates a validated scenario on a loaded traffic model and travel model (nil: loaded
    /// from the scenario by ``loadTravel(for:)``); `tap` sees every stream record;
    /// `progress`, if given, is called every few thousand events (see ``SimulationProgress``).
    /// Throws ``SimulationStopped`` when `stop` is raised before the horizon. `admit`, if
    /// given, sees the scenario after the replay inputs opened, before the first event.
    public static func simulate(
        _ scenario: Scenario, traffic: TrafficModel, travel: (any TravelModel)? = nil, tap: (any StreamTap)? = nil,
        progress: (@Sendable (SimulationProgress) -> Void)? = nil, stop: StopFlag? = nil,
        admit: ((Scenario) throws -> Void)? = nil
    ) throws -> RunResult {
        let replay = try ReplayInputs(scenario: scenario, display: displayPath)
        try admit?(scenario)
        let travel = try travel ?? loadTravel(for: scenario, traffic: traffic)
        var simulation = Simulation(
            scenario: scenario, traffic: traffic, strategy: try strategy(for: scenario), replay: replay, tap: tap,
            travel: travel)
        simulation.progress = progress
        simulation.stopFlag = stop
        let result = simulation.run()
        if simulation.stopped { throw SimulationStopped() }
        // A replay file that could not be read to the end fails the run: no partial report.
        if let error = result.inputs.lazy.compactMap(\.readError).first { throw InputProblem(error) }
        return result
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
        stop: StopFlag? = nil, admit: ((Scenario) throws -> Void)? = nil, publish: PublishRequest? = nil
    ) throws -> (result: RunResult, folder: URL) {
        let scenario = try loadScenario(path: path, overrides: overrides, strategy: strategy, seed: seed)
        let target = out.appendingPathComponent(scenario.name).appendingPathComponent(scenario.matching.strategy)
        do {
            let traffic = try loadTraffic(for: scenario)
            logger.debug("loaded \(traffic.zoneCount) traffic zones from \(displayPath(scenario.traffic.database))")
            let travel = try loadTravel(for: scenario, traffic: traffic)
            if let stop, stop.isRaised { throw SimulationStopped() }
            let dump = dumpStreams ? try streamDump(under: out) : nil
            defer { dump?.discard() }
            let publisher = try publish.map { try KafkaPublisher(target: $0.target, scenarioStart: scenario.start, pace: $0.pace) }
            publish?.publisher = publisher
            let taps = [dump as (any StreamTap)?, publisher].compactMap { $0 }
            let tap: (any StreamTap)? = taps.count > 1 ? TeeTap(taps) : taps.first
            var result = try simulate(scenario, traffic: traffic, travel: travel, tap: tap, progress: progress, stop: stop, admit: admit)
            try publisher?.finish()
            if let network = travel as? NetworkTravelModel { result.roads = network.graph.roadPolylines() }
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
        _ = try ReplayInputs(scenario: scenario, display: displayPath)
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
