import Foundation
import Simulator

/// Random valid scenario files for property tests: every field the scenario reference
/// offers, drawn from a seeded generator, from tiny (no demand, no drivers, one minute) to
/// busy (thousands of requests an hour, over a hundred drivers). Sizes are bounded so one
/// run stays well under a second in a debug build.
struct ScenarioGenerator {
    private var rng: SplitMix64

    /// A generator for case number `index` (the same index always gives the same file).
    init(index: Int) {
        rng = SplitMix64(seed: SplitMix64.derive(0x5EED, stream: 99, key: UInt64(index)))
    }

    private mutating func uniform() -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }
    private mutating func between(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }
    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }
    private mutating func chance(_ p: Double) -> Bool { uniform() < p }
    private func fixed(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

    /// One scenario file that uses `strategy`; `database` is an absolute path.
    mutating func yaml(strategy: String, database: String, policy: String = "stay") -> String {
        // Size class: 0 tiny, 1 small, 2 busy.
        let size = int(0...2)
        let minutes = [int(1...3), int(3...8), int(6...10)][size]
        let rate = chance(0.08) ? 0 : [between(10, 300), between(300, 1500), between(1500, 4500)][size]
        var drivers = [int(0...5), int(5...30), int(30...90)][size]
        if chance(0.08) { drivers = 0 }
        // Keep pings (drivers × duration / interval) bounded.
        let minPing = max(1, Int((Double(drivers * minutes * 60) / 8_000).rounded(.up)))
        let ping = int(minPing...max(minPing, 20))
        let lat = 40.758 + between(-0.03, 0.03), lon = -73.985 + between(-0.03, 0.03)
        let radius = between(0.5, 6)
        let day = int(2...8), hour = int(0...23)
        var text = """
            name: generated
            seed: \(rng.next() >> 1)
            start: 2026-03-0\(day)T\(hour < 10 ? "0" : "")\(hour):\(int(10...59)):00Z
            duration: \(minutes)m
            city:
              center: {lat: \(fixed(lat)), lon: \(fixed(lon))}
              radius_km: \(fixed(radius, 2))
              cell_size_m: \(int(100...1500))
              detour_factor: \(fixed(between(1, 2), 2))
            traffic:
              database: \(database)
              noise: \(fixed(between(0, 0.5), 2))
            demand:
              requests_per_hour: \(fixed(rate, 1))

            """
        if chance(0.4) {
            var profile = (0..<24).map { _ in chance(0.2) ? "0" : fixed(between(0, 3), 2) }
            profile[int(0...23)] = "1"
            text += "  profile: [\(profile.joined(separator: ", "))]\n"
        }
        if chance(0.5) {
            text += "  hotspots:\n"
            for _ in 0..<int(1...3) {
                let r = between(0.1, radius)
                text += "    - {lat: \(fixed(lat + between(-0.005, 0.005))), lon: \(fixed(lon + between(-0.005, 0.005))), "
                    + "radius_km: \(fixed(r, 2)), weight: \(fixed(between(0.2, 5), 2))}\n"
            }
        }
        text += """
              patience: {median: \(int(10...600))s, sigma: \(fixed(between(0, 1.5), 2))}
            supply:
              drivers: \(drivers)
              ping_interval: \(ping)s
              gps_noise_m: \(fixed(between(0, 50), 1))

            """
        let mean = chance(0.15) ? 0 : int(0...2000)
        text += "  delivery_delay: {mean: \(mean)ms, max: \(mean + int(0...4000))ms}\n"
        // No draw for the policy: the other fields are those of the same case without it.
        if policy != "stay" { text += "  repositioning: {policy: \(policy), interval: 30s, max_km: 3, cruise_km: 0.4}\n" }
        text += """
            fare: {base: \(fixed(between(0, 5), 2)), per_km: \(fixed(between(0, 3), 2)), per_minute: \(fixed(between(0, 1), 2)), minimum: \(fixed(between(0, 10), 2)), surge: {max: \(fixed(between(1, 3), 2))}}
            matching:
              strategy: \(strategy)
              batch_window: \(int(1...10))s
              max_pickup_eta: \(int(1...15))m
              weights: {eta: \(fixed(between(0, 2), 2)), deadhead: \(fixed(between(0, 1), 2)), fare: \(fixed(between(0, 1), 2)), idle: \(fixed(between(0, 0.2), 3))}
            streams: {out_of_orderness: \(int(0...5))s, allowed_lateness: \(int(0...20))s, staleness: \(int(5...60))s}
            report: {interval: \(int(1...10))m}

            """
        return text
    }
}
