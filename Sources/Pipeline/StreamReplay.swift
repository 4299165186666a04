import Core
import Foundation
import Matching
import Reporter
import Scenario
import Simulator
import Streams
import Traffic

/// `ridematch engine --from-streams`: a fresh join engine fed the input streams a run
/// dumped (`run --dump-streams`), built from the scenario saved beside them; its
/// decisions are the run's `matches` stream, row for row.
public enum StreamReplay {
    /// What a replay did.
    public struct Outcome: Sendable {
        /// Input records processed.
        public var records: Int64
        /// Decisions written.
        public var matches: Int64
        /// Timer ticks fired.
        public var ticks: Int64
        /// Wall-clock seconds of the engine loop (reading included).
        public var wallSeconds: Double
        /// Where the decisions went.
        public var file: URL
    }

    /// The folder holding the dump: `dir` itself, or `dir/streams` when `dir` is a report folder.
    public static func streamsFolder(_ dir: URL) -> URL {
        let inner = dir.appendingPathComponent("streams")
        let fm = FileManager.default
        return fm.fileExists(atPath: inner.appendingPathComponent(StreamManifest.fileName).path) ? inner : dir
    }

    /// Reads `streams/scenario.yaml` and loads the scenario it names (or `scenarioPath`) with
    /// the run's `--set` overrides, checking its fingerprint; throws an ``InputError`` (one line) on any mismatch.
    public static func loadRun(folder: URL, scenarioPath: String? = nil) throws -> (StreamManifest, Scenario) {
        let url = folder.appendingPathComponent(StreamManifest.fileName)
        let display = ScenarioRun.displayPath(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputProblem("\(display): cannot read the run's scenario manifest (not a --dump-streams folder?)")
        }
        let manifest = try StreamManifest.parse(String(decoding: data, as: UTF8.self), display: display)
        let path = scenarioPath ?? manifest.scenario
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputProblem(locatedMessage(
                file: display, line: nil, field: "scenario", message: "scenario file \(path) not found"))
        }
        let overrides = try manifest.overrides.map { text in
            do {
                return try ScenarioOverride(parsing: text)
            } catch {
                throw InputProblem(locatedMessage(file: display, line: nil, field: "override", message: "bad override '\(text)'"))
            }
        }
        let scenario = try ScenarioRun.loadScenario(
            path: path, overrides: overrides, strategy: manifest.strategy, seed: manifest.seed)
        let fingerprint = StreamManifest.fingerprint(of: scenario)
        guard fingerprint == manifest.fingerprint else {
            throw InputProblem(locatedMessage(
                file: display, line: nil, field: "fingerprint",
                message: "\(ScenarioRun.displayPath(scenario.file)) does not match the run that wrote these streams "
                    + "(fingerprint \(fingerprint), expected \(manifest.fingerprint))"))
        }
        return (manifest, scenario)
    }

    /// A fresh engine for the run described by `manifest` and `scenario`: the run's own
    /// assembly (``RunAssembler``: its travel model, so ETAs are the run's; its strategy,
    /// fare rule and forecast), for the manifest's number of drivers.
    public static func makeDriver(_ manifest: StreamManifest, _ scenario: Scenario) throws -> EngineDriver {
        makeDriver(try RunAssembler.assemble(scenario), drivers: manifest.drivers)
    }

    /// A fresh engine for an assembled run with `drivers` drivers (the run's fleet size).
    public static func makeDriver(_ assembly: RunAssembly, drivers: Int) -> EngineDriver {
        var config = assembly.engine
        config.drivers = drivers
        return EngineDriver(engine: assembly.makeEngine(config))
    }

    /// Replays the dump in `dir` and writes `out/matches.csv` (the run's `streams/matches.csv`
    /// format). Nothing is written unless the whole dump reads cleanly.
    public static func run(dir: URL, out: URL, scenarioPath: String? = nil) throws -> Outcome {
        let folder = streamsFolder(dir)
        let (manifest, scenario) = try loadRun(folder: folder, scenarioPath: scenarioPath)
        var driver = try makeDriver(manifest, scenario)
        var reader = try StreamDumpReader(folder: folder, display: ScenarioRun.displayPath)
        let started = Date()
        let fm = FileManager.default
        let createdOut = !fm.fileExists(atPath: out.path)
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(description: "cannot create \(out.path): \(error.localizedDescription)")
        }
        var done = false
        defer { if !done, createdOut { try? fm.removeItem(at: out) } }
        let target = out.appendingPathComponent("matches.csv")
        let staging = out.appendingPathComponent(".matches-\(ProcessInfo.processInfo.processIdentifier).csv")
        var text = (StreamDumpWriter.commonColumns + StreamDumpWriter.payloadColumns(of: .matches)).joined(separator: ",") + "\n"
        guard fm.createFile(atPath: staging.path, contents: nil), let handle = FileHandle(forWritingAtPath: staging.path) else {
            throw ReportWriteError(description: "cannot write \(staging.path)")
        }
        defer {
            try? handle.close()
            try? fm.removeItem(at: staging)
        }
        var matches: [Record] = []
        func write(_ force: Bool) throws {
            for m in matches { text += StreamDumpWriter.row(m) + "\n" }
            matches.removeAll(keepingCapacity: true)
            if force || text.utf8.count > 1 << 18 {
                try handle.write(contentsOf: Data(text.utf8))
                text.removeAll(keepingCapacity: true)
            }
        }
        while let record = try reader.next() {
            driver.deliver(record, into: &matches)
            try write(false)
        }
        driver.finish(before: manifest.horizon, into: &matches)
        // An external policy that failed fails the replay (nothing written); otherwise it hears `end`.
        if let failure = driver.engine.strategy.failure { throw failure }
        driver.engine.strategy.finish { [] }
        try write(true)
        try handle.close()
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.moveItem(at: staging, to: target)
        done = true
        return Outcome(
            records: driver.processed, matches: driver.emitted, ticks: driver.ticksFired,
            wallSeconds: Date().timeIntervalSince(started), file: target)
    }
}
