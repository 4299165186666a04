import Foundation
import Yams

/// A sweep file: a scenario, fixed overrides, a grid of overrides whose cross product are
/// the grid points, and the seeds every point is run with (common random numbers).
///
/// ```yaml
/// name: fleet-size
/// scenario: ../scenarios/quickstart.yaml
/// set: {duration: 1h}             # optional: overrides applied to every run
/// grid:                           # the cross product of these overrides
///   supply.drivers: [800, 1000, 1200, 1400]
///   matching.strategy: [nearest, batch]
/// seeds: 10                       # or a list of seeds, e.g. [1, 2, 3]
/// ```
public struct SweepFile: Sendable, Equatable {
    /// One grid axis: a scenario field and the values it takes, as YAML text.
    public struct Axis: Sendable, Equatable, Codable {
        /// The field path, e.g. `supply.drivers`.
        public var path: String
        /// The values, as YAML text (`800`, `10s`, `batch`).
        public var values: [String]

        /// An axis of `path` over `values`.
        public init(path: String, values: [String]) {
            self.path = path
            self.values = values
        }
    }

    /// The sweep's name: its output folder under `--out`.
    public var name: String
    /// The sweep file as the user typed its path.
    public var file: String
    /// The scenario file (absolute).
    public var scenario: URL
    /// Overrides applied to every run, before the grid's.
    public var fixed: [ScenarioOverride]
    /// The grid axes, in file order; the first is the x axis of the charts.
    public var axes: [Axis]
    /// The seeds of the replications of every grid point.
    public var seeds: [UInt64]

    /// The grid points (cross product of the axes, the first axis outermost), each as one
    /// value index per axis.
    public var points: [[Int]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { p in axis.values.indices.map { p + [$0] } } }
    }

    /// The overrides of one grid point (fixed ones first).
    public func overrides(point: [Int]) -> [ScenarioOverride] {
        fixed + zip(axes, point).map { axis, i in
            // Paths were checked when the file was read.
            try! ScenarioOverride(path: axis.path, value: axis.values[i])
        }
    }

    /// Reads and checks the sweep file at `path`: its keys, the scenario, every grid value
    /// (applied to the scenario and checked like the file) and every grid point.
    ///
    /// - Parameters:
    ///   - path: The sweep file, as the user typed it.
    ///   - knownStrategies: Registered strategy names (as for ``Scenario/load(path:knownStrategies:overrides:knownPolicies:)``).
    ///   - knownPolicies: Registered repositioning policy names (likewise).
    /// - Throws: ``ScenarioError`` naming the sweep file, line and field; or, for a problem
    ///   in the scenario file itself, the scenario's own error.
    public static func load(path: String, knownStrategies: [String],
                            knownPolicies: [String] = Scenario.defaultPolicies) throws -> SweepFile {
        let (yaml, url) = try Scenario.readText(path: path)
        let root = try Scenario.compose(yaml: yaml, file: path)
        let reader = SweepReader(file: path, root: root, folder: url.deletingLastPathComponent(),
                                 knownStrategies: knownStrategies, knownPolicies: knownPolicies)
        return try reader.read()
    }

    /// YAML text that reads back as `node` (plain scalars as written, quoted ones quoted).
    static func yamlText(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any { return scalar.string }
            return "'" + scalar.string.replacingOccurrences(of: "'", with: "''") + "'"
        case .sequence(let sequence):
            return "[" + sequence.map(yamlText).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            return "{" + mapping.map { "\(yamlText($0.key)): \(yamlText($0.value))" }.joined(separator: ", ") + "}"
        case .alias:
            return ""
        }
    }
}

/// Reads a composed sweep file into a ``SweepFile``, with file:line:field errors.
private struct SweepReader {
    let file: String
    let root: Node
    let folder: URL
    let knownStrategies: [String]
    let knownPolicies: [String]
    static let keys = ["name", "scenario", "set", "grid", "seeds"]

