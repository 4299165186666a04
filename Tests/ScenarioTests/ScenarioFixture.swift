import Foundation
@testable import Scenario

/// The strategy names the tests pretend are registered.
let knownStrategies = ["nearest", "fastest-eta", "batch", "weighted"]

/// A temporary folder laid out like the repository: `scenarios/` (the base directory of
/// parsed YAML) and `data/` with empty `traffic.sqlite`, `trips.csv` and `drivers.csv`.
struct Fixture {
    /// The temporary root folder.
    let root: URL
    /// Where scenario files live; relative paths resolve from here.
    var scenarios: URL { root.appendingPathComponent("scenarios") }
    /// The data folder.
    var data: URL { root.appendingPathComponent("data") }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ridematch-scenario-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scenarios"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"),
                                                withIntermediateDirectories: true)
        for name in ["traffic.sqlite", "trips.csv", "drivers.csv"] {
            _ = FileManager.default.createFile(atPath: root.appendingPathComponent("data/\(name)").path, contents: Data())
        }
    }

    /// Absolute path of a file in `data/`.
    func dataPath(_ name: String) -> String { data.appendingPathComponent(name).path }

    /// Parses `yaml` as `scenarios/x.yaml` of this fixture.
    func parse(_ yaml: String, strategies: [String] = knownStrategies) throws -> Scenario {
        try Scenario.parse(yaml: yaml, file: "scenarios/x.yaml", baseDirectory: scenarios,
                           knownStrategies: strategies)
    }

    /// The description of the error parsing `yaml` throws, or a note that it did not fail.
    func error(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "<no error>"
        } catch let error as ScenarioError {
            return error.description
        } catch {
            return "<not a ScenarioError: \(error)>"
        }
    }

    /// Removes the folder.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// A minimal valid scenario; line numbers matter to the error tests:
///
///     1 name: test
///     2 duration: 2h
///     3 city:
///     4   center: {lat: 40.758, lon: -73.985}
///     5   radius_km: 6
///     6 traffic:
///     7   database: ../data/traffic.sqlite
///     8 demand:
///     9   requests_per_hour: 3000
///    10 supply:
///    11   drivers: 800
let minimalYAML = """
    name: test
    duration: 2h
    city:
      center: {lat: 40.758, lon: -73.985}
      radius_km: 6
    traffic:
      database: ../data/traffic.sqlite
    demand:
      requests_per_hour: 3000
    supply:
      drivers: 800

    """

/// `minimalYAML` with line `line` (1-based) replaced by `text` (which may hold several
/// lines, or be empty to delete the line).
func minimal(replacing line: Int, with text: String) -> String {
    var lines = minimalYAML.components(separatedBy: "\n")
    if text.isEmpty {
        lines.remove(at: line - 1)
    } else {
        lines[line - 1] = text
    }
    return lines.joined(separator: "\n")
}

/// `minimalYAML` followed by `text`.
func minimal(appending text: String) -> String { minimalYAML + text + "\n" }
