import Foundation
import Testing

/// The repository root, found from this file's path.
let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped traffic database.
let trafficDB = repoRoot.appendingPathComponent("data/traffic.sqlite")

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("ridematch-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small, busy scenario (20 simulated minutes) as YAML; `extra` is appended verbatim.
func smallScenarioYAML(name: String = "small", seed: Int = 7, drivers: Int = 120, rate: Int = 900, extra: String = "") -> String {
    """
    name: \(name)
    seed: \(seed)
    start: 2026-03-02T08:00:00-05:00
    duration: 20m
    city:
      center: {lat: 40.758, lon: -73.985}
      radius_km: 3
    traffic:
      database: \(trafficDB.path)
    demand:
      requests_per_hour: \(rate)
      hotspots: [{lat: 40.7506, lon: -73.9935, radius_km: 0.8, weight: 2}]
      patience: {median: 3m, sigma: 0.6}
    supply:
      drivers: \(drivers)
      delivery_delay: {mean: 800ms, max: 4s}
    \(extra)
    """
}

/// Writes a scenario file into `folder` and returns its path.
func writeScenario(_ yaml: String, in folder: URL, file: String = "scenario.yaml") throws -> String {
    let url = folder.appendingPathComponent(file)
    try yaml.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// What a CLI invocation did.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// The built `ridematch` executable (it sits beside the test bundle).
func ridematchBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ridematch"),
        repoRoot.appendingPathComponent(".build/debug/ridematch"),
    ]
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
}

/// Runs the built `ridematch` executable; `environment` entries are added to (or, with an
/// empty value, removed from) this process's environment.
func ridematch(_ arguments: [String], in directory: URL = repoRoot, environment: [String: String] = [:]) throws -> CLIResult {
    let process = Process()
    process.executableURL = try ridematchBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if !environment.isEmpty {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
        process.environment = env
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Parses a simple CSV (no quoted commas) into a header and rows of cells.
func readCSV(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let header = lines.first.map { $0.components(separatedBy: ",") } ?? []
    return (header, lines.dropFirst().map { $0.components(separatedBy: ",") })
}

/// Summary row as a dictionary.
func readSummary(_ folder: URL) throws -> [String: String] {
    let csv = try readCSV(folder.appendingPathComponent("summary.csv"))
    let row = try #require(csv.rows.first)
    return Dictionary(uniqueKeysWithValues: zip(csv.header, row))
}

/// Whether `stdout` is `validate`'s one line for `path`:
/// `ok: PATH (estimate: 4.4 M events, 38 MB peak memory)`.
func isValidateOK(_ stdout: String, _ path: String) -> Bool {
    stdout.hasPrefix("ok: \(path) (estimate: ") && stdout.hasSuffix(" peak memory)\n")
        && stdout.split(separator: "\n").count == 1
}