    func fail(_ node: Node?, _ field: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line, field: field, message: message)
    }

    /// The key node and value of `key` in the top-level mapping.
    func entry(_ key: String) -> (key: Node, value: Node)? {
        root.mapping?.first { $0.key.string == key }
    }

    func read() throws -> SweepFile {
        guard let mapping = root.mapping else {
            throw fail(root, "", "the top level must be a mapping (name, scenario, grid, seeds), got \(YAMLDocument.describe(root))")
        }
        for (key, _) in mapping where !Self.keys.contains(key.string ?? "") {
            var message = "unknown field '\(key.string ?? YAMLDocument.describe(key))'"
            if let near = ScenarioText.suggestion(for: key.string ?? "", among: Self.keys) { message += " (did you mean '\(near)'?)" }
            throw fail(key, "", message)
        }
        let name = try text("name")
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
        }
        guard !name.isEmpty, allowed, !name.allSatisfy({ $0 == "." }) else {
            throw fail(entry("name")?.key, "name", "must use only letters, digits, '-', '_' and '.' (it names a folder), got '\(name)'")
        }
        let scenarioText = try text("scenario")
        let scenario = scenarioText.hasPrefix("/")
            ? URL(fileURLWithPath: scenarioText).standardizedFileURL
            : folder.appendingPathComponent(scenarioText).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scenario.path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw fail(entry("scenario")?.key, "scenario", "file not found: \(scenario.path)")
        }
        let fixed = try fixedOverrides()
        let (axes, items) = try grid()
        var sweep = SweepFile(name: name, file: file, scenario: scenario, fixed: fixed, axes: axes, seeds: [])
        // Every grid point is checked like a file; a problem with one of its values is placed
        // at that value (or `set:` key) in the sweep file.
        var base: Scenario?
        for point in sweep.points {
            do {
                let loaded = try Scenario.load(path: scenario.path, knownStrategies: knownStrategies,
                                               overrides: sweep.overrides(point: point), knownPolicies: knownPolicies)
                if base == nil { base = loaded }
            } catch let error as ScenarioError {
                for (a, axis) in axes.enumerated() where error.file == "--set \(axis.path)=\(axis.values[point[a]])" {
                    throw fail(items[a][point[a]], "grid.\(axis.path)[\(point[a])]", Self.message(error, within: axis.path))
                }
                if let override = fixed.first(where: { $0.origin == error.file }),
                   let key = entry("set")?.value.mapping?.first(where: { $0.key.string == override.path })?.key {
                    throw fail(key, "set.\(override.path)", Self.message(error, within: override.path))
                }
                guard base != nil else { throw error }  // the scenario itself, at the first point
                let names = zip(axes, point).map { "\($0.path)=\($0.values[$1])" }.joined(separator: ", ")
                throw fail(entry("grid")?.key, "grid", "the point \(names): \(error.description)")
            }
        }
        sweep.seeds = try seeds(base: base?.seed ?? 1)
        return sweep
    }

    func text(_ key: String) throws -> String {
        guard let (keyNode, value) = entry(key) else { throw fail(nil, key, "is required") }
        guard case .scalar(let scalar) = value, !YAMLDocument.isNullTag(scalar) else {
            throw fail(keyNode, key, "expected a text value, got \(YAMLDocument.describe(value))")
        }
        return scalar.string
    }

    /// `set:`: a mapping of field path to value, applied to every run.
    func fixedOverrides() throws -> [ScenarioOverride] {
        guard let (keyNode, value) = entry("set") else { return [] }
        guard let mapping = value.mapping else {
            throw fail(keyNode, "set", "expected a mapping of field: value, got \(YAMLDocument.describe(value))")
        }
        return try mapping.map { key, value in
            try override(key: key, value: SweepFile.yamlText(value), field: "set.\(key.string ?? "")", at: key)
        }
    }

    /// An override from the sweep file, its errors placed at `node` in the sweep file.
    func override(key: Node, value: String, field: String, at node: Node) throws -> ScenarioOverride {
        do {
            let override = try ScenarioOverride(path: key.string ?? "", value: value)
            try override.checkPath(in: .scenario)
            return override
        } catch let error as ScenarioError {
            throw fail(node, field, error.field.isEmpty ? error.message : "\(error.field): \(error.message)")
        }
    }

    /// `error`'s message, prefixed with its field when that is not `path` itself.
    static func message(_ error: ScenarioError, within path: String) -> String {
        (error.field == path || error.field.isEmpty ? "" : "\(error.field): ") + error.message
    }

    /// The grid's axes (paths checked against the scenario schema) and each value's node.
    func grid() throws -> ([SweepFile.Axis], [[Node]]) {
        guard let (keyNode, value) = entry("grid") else { throw fail(nil, "grid", "is required") }
        guard let mapping = value.mapping, !mapping.isEmpty else {
            throw fail(keyNode, "grid", "expected a mapping of field: [values], got \(YAMLDocument.describe(value))")
        }
        var axes: [SweepFile.Axis] = [], items: [[Node]] = []
        for (key, list) in mapping {
            let field = "grid.\(key.string ?? "")"
            guard let sequence = list.sequence else {
                throw fail(key, field, "expected a list of values, got \(YAMLDocument.describe(list))")
            }
            guard !sequence.isEmpty else { throw fail(key, field, "the list of values is empty") }
            if axes.contains(where: { $0.path == key.string }) { throw fail(key, field, "is listed twice") }
            var values: [String] = []
            for (i, item) in sequence.enumerated() {
                let text = SweepFile.yamlText(item)
                _ = try override(key: key, value: text, field: field, at: key)
                if values.contains(text) { throw fail(item, "\(field)[\(i)]", "'\(text)' is listed twice") }
                values.append(text)
            }
            axes.append(SweepFile.Axis(path: key.string ?? "", values: values))
            items.append(Array(sequence))
        }
        return (axes, items)
    }

    func seeds(base: UInt64) throws -> [UInt64] {
        guard let (keyNode, value) = entry("seeds") else { return [base] }
        switch value {
        case .scalar(let scalar):
            guard let count = Int(scalar.string), (1...10_000).contains(count) else {
                throw fail(keyNode, "seeds", "must be a number of seeds from 1 to 10000 or a list of seeds, got \(YAMLDocument.describe(value))")
            }
            return (0..<count).map { base &+ UInt64($0) }
        case .sequence(let sequence) where !sequence.isEmpty:
            var seeds: [UInt64] = []
            for (i, item) in sequence.enumerated() {
                guard let seed = item.scalar.flatMap({ UInt64($0.string) }) else {
                    throw fail(item, "seeds[\(i)]", "must be a whole number from 0 to \(UInt64.max), got \(YAMLDocument.describe(item))")
                }
                if seeds.contains(seed) { throw fail(item, "seeds[\(i)]", "seed \(seed) is listed twice") }
                seeds.append(seed)
            }
            return seeds
        default:
            throw fail(keyNode, "seeds", "must be a number of seeds or a non-empty list of seeds, got \(YAMLDocument.describe(value))")
        }
    }
}
