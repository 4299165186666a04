import Core
import Foundation
import Scenario
import Testing
@testable import Simulator

@Suite("Rider and driver answers to offers")
struct OfferBehaviourTests {
    func scenario(_ extra: (inout Scenario) -> Void) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("offer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("t.sqlite").path, contents: Data())
        let yaml = """
            name: o
            seed: 3
            duration: 1h
            city: {center: {lat: 40.758, lon: -73.985}, radius_km: 4}
            traffic: {database: t.sqlite}
            demand: {requests_per_hour: 10}
            supply: {drivers: 1}
            """
        var s = try Scenario.parse(yaml: yaml, file: "o.yaml", baseDirectory: folder, knownStrategies: ["nearest"])
        extra(&s)
        return s
    }

    @Test("acceptance: the share of accepted offers follows base − per_km · km; answers are keyed, not sequential")
    func acceptance() throws {
        let b = OfferBehaviour(scenario: try scenario { $0.supply.acceptance = .init(base: 0.9, perKm: 0.2) })
        for (meters, p) in [(0.0, 0.9), (1500.0, 0.6), (4000.0, 0.1)] {
            var accepted = 0
            for request in 0..<4000 {
                for attempt in 0..<5 where b.driverAccepts(request: Int32(request), attempt: attempt, pickupMeters: meters) {
                    accepted += 1
                }
            }
            let share = Double(accepted) / 20_000
            #expect(abs(share - p) < 0.015, "at \(meters) m: \(share) vs \(p)")
        }
        #expect(!(0..<1000).contains { b.driverAccepts(request: Int32($0), attempt: 0, pickupMeters: 4500) })  // p = 0
        // The same (request, attempt) always gets the same answer, whatever was asked before.
        let first = (0..<200).map { b.driverAccepts(request: Int32($0), attempt: 1, pickupMeters: 1000) }
        let reversed = (0..<200).reversed().map { b.driverAccepts(request: Int32($0), attempt: 1, pickupMeters: 1000) }
        #expect(first == reversed.reversed())
        let always = OfferBehaviour(scenario: try scenario { _ in })
        #expect((0..<1000).allSatisfy { always.driverAccepts(request: Int32($0), attempt: 0, pickupMeters: 9000) })
    }

    @Test("willingness to pay: lognormal around the median, one value per rider")
    func willingness() throws {
        let b = OfferBehaviour(scenario: try scenario { $0.demand.willingnessToPay = .init(median: 1.8, sigma: 0.3) })
        let values = (0..<10_000).map { b.willingnessToPay(request: Int32($0))! }
        let below = values.filter { $0 < 1.8 }.count
        #expect(abs(Double(below) / 10_000 - 0.5) < 0.015)
        let logs = values.map { log($0 / 1.8) }
        let sd = (logs.reduce(0) { $0 + $1 * $1 } / Double(logs.count)).squareRoot()
        #expect(abs(sd - 0.3) < 0.01)
        #expect(b.willingnessToPay(request: 17) == values[17])
        #expect(b.riderAccepts(request: 17, surge: values[17]) && !b.riderAccepts(request: 17, surge: values[17] + 0.01))
        let everyone = OfferBehaviour(scenario: try scenario { _ in })
        #expect(everyone.willingnessToPay(request: 1) == nil && everyone.riderAccepts(request: 1, surge: 100))
    }
}
