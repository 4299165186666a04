import Core
import Foundation
import Yams

/// One problem found in a scenario, with its place for ordering and reporting.
struct ScenarioIssue {
    /// The field the message is about (empty for the whole file).
    var field: FieldPath
    /// 1-based line, when known.
    var line: Int?
    /// Column, for ordering problems on one line.
    var column: Int
    /// What is wrong.
    var message: String
    /// Order of discovery, the last tie-breaker.
    var sequence: Int
    /// A missing field: it has no place of its own in the file, so it is reported only
    /// when nothing that is written is wrong (a misspelt key explains it better).
    var deferred = false
}

/// A bound a number (or duration) must respect.
enum Bound {
    /// Strictly greater than.
    case above(Double)
    /// Greater than or equal; `shown` replaces the number in the message when given.
    case atLeast(Double, shown: String? = nil)
    /// Less than or equal; `shown` replaces the number in the message when given.
    case atMost(Double, shown: String? = nil)
}

/// Checks the raw scenario against the rules, collects problems with their places, and
/// builds the typed ``Scenario`` (meaningful only when no problem was found).
struct ScenarioBuilder {
    /// The composed file, for places and presence of keys.
    let document: YAMLDocument
    /// Folder relative paths are resolved against (absolute, standardized).
    let baseDirectory: URL
    /// Strategy names `matching.strategy` must be one of.
    let knownStrategies: [String]
    /// Policy names `supply.repositioning.policy` must be one of.
    let knownPolicies: [String]
    /// Problems found so far, in discovery order.
    private(set) var issues: [ScenarioIssue] = []

    init(document: YAMLDocument, baseDirectory: URL, knownStrategies: [String], knownPolicies: [String]) {
        self.document = document
        self.baseDirectory = baseDirectory
        self.knownStrategies = knownStrategies
        self.knownPolicies = knownPolicies
    }

    /// The first problem in file order; missing fields come after every written problem.
    var firstIssue: ScenarioIssue? {
        issues.min { a, b in
            (a.deferred ? 1 : 0, a.line ?? 0, a.column, a.sequence)
                < (b.deferred ? 1 : 0, b.line ?? 0, b.column, b.sequence)
        }
    }

    // MARK: Recording

    /// Records `message` about the value at `path`, placed at its key (or nearest ancestor).
    mutating func record(_ path: FieldPath, _ message: String) {
        record(field: path, mark: document.location(of: path), message)
    }

    /// Records `message` about `field`, placed at `mark`.
    mutating func record(field: FieldPath, mark: Mark?, _ message: String) {
        issues.append(ScenarioIssue(field: field, line: mark?.line, column: mark?.column ?? 0,
                                    message: message, sequence: issues.count))
    }

    // MARK: Unknown keys and empty values

    /// Records every key the `shape` does not know (with a did-you-mean) and every known
    /// key left without a value, walking the whole tree.
    mutating func checkKeys(_ node: Node, shape: Shape, path: FieldPath) {
        switch (shape, node) {
        case (.map(let fields), .mapping(let mapping)):
            for (key, value) in mapping {
                guard let scalar = key.scalar, !YAMLDocument.isNullTag(scalar) else {
                    record(field: path, mark: key.mark, "keys must be plain names, got \(YAMLDocument.describe(key))")
                    continue
                }
                let name = scalar.string
                if name == "<<" { continue }  // YAML merge key: its contents are checked by decoding
                guard let field = fields.first(where: { $0.key == name }) else {
                    var message = "unknown field '\(name)'"
                    if let near = ScenarioText.suggestion(for: name, among: fields.map(\.key)) {
                        message += " (did you mean '\(near)'?)"
                    }
                    record(field: path, mark: key.mark, message)
                    continue
                }
                if YAMLDocument.isNull(value) {
                    record(field: path.appending(name), mark: key.mark, "missing value")
                } else {
                    checkKeys(value, shape: field.shape, path: path.appending(name))
                }
            }
        case (.list(let element), .sequence(let sequence)):
            for (i, item) in sequence.enumerated() {
                checkKeys(item, shape: element, path: path + [.index(i)])
            }
        default:
            break  // scalars, and wrong types, which decoding reports
        }
    }

