import Core
import Foundation
import Scenario
import Testing
@testable import Simulator

@Suite("Demand model")
struct DemandModelTests {
    /// A scenario parsed from YAML; the traffic database only has to exist.
    func scenario(_ demand: String, seed: Int = 5) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demand-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("t.sqlite").path, contents: Data())
        let yaml = """
            name: d
            seed: \(seed)
            start: 2026-03-02T00:00:00-05:00
            duration: 4h
            city: {center: {lat: 40.758, lon: -73.985}, radius_km: 4}
            traffic: {database: t.sqlite}
            demand:
            \(demand)
            supply: {drivers: 0}
            """
        return try Scenario.parse(yaml: yaml, file: "d.yaml", baseDirectory: folder, knownStrategies: ["nearest"])
    }

    func sample(_ s: Scenario) -> [SampledRequest] {
        var model = DemandModel(scenario: s, projection: LocalProjection(center: s.city.center))
        var out: [SampledRequest] = []
        while let r = model.next(before: .fromSeconds(s.duration)) { out.append(r) }
        return out
    }

    @Test("requests are Poisson-like in count, ordered in time, inside the city, and reproducible")
    func basics() throws {
        let s = try scenario("  requests_per_hour: 3000\n  patience: {median: 4m, sigma: 0.5}")
        let requests = sample(s)
        // 4 h × 3000/h = 12 000 expected; Poisson sd ≈ 110.
        #expect(abs(requests.count - 12_000) < 500)
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(requests.allSatisfy { $0.origin.norm <= 4000 && $0.destination.norm <= 4000 })
        #expect(requests.allSatisfy { $0.origin.distance(to: $0.destination) >= DemandModel.minimumTripMeters })
        let patience = requests.map { Double($0.patience) / 1000 }.sorted()
        #expect(abs(patience[patience.count / 2] - 240) < 10)  // median 4 min
        #expect(sample(s) == requests)
        #expect(sample(try scenario("  requests_per_hour: 3000\n  patience: {median: 4m, sigma: 0.5}", seed: 6)) != requests)
    }

    @Test("the hourly profile shapes demand by the local hour of the start offset")
    func profile() throws {
        // Local hours 0–3 (the start is local midnight): only hour 2 has demand.
        var profile = Array(repeating: "0", count: 24)
        profile[2] = "1"
        let s = try scenario("  requests_per_hour: 2000\n  profile: [\(profile.joined(separator: ", "))]")
        let requests = sample(s)
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.time >= 2 * 3_600_000 && $0.time < 3 * 3_600_000 })
    }

    @Test("hotspots concentrate origins in proportion to their weight")
    func hotspots() throws {
        let s = try scenario("  requests_per_hour: 3000\n  hotspots: [{lat: 40.758, lon: -73.985, radius_km: 0.5, weight: 3}]")
        let requests = sample(s)
        let inside = requests.filter { $0.origin.norm <= 500 }.count
        // Expected share: (3 + 1 · (0.5/4)²) / 4 ≈ 0.754.
        let share = Double(inside) / Double(requests.count)
        #expect(abs(share - 0.754) < 0.02)
    }
}
