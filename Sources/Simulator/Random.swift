import Foundation

/// SplitMix64: seeds other generators and hashes (seed, stream, key) into a seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates the generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed seed for the independent stream `stream` (and optional `key`) of `seed`.
    public static func derive(_ seed: UInt64, stream: UInt64, key: UInt64 = 0) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        _ = g.next()
        var h = SplitMix64(seed: g.next() ^ (key &* 0xA076_1D64_78BD_642F))
        return h.next()
    }
}

/// xoshiro256**: the simulator's random source. Fast, small, and seeded per stream so
/// that streams (demand, supply, noise, behaviour) never share draws.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// Creates the generator for one independent stream of a master seed.
    public init(seed: UInt64, stream: RandomStream, key: UInt64 = 0) {
        var seeder = SplitMix64(seed: SplitMix64.derive(seed, stream: stream.rawValue, key: key))
        s0 = seeder.next(); s1 = seeder.next(); s2 = seeder.next(); s3 = seeder.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1), 53 bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * log1p(-uniform())
    }

    /// A pair of independent standard normals (Marsaglia's polar method).
    public mutating func normalPair() -> (Double, Double) {
        // Marsaglia's polar method: no sine or cosine, 1.27 tries on average.
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            guard s > 0, s < 1 else { continue }
            let f = (-2 * log(s) / s).squareRoot()
            return (u * f, v * f)
        }
    }

    /// One standard normal (uses two uniforms).
    public mutating func normal() -> Double { normalPair().0 }
}

/// The independent random streams of a run. Changing the strategy changes none of the
/// draws of `demand`, `behaviour`, `supply`, `gps` or `pingDelay` (common random numbers).
public enum RandomStream: UInt64, Sendable {
    /// Request times, origins and destinations.
    case demand = 1
    /// Rider patience.
    case behaviour = 2
    /// Driver start positions and ping phases.
    case supply = 3
    /// GPS noise of pings.
    case gps = 4
    /// Delivery delay of pings.
    case pingDelay = 5
    /// Delivery delay of ride requests.
    case requestDelay = 6
    /// Delivery delay of status and cancel records (their number depends on the strategy).
    case statusDelay = 7
    /// True-speed noise of one leg of one trip (keyed by request id and leg).
    case speedNoise = 8
    /// Repositioning choices and legs' speed noise (keyed by driver and time).
    case reposition = 9
    /// Whether a rider accepts a shared ride (keyed by request id).
    case pooling = 10
}