    // MARK: Value checks

    /// `value`, or a "is required" problem when the key is absent from a mapping that is
    /// written (a missing or mistyped parent is reported on its own).
    mutating func required<T>(_ value: T?, _ path: FieldPath) -> T? {
        if value == nil, !document.contains(path) {
            let parent = FieldPath(path.dropLast())
            if parent.isEmpty || document.isMapping(parent) {
                record(path, "is required")
                issues[issues.count - 1].deferred = true
            }
        }
        return value
    }

    /// `value` if finite and within `bounds`, else `nil` and a problem.
    mutating func number(_ value: Double?, _ path: FieldPath, _ bounds: Bound...) -> Double? {
        guard let value else { return nil }
        guard value.isFinite else {
            record(path, "must be a finite number, got \(ScenarioText.number(value))")
            return nil
        }
        return check(value, shown: ScenarioText.number(value), path, bounds) ? value : nil
    }

    /// `value` if within `bounds`, else `nil` and a problem.
    mutating func integer(_ value: Int?, _ path: FieldPath, _ bounds: Bound...) -> Int? {
        guard let value else { return nil }
        return check(Double(value), shown: String(value), path, bounds) ? value : nil
    }

    /// Seconds of a written duration if it parses and is within `bounds`, else `nil` and a
    /// problem.
    mutating func duration(_ value: DurationText?, _ path: FieldPath, _ bounds: Bound...) -> Double? {
        guard let value else { return nil }
        guard let seconds = ScenarioText.parseDuration(value.text) else {
            record(path, ScenarioText.badDurationMessage(value.text))
            return nil
        }
        return check(seconds, shown: value.text, path, bounds) ? seconds : nil
    }

    private mutating func check(_ value: Double, shown: String, _ path: FieldPath, _ bounds: [Bound]) -> Bool {
        for bound in bounds {
            switch bound {
            case .above(let b) where !(value > b):
                record(path, "must be > \(ScenarioText.number(b)), got \(shown)")
                return false
            case .atLeast(let b, let label) where !(value >= b):
                record(path, "must be >= \(label ?? ScenarioText.number(b)), got \(shown)")
                return false
            case .atMost(let b, let label) where !(value <= b):
                record(path, "must be <= \(label ?? ScenarioText.number(b)), got \(shown)")
                return false
            default:
                continue
            }
        }
        return true
    }

    /// A point from written latitude and longitude (both required, finite, in range).
    mutating func point(lat: Double?, lon: Double?, _ path: FieldPath) -> GeoPoint {
        let lat = number(required(lat, path.appending("lat")), path.appending("lat"), .atLeast(-90), .atMost(90))
        let lon = number(required(lon, path.appending("lon")), path.appending("lon"), .atLeast(-180), .atMost(180))
        return GeoPoint(lat: lat ?? 0, lon: lon ?? 0)
    }

    /// The absolute URL of a path written in the scenario, checked to be an existing file.
    mutating func existingFile(_ written: String?, _ path: FieldPath) -> URL? {
        guard let written else { return nil }
        guard !written.trimmingCharacters(in: .whitespaces).isEmpty else {
            record(path, "must not be empty")
            return nil
        }
        var expanded = written
        if expanded == "~" || expanded.hasPrefix("~/") {
            expanded = FileManager.default.homeDirectoryForCurrentUser.path + expanded.dropFirst()
        }
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded).standardizedFileURL
            : baseDirectory.appendingPathComponent(expanded).standardizedFileURL
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            record(path, "file not found: \(url.path)")
        } else if isFolder.boolValue {
            record(path, "is a folder, not a file: \(url.path)")
        }
        return url
    }

    /// A registered strategy name, or a problem naming the known ones.
    mutating func strategy(_ name: String?, _ path: FieldPath) -> String? {
        guard let name else { return nil }
        guard knownStrategies.contains(name) else {
            let known = knownStrategies.isEmpty ? "none" : knownStrategies.joined(separator: ", ")
            var message = "unknown strategy '\(name)' (known: \(known))"
            if let near = ScenarioText.suggestion(for: name, among: knownStrategies) {
                message += "; did you mean '\(near)'?"
            }
            record(path, message)
            return nil
        }
        return name
    }
}
