import Foundation

// The known keys of a scenario file, for finding unknown keys (`ScenarioBuilder.checkKeys`)
// and checking `--set` paths (`ScenarioOverride.checkPath`). They are not listed by hand:
// `Shape.of` runs a raw struct's `init(from:)` against a decoder that records the keys it is
// asked for, so the raw structs of RawScenario.swift are the one declaration of the file's
// fields, in their declaration order (the order of the scenario reference).

/// The shape of a scenario file: every mapping level lists its known keys.
indirect enum Shape: Sendable {
    /// A scalar (or anything decoded as a whole).
    case value
    /// A list whose elements all have the given shape.
    case list(Shape)
    /// A mapping with these known keys, in declaration order.
    case map([(key: String, shape: Shape)])

    /// The shape of a whole scenario file, read off ``RawScenario``.
    static let scenario = Shape.of(RawScenario.self)

    /// The shape `type` decodes: the containers and keys its `init(from:)` asks for.
    static func of<T: Decodable>(_ type: T.Type) -> Shape {
        let recorder = ShapeRecorder()
        _ = try? T(from: recorder)  // the recorder never throws; the value is a placeholder
        return recorder.shape
    }
}

/// A `Decoder` that answers every request with a placeholder and remembers what was asked:
/// a keyed container (a mapping, with each key decoded from it), an unkeyed one (a list,
/// with the shape of one element) or a single value.
private final class ShapeRecorder: Decoder {
    /// What the decoded type asked this decoder for.
    enum Request {
        case single
        case keyed(KeyLog)
        case unkeyed(ShapeRecorder)
    }

    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    private(set) var request = Request.single

    /// The shape of what was asked for.
    var shape: Shape {
        switch request {
        case .single: return .value
        case .keyed(let log): return .map(log.keys.map { (key: $0.key, shape: $0.recorder.shape) })
        case .unkeyed(let element): return .list(element.shape)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let log = KeyLog()
        request = .keyed(log)
        return KeyedDecodingContainer(KeyedRecorder<Key>(log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = ShapeRecorder()
        request = .unkeyed(element)
        return UnkeyedRecorder(element: element)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleRecorder(decoder: self) }

    /// A placeholder of a standard-library scalar type; `nil` for any other type, which is
    /// then built by its own `init(from:)`.
    static func placeholder<T>(_ type: T.Type) -> T? {
        let scalars: [Any] = [false, "", 0.0, Float(0), 0, Int8(0), Int16(0), Int32(0), Int64(0),
                              UInt(0), UInt8(0), UInt16(0), UInt32(0), UInt64(0)]
        return scalars.lazy.compactMap { $0 as? T }.first
    }

    /// A value of `type` decoded from `decoder`: a placeholder scalar, or the type's own
    /// decoding run against the recorder.
    static func value<T: Decodable>(_ type: T.Type, from decoder: ShapeRecorder) throws -> T {
        if let scalar = placeholder(type) { return scalar }
        return try T(from: decoder)
    }
}

/// The keys asked of one keyed container, in order, each with the recorder of its value.
private final class KeyLog {
    var keys: [(key: String, recorder: ShapeRecorder)] = []

    /// The recorder for `key` (one per key, however often it is asked for).
    func recorder(for key: String) -> ShapeRecorder {
        if let known = keys.first(where: { $0.key == key }) { return known.recorder }
        let recorder = ShapeRecorder()
        keys.append((key, recorder))
        return recorder
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let log: KeyLog
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    // One generic witness serves every `decode(_:forKey:)` requirement (Bool, String, Double, …).
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ShapeRecorder.value(type, from: log.recorder(for: key.stringValue))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try log.recorder(for: key.stringValue).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try log.recorder(for: key.stringValue).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { log.recorder(for: "super") }
    func superDecoder(forKey key: Key) throws -> any Decoder { log.recorder(for: key.stringValue) }
}

/// A list of one element: its shape is the list's element shape.
private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let element: ShapeRecorder
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try ShapeRecorder.value(type, from: element)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return try element.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return try element.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        return element
    }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let decoder: ShapeRecorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ShapeRecorder.value(type, from: decoder)
    }
}
