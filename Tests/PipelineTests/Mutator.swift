import Foundation
import Simulator

/// A seeded byte-level mutator for fuzzing the input parsers: every input it makes is a
/// function of (seed, iteration), so any failure can be replayed.
///
/// Each input starts from one of the seed files and applies 1–8 random edits: flip, insert,
/// delete, duplicate or overwrite bytes; splice in a piece of another seed; insert a token
/// from a dictionary of syntax and edge values (YAML indicators, NaN, huge numbers, non-ASCII
/// digits, BOM, tabs, line breaks, CSV quotes).
struct Mutator {
    /// The inputs mutations start from.
    let seeds: [[UInt8]]
    /// Tokens worth inserting.
    let dictionary: [[UInt8]]
    private var rng: SplitMix64

    /// Tokens that exercise YAML, numbers, durations, timestamps and CSV quoting.
    static let tokens: [String] = [
        ":", ": ", "- ", "{", "}", "[", "]", ",", "#", "&a ", "*a", "<<: *a", "!!str ", "!!binary ", "? ",
        "|\n", ">\n", "---\n", "...\n", "%YAML 1.2\n", "\t", "\n", "\r\n", "  ", "'", "\"", "\\", "~", "null",
        ".nan", ".NaN", "-.inf", ".inf", "nan", "inf", "-0", "0", "1e308", "1e309", "-1e309", "4.9e-324",
        "99999999999999999999", "18446744073709551616", "-9223372036854775808", "0x1F", "0o17", "1_000",
        "2h", "15m", "90s", "500ms", "1d", "1h30m", "-5m", "31d", "1e400s", ".5s",
        "2026-03-02T08:00:00Z", "2026-02-29T08:00:00Z", "9999-12-31T23:59:59+18:00", "0000-01-01T00:00:00-23:59",
        "\u{0662}\u{0660}\u{0662}\u{0666}", "\u{FF11}\u{FF12}", "\u{FEFF}", "\u{00E9}", "\u{1F697}", "\u{0000}",
        "name", "duration", "seed", "start", "city", "center", "lat", "lon", "radius_km", "traffic", "database",
        "demand", "requests_per_hour", "profile", "hotspots", "patience", "supply", "drivers", "ping_interval",
        "delivery_delay", "matching", "strategy", "weights", "streams", "compare", "strategies", "replications",
        "zone_id", "hour_of_week", "speed_kmh", "167", "168", "\"\"", "\",\"", "\"\n\"",
    ]

    /// A mutator over `seeds`, drawing from `seed`.
    init(seeds: [[UInt8]], seed: UInt64) {
        precondition(!seeds.isEmpty, "a mutator needs at least one seed input")
        self.seeds = seeds
        self.dictionary = Self.tokens.map { Array($0.utf8) }
        self.rng = SplitMix64(seed: seed)
    }

    private mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(rng.next() % UInt64(n)) }

    /// The next input.
    mutating func next() -> [UInt8] {
        var bytes = seeds[below(seeds.count)]
        for _ in 0...below(3) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = below(bytes.count + 1)
        switch below(7) {
        case 0 where !bytes.isEmpty:  // flip a bit
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1:  // insert random bytes: printable ASCII half the time, any byte otherwise
            let ascii = below(2) == 0
            bytes.insert(contentsOf: (0...below(4)).map { _ in
                ascii ? UInt8(0x20 + below(95)) : UInt8(truncatingIfNeeded: rng.next())
            }, at: at)
        case 2 where !bytes.isEmpty:  // delete a range
            let start = min(at, bytes.count - 1)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + below(32)))
        case 3 where !bytes.isEmpty:  // duplicate a range
            let start = min(at, bytes.count - 1)
            let piece = bytes[start..<min(bytes.count, start + 1 + below(64))]
            bytes.insert(contentsOf: Array(piece), at: below(bytes.count + 1))
        case 4:  // splice a piece of another seed
            let other = seeds[below(seeds.count)]
            guard !other.isEmpty else { return }
            let start = below(other.count)
            bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + below(80))], at: at)
        case 5 where !bytes.isEmpty:  // overwrite a byte with an interesting one
            bytes[min(at, bytes.count - 1)] = [0, 0x0A, 0x20, 0x22, 0x27, 0x2C, 0x2D, 0x3A, 0x7F, 0xFF][below(10)]
        default:  // insert a token
            bytes.insert(contentsOf: dictionary[below(dictionary.count)], at: at)
        }
    }
}
