import Foundation
import Yams

// Decoding support for the raw scenario: YAML paths, the `@Lenient` wrapper that turns a
// value of the wrong type into `nil` plus a recorded problem (so one bad value does not
// abort decoding and problems can be reported in file order), and kind names for messages.

/// One place in a YAML document: a mapping key or a list index.
enum PathComponent: Hashable {
    case key(String)
    case index(Int)
}

/// A path from the document root; its description is the dotted form of error messages.
typealias FieldPath = [PathComponent]

extension Array where Element == PathComponent {
    /// Dotted form, e.g. `demand.hotspots[1].weight`; empty for the root.
    var dotted: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    /// This path followed by `key`.
    func appending(_ key: String) -> FieldPath { self + [.key(key)] }
}

/// A value that could not be decoded as the type the scenario expects there.
struct DecodeProblem {
    /// Where the offending value is.
    var path: FieldPath
    /// What was expected, e.g. `a number`.
    var expected: String
}

/// Collects ``DecodeProblem``s while `YAMLDecoder` runs (passed through `userInfo`).
final class DecodeProblemLog {
    /// The `userInfo` key under which the log travels.
    static let key = CodingUserInfoKey(rawValue: "ridematch.scenario.decodeProblems")!
    /// Problems in the order they were met.
    var problems: [DecodeProblem] = []
}

/// Something that knows how to name itself in "expected …" messages.
protocol YAMLKind {
    /// E.g. `a number`, `a mapping`.
    static var kindName: String { get }
}

extension Double: YAMLKind { static var kindName: String { "a number" } }
extension Int: YAMLKind { static var kindName: String { "a whole number" } }
extension String: YAMLKind { static var kindName: String { "a text value" } }
extension Bool: YAMLKind { static var kindName: String { "true or false" } }
extension Array: YAMLKind { static var kindName: String { "a list" } }

/// A scalar kept as its written text, checked later (durations, timestamps, seeds).
protocol ScalarText: Decodable, YAMLKind {
    /// The scalar exactly as written in the file.
    var text: String { get }
    /// Wraps the written text.
    init(text: String)
}

extension ScalarText {
    init(from decoder: any Decoder) throws {
        self.init(text: try decoder.singleValueContainer().decode(String.self))
    }
}

/// A duration as written (`90s`, `15m`, `2h` or seconds).
struct DurationText: ScalarText {
    let text: String
    static var kindName: String { "a duration (e.g. 90s, 15m, 2h or a number of seconds)" }
}

/// A timestamp as written (`2026-03-02T08:00:00Z`).
struct TimestampText: ScalarText {
    let text: String
    static var kindName: String { "a timestamp (e.g. 2026-03-02T08:00:00Z)" }
}

/// A whole number that must fit `UInt64`, as written.
struct SeedText: ScalarText {
    let text: String
    static var kindName: String { "a whole number" }
}

/// A mapping-valued section of the file.
protocol RawSection: Decodable, YAMLKind {}
extension RawSection { static var kindName: String { "a mapping (key: value lines)" } }

/// Decodes an optional value without ever failing: a value of the wrong type is logged in
/// the ``DecodeProblemLog`` and reads as `nil`.
@propertyWrapper
struct Lenient<Value: Decodable>: Decodable {
    /// The decoded value, or `nil` when missing, null or of the wrong type.
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    init(from decoder: any Decoder) throws {
        do {
            wrappedValue = try Value(from: decoder)
        } catch let error as DecodingError {
            wrappedValue = nil
            guard let log = decoder.userInfo[DecodeProblemLog.key] as? DecodeProblemLog else { throw error }
            log.problems.append(Self.problem(error, at: decoder.codingPath))
        }
    }

    /// What went wrong, at which path, and what was expected there.
    private static func problem(_ error: DecodingError, at ownPath: [any CodingKey]) -> DecodeProblem {
        let context: DecodingError.Context
        let type: Any.Type?
        switch error {
        case .typeMismatch(let t, let c), .valueNotFound(let t, let c): (type, context) = (t, c)
        case .keyNotFound(_, let c), .dataCorrupted(let c): (type, context) = (nil, c)
        @unknown default: return DecodeProblem(path: convert(ownPath), expected: kindName(Value.self))
        }
        let path = convert(context.codingPath.count >= ownPath.count ? context.codingPath : ownPath)
        // The value at our own path is described by our type; deeper ones (list elements)
        // by the type the decoder wanted there.
        if path.count == ownPath.count || type == nil {
            return DecodeProblem(path: path, expected: kindName(Value.self))
        }
        return DecodeProblem(path: path, expected: kindName(type!))
    }

    private static func kindName(_ type: Any.Type) -> String {
        if let kind = type as? any YAMLKind.Type { return kind.kindName }
        if type == Node.Mapping.self { return RawScenario.kindName }
        if type == Node.Sequence.self { return [Int].kindName }
        return "a single value"
    }

    private static func convert(_ keys: [any CodingKey]) -> FieldPath {
        keys.map { key in key.intValue.map(PathComponent.index) ?? .key(key.stringValue) }
    }
}

extension KeyedDecodingContainer {
    /// Makes a missing or null key read as an empty ``Lenient`` instead of an error.
    func decode<V>(_ type: Lenient<V>.Type, forKey key: Key) throws -> Lenient<V> {
        try decodeIfPresent(type, forKey: key) ?? Lenient(wrappedValue: nil)
    }
}
