import Core

/// Deterministic number formatting for reports: fixed decimals by integer arithmetic,
/// independent of locale, and an empty string where a value does not apply.
public enum Format {
    private static let powers: [Double] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]

    /// `x` with exactly `digits` decimals (0…6); empty for nil, NaN or infinity.
    public static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return "" }
        let scale = powers[digits]
        let scaled = (x * scale).rounded()
        guard abs(scaled) < 9.0e18 else { return String(x) }
        let n = Int64(scaled)
        let magnitude = n.magnitude
        let whole = magnitude / UInt64(scale)
        var text = (n < 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(magnitude % UInt64(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// Appends ``fixed(_:_:)``'s text of `x` to `bytes` as UTF-8, without building strings.
    public static func appendFixed(_ x: Double, _ digits: Int, to bytes: inout [UInt8]) {
        guard x.isFinite else { return }
        let scale = powers[digits]
        let scaled = (x * scale).rounded()
        guard abs(scaled) < 9.0e18 else {
            bytes.append(contentsOf: String(x).utf8)
            return
        }
        let n = Int64(scaled)
        let magnitude = n.magnitude
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(magnitude / UInt64(scale), minimumDigits: 1, to: &bytes)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDecimal(magnitude % UInt64(scale), minimumDigits: digits, to: &bytes)
        }
    }

    /// Appends `String(n)` to `bytes` as UTF-8.
    public static func appendInteger(_ n: Int64, to bytes: inout [UInt8]) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(n.magnitude, minimumDigits: 1, to: &bytes)
    }

    /// The decimal digits of `value`, left-padded with zeros to `minimumDigits`.
    private static func appendDecimal(_ value: UInt64, minimumDigits: Int, to bytes: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: room for 20 digits
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            while count < minimumDigits {
                buffer[count] = UInt8(ascii: "0")
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// Milliseconds as seconds with 3 decimals; empty for nil.
    public static func seconds(_ t: Millis?) -> String {
        guard let t else { return "" }
        return fixed(Double(t) / 1000, 3)
    }

    /// An integer, or empty for nil.
    public static func int<T: BinaryInteger>(_ x: T?) -> String {
        x.map { String($0) } ?? ""
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
