import Foundation
import Yams

extension Scenario {
    /// The policy names a scenario is checked against when the caller names none: only the
    /// policy of a scenario without `supply.repositioning` (`stay`). The registry of the
    /// Matching module is the list of the others; the pipeline passes its names.
    public static let defaultPolicies = [Repositioning().policy]

    /// Reads, validates and types the scenario file at `path`.
    ///
    /// Relative paths inside the file (`traffic.database`, `demand.trips`,
    /// `supply.drivers_file`) are resolved against the file's folder; `path` itself is
    /// resolved against the current directory and quoted as typed in errors.
    ///
    /// - Parameters:
    ///   - path: The scenario file, as the user typed it.
    ///   - knownStrategies: Registered strategy names `matching.strategy` must be one of.
    ///   - overrides: `--set` overrides, applied in order to the file's YAML tree before it
    ///     is checked; a problem with an overridden value names the override.
    ///   - knownPolicies: Registered repositioning policies `supply.repositioning.policy` must
    ///     be one of (the pipeline passes its registry's names; by default only ``defaultPolicies``).
    /// - Throws: ``ScenarioError`` for the first problem in file order (only that type).
    public static func load(
        path: String, knownStrategies: [String], overrides: [ScenarioOverride] = [],
        knownPolicies: [String] = defaultPolicies
    ) throws -> Scenario {
        let (yaml, url) = try readText(path: path)
        return try parse(yaml: yaml, file: path, baseDirectory: url.deletingLastPathComponent(),
                         knownStrategies: knownStrategies, overrides: overrides, knownPolicies: knownPolicies)
    }

