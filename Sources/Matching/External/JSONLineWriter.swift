import Core

/// One JSON Lines message written straight into bytes (the `decide` message is the hot
/// part of the external policy protocol: tens of kilobytes per epoch). Numbers are written
/// as ``PolicyMessages/number(_:)`` writes them: integers without a fraction, other values
/// in Swift's shortest form that reads back to the same double, `null` if not finite.
struct JSONLineWriter {
    /// The message so far (no trailing newline).
    private(set) var bytes: [UInt8] = []

    /// An empty message with room for `capacity` bytes.
    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends JSON text as it is.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte (`,`, `[`, …).
    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Appends an integer.
    mutating func int<I: BinaryInteger>(_ value: I) {
        var v = Int64(value)
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            if v == .min { raw("9223372036854775808"); return }
            v = -v
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            bytes.append(contentsOf: buffer[(20 - n)...])
        }
    }

    /// Appends a number (see the type's comment).
    mutating func number(_ x: Double) {
        guard x.isFinite else { raw("null"); return }
        if x == x.rounded(), abs(x) < 1e15 { int(Int64(x)); return }
        var text = x.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends `[lat,lon]`.
    mutating func point(_ p: GeoPoint) {
        byte(UInt8(ascii: "["))
        number(p.lat)
        byte(UInt8(ascii: ","))
        number(p.lon)
        byte(UInt8(ascii: "]"))
    }

    /// Appends a column `"name":[v0,v1,…]` of `count` values written by `value`.
    mutating func column(_ name: StaticString, count: Int, _ value: (inout JSONLineWriter, Int) -> Void) {
        byte(UInt8(ascii: "\""))
        raw(name)
        raw("\":[")
        for i in 0..<count {
            if i > 0 { byte(UInt8(ascii: ",")) }
            value(&self, i)
        }
        byte(UInt8(ascii: "]"))
    }

    /// Appends the two columns `"NAME_lat":[…],"NAME_lon":[…]` of `points`.
    mutating func columns(_ name: StaticString, _ points: [GeoPoint]) {
        column("\(name)_lat", points.map(\.lat))
        byte(UInt8(ascii: ","))
        column("\(name)_lon", points.map(\.lon))
    }

    private mutating func column(_ name: String, _ values: [Double]) {
        byte(UInt8(ascii: "\""))
        var name = name
        name.withUTF8 { bytes.append(contentsOf: $0) }
        raw("\":[")
        for (i, x) in values.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            number(x)
        }
        byte(UInt8(ascii: "]"))
    }
}
