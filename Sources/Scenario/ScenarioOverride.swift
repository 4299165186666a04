import Foundation
import Yams

/// One `--set PATH=VALUE` override of a scenario field, applied to the parsed YAML tree
/// before it is decoded, so the value is checked exactly as if it were written in the file.
///
/// `PATH` is the dotted field path of docs/scenarios.md, with `[i]` for list elements
/// (`supply.drivers`, `matching.batch_window`, `demand.hotspots[0].weight`); `VALUE` is YAML
/// (`800`, `10s`, `batch`, `[1, 2]`, `{lat: 40.7, lon: -74}`). `null` or `~` (or nothing)
/// removes the field, as if it were not written. Missing mappings on the way are created.
/// Overrides are generic over the tree: any field the scenario schema knows can be set.
public struct ScenarioOverride: Sendable, Hashable, CustomStringConvertible {
    /// The field path as typed, e.g. `supply.drivers`.
    public let path: String
    /// The value as typed (YAML text), e.g. `800`.
    public let value: String
    /// The parsed path.
    let components: FieldPath

    /// `PATH=VALUE`, as typed.
    public var description: String { "\(path)=\(value)" }

    /// Parses `PATH=VALUE`; throws a ``ScenarioError`` naming the argument when malformed.
    public init(parsing argument: String) throws {
        guard let equals = argument.firstIndex(of: "=") else {
            throw ScenarioError(file: "--set \(argument)", line: nil, field: "",
                                message: "expected PATH=VALUE (e.g. supply.drivers=800)")
        }
        try self.init(path: String(argument[..<equals]), value: String(argument[argument.index(after: equals)...]))
    }

    /// An override of `path` (dotted, as typed) with `value` (YAML text).
    public init(path: String, value: String) throws {
        self.path = path.trimmingCharacters(in: .whitespaces)
        self.value = value
        guard let components = Self.parsePath(self.path) else {
            throw ScenarioError(file: "--set \(path)=\(value)", line: nil, field: "",
                                message: "bad field path '\(path)' (use dotted names, e.g. supply.drivers or demand.hotspots[0].weight)")
        }
        self.components = components
    }

    /// The name this override goes by in errors: `--set PATH=VALUE`.
    var origin: String { "--set \(description)" }

    /// `a.b[2].c` as path components; `nil` when malformed.
    static func parsePath(_ text: String) -> FieldPath? {
        guard !text.isEmpty else { return nil }
        var path: FieldPath = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(segment)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { return nil }
            path.append(.key(String(name)))
            rest = rest.dropFirst(name.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0 else { return nil }
                path.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return path
    }

    /// The value as a YAML node; `nil` for null (remove the field).
    func valueNode() throws -> Node? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: value)
        } catch {
            throw ScenarioError(file: origin, line: nil, field: path, message: "the value is not valid YAML")
        }
        guard let node, !YAMLDocument.isNull(node) else { return nil }
        return node
    }

    /// Checks the path against the scenario's shape: every key must be a known field.
    func checkPath(in shape: Shape) throws {
        var shape = shape
        var walked: FieldPath = []
        for component in components {
            switch (component, shape) {
            case (.key(let key), .map(let fields)):
                guard let field = fields.first(where: { $0.key == key }) else {
                    var message = "unknown field '\(key)'"
                    if let near = ScenarioText.suggestion(for: key, among: fields.map(\.key)) {
                        message += " (did you mean '\(near)'?)"
                    }
                    throw ScenarioError(file: origin, line: nil, field: walked.dotted, message: message)
                }
                shape = field.shape
            case (.index, .list(let element)):
                shape = element
            case (.index, _):
                throw ScenarioError(file: origin, line: nil, field: walked.dotted, message: "is not a list, [i] does not apply")
            case (.key(let key), _):
                throw ScenarioError(file: origin, line: nil, field: walked.dotted,
                                    message: "is not a mapping, it has no field '\(key)'")
            }
            walked.append(component)
        }
    }

    /// `root` with this override applied.
    func apply(to root: Node) throws -> Node {
        try set(root, at: components[...], to: try valueNode(), walked: []) ?? root
    }

    private func set(_ node: Node?, at path: ArraySlice<PathComponent>, to value: Node?, walked: FieldPath) throws -> Node? {
        guard let first = path.first else { return value }
        let here = walked + [first]
        switch first {
        case .key(let key):
            var pairs: [(Node, Node)] = []
            var tag = Tag.implicit, style = Node.Mapping.Style.any, mark: Mark?
            switch node {
            case .mapping(let mapping)?:
                pairs = mapping.map { ($0.key, $0.value) }
                (tag, style, mark) = (mapping.tag, mapping.style, mapping.mark)
            case nil:
                break
            case let other? where YAMLDocument.isNull(other):
                break
            case let other?:
                throw ScenarioError(file: origin, line: nil, field: walked.dotted,
                                    message: "is \(YAMLDocument.describe(other)) in the scenario, not a mapping, so '\(key)' cannot be set inside it")
            }
            let index = pairs.firstIndex { $0.0.string == key }
            let child = try set(index.map { pairs[$0].1 }, at: path.dropFirst(), to: value, walked: here)
            switch (index, child) {
            case (let i?, let child?): pairs[i].1 = child
            case (let i?, nil): pairs.remove(at: i)
            case (nil, let child?): pairs.append((Node(key), child))
            case (nil, nil): break
            }
            return .mapping(Node.Mapping(pairs, tag, style, mark))
        case .index(let i):
            guard case .sequence(let sequence)? = node else {
                throw ScenarioError(file: origin, line: nil, field: walked.dotted,
                                    message: "is not a list in the scenario, so [\(i)] cannot be set")
            }
            var items = Array(sequence)
            guard items.indices.contains(i) else {
                throw ScenarioError(file: origin, line: nil, field: here.dotted,
                                    message: "the list has \(items.count) element\(items.count == 1 ? "" : "s")")
            }
            if let child = try set(items[i], at: path.dropFirst(), to: value, walked: here) {
                items[i] = child
            } else {
                items.remove(at: i)
            }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        }
    }

    /// Whether `field` is this override's path or lies inside it.
    func covers(_ field: FieldPath) -> Bool {
        field.count >= components.count && Array(field.prefix(components.count)) == components
    }
}