    /// Validates and types a scenario given as YAML text; ``load(path:knownStrategies:overrides:knownPolicies:)``
    /// reads the file and calls this.
    ///
    /// - Parameters:
    ///   - yaml: The scenario file's contents.
    ///   - file: The file name used in errors (as the user typed it); its last component,
    ///     inside `baseDirectory`, becomes ``Scenario/file``.
    ///   - baseDirectory: The folder relative paths in the scenario are resolved against.
    ///   - knownStrategies: Registered strategy names `matching.strategy` must be one of.
    ///   - overrides: `--set` overrides (see ``load(path:knownStrategies:overrides:knownPolicies:)``).
    ///   - knownPolicies: Registered repositioning policies `supply.repositioning.policy` must
    ///     be one of (by default only ``defaultPolicies``).
    /// - Throws: ``ScenarioError`` for the first problem in file order (only that type).
    public static func parse(yaml: String, file: String, baseDirectory: URL,
                             knownStrategies: [String], overrides: [ScenarioOverride] = [],
                             knownPolicies: [String] = defaultPolicies) throws -> Scenario {
        var root = try compose(yaml: yaml, file: file)
        guard case .mapping = root else {
            throw ScenarioError(file: file, line: root.mark?.line, field: "",
                                message: "the top level must be a mapping of settings (name: ..., duration: ...), "
                                    + "got \(YAMLDocument.describe(root))")
        }
        for override in overrides {
            try override.checkPath(in: .scenario)
            root = try override.apply(to: root)
        }
        let document = YAMLDocument(root: root)
        let base = baseDirectory.absoluteURL.standardizedFileURL
        var builder = ScenarioBuilder(document: document, baseDirectory: base, knownStrategies: knownStrategies,
                                      knownPolicies: knownPolicies)
        builder.checkKeys(root, shape: .scenario, path: [])

        let log = DecodeProblemLog()
        let raw: RawScenario
        do {
            raw = try YAMLDecoder().decode(RawScenario.self, from: root, userInfo: [DecodeProblemLog.key: log])
        } catch {
            throw ScenarioError(file: file, line: root.mark?.line, field: "", message: "cannot decode: \(error)")
        }
        for problem in log.problems {
            let got = document.node(at: problem.path).map(YAMLDocument.describe) ?? "nothing"
            builder.record(problem.path, "expected \(problem.expected), got \(got)")
        }

        let fileURL = base.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent)
        let scenario = builder.build(raw, file: fileURL)
        // A problem with an overridden value names the override, not the file's line.
        for issue in builder.issues.sorted(by: { $0.sequence < $1.sequence }) {
            if let override = overrides.last(where: { $0.covers(issue.field) }) {
                throw ScenarioError(file: override.origin, line: nil, field: issue.field.dotted, message: issue.message)
            }
        }
        if let first = builder.firstIssue {
            throw ScenarioError(file: file, line: first.line, field: first.field.dotted, message: first.message)
        }
        return scenario
    }

    /// The UTF-8 text of the file at `path` (as typed) and its standardized URL; a file that
    /// cannot be read is a ``ScenarioError`` naming it.
    static func readText(path: String) throws -> (String, URL) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read file: no such file")
        }
        guard !isFolder.boolValue else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read file: it is a folder")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read file: permission denied")
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read file: not UTF-8 text")
        }
        return (yaml, url)
    }

    /// The document's root node, or the YAML syntax error as a ``ScenarioError``.
    static func compose(yaml: String, file: String) throws -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, yaml: yaml, file: file)
        } catch {
            throw ScenarioError(file: file, line: nil, field: "", message: "invalid YAML: \(error)")
        }
        guard let root, !YAMLDocument.isNull(root) else {
            throw ScenarioError(file: file, line: nil, field: "", message: "the file is empty (no settings)")
        }
        return root
    }

    /// A Yams/libyaml error as a one-line ``ScenarioError`` at the line it names.
    private static func syntaxError(_ error: YamlError, yaml: String, file: String) -> ScenarioError {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        // libyaml reports an unexpected end of input one line past the last one.
        let lastLine = max(1, yaml.hasSuffix("\n") ? lines.count - 1 : lines.count)
        func make(_ line: Int?, _ problem: String, _ context: YamlError.Context?) -> ScenarioError {
            let line = line.map { min(max($0, 1), lastLine) }
            var message = "invalid YAML: \(problem)"
            if problem == "but found another document" {
                message = "invalid YAML: a scenario file holds one document, found a second one"
            } else if let context, !context.text.isEmpty {
                message += " (\(context.text) at line \(min(context.mark.line, lastLine)))"
            }
            if let line, lines.indices.contains(line - 1), lines[line - 1].contains("\t") {
                message += "; tabs cannot indent YAML, use spaces"
            }
            return ScenarioError(file: file, line: line, field: "", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return make(mark.line, problem, context)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { yaml.prefix($0).filter { $0 == "\n" }.count + 1 }
            return make(line, problem, nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ScenarioError(file: file, line: context.mark.line > 0 ? context.mark.line : nil, field: "",
                                 message: "duplicate key \(keys) in one mapping")
        default:
            return make(nil, "\(error)", nil)
        }
    }
}

/// A composed YAML tree with look-ups by ``FieldPath``, for line numbers and messages.
struct YAMLDocument {
    /// The document's root node.
    let root: Node

    /// The node at `path`, or `nil` if some step is missing.
    func node(at path: FieldPath) -> Node? {
        var node = root
        for component in path {
            guard let next = child(of: node, component)?.value else { return nil }
            node = next
        }
        return node
    }

    /// Line and column of `path`: of its last key (or list element); of the nearest
    /// existing ancestor when the path does not exist; `nil` for the root.
    func location(of path: FieldPath) -> Mark? {
        var node = root
        var mark: Mark?
        for component in path {
            guard let next = child(of: node, component) else { break }
            mark = next.mark
            node = next.value
        }
        return mark
    }

    /// Whether the key or element at the end of `path` is written in the file.
    func contains(_ path: FieldPath) -> Bool { node(at: path) != nil }

    /// Whether `path` is the root or names a mapping in the file.
    func isMapping(_ path: FieldPath) -> Bool {
        if case .mapping = node(at: path) { return true }
        return false
    }

    /// The child along `component` and the mark of its key (or of the element itself).
    private func child(of node: Node, _ component: PathComponent) -> (value: Node, mark: Mark?)? {
        switch (component, node) {
        case (.key(let key), .mapping(let mapping)):
            guard let pair = mapping.first(where: { $0.key.string == key }) else { return nil }
            return (pair.value, pair.key.mark)
        case (.index(let i), .sequence(let sequence)):
            guard sequence.indices.contains(i) else { return nil }
            return (sequence[i], sequence[i].mark)
        default:
            return nil
        }
    }

    /// How a value reads in "got …": `'abc'`, `"5" (quoted, so text)`, `a list`, `nothing`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNullTag(scalar) { return "nothing" }
            if scalar.style == .plain || scalar.style == .any { return "'\(scalar.string)'" }
            return "\"\(scalar.string)\" (quoted, so text)"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Whether the scalar is YAML null (plain `~`, `null` or nothing), not quoted text; the
    /// same test Yams' decoder applies.
    static func isNullTag(_ scalar: Node.Scalar) -> Bool {
        NSNull.construct(from: scalar) != nil
    }

    /// Whether `node` is an explicit or empty null (`key:` with nothing after it).
    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node { return isNullTag(scalar) }
        return false
    }
}
