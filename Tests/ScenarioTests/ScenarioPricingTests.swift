import Foundation
import Testing
@testable import Scenario

/// The fields issue #4 added: surge interval, rider willingness to pay, driver acceptance.
@Suite("Pricing and offer fields")
struct ScenarioPricingTests {
    @Test func defaults() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let s = try fixture.parse(minimalYAML)
        #expect(s.fare.surge == .init(max: 2.5, interval: 60))
        #expect(s.demand.willingnessToPay == nil)
        #expect(s.supply.acceptance == .init(base: 1, perKm: 0))
        #expect(s.supply.acceptance.probability(pickupKm: 50) == 1)
    }

    @Test func parsesValues() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let yaml = minimal(replacing: 9, with: "  requests_per_hour: 3000\n  willingness_to_pay: {median: 1.8, sigma: 0.4}")
            + "  acceptance: {base: 0.9, per_km: 0.2}\nfare: {surge: {max: 3, interval: 2m}}\n"
        let s = try fixture.parse(yaml)
        #expect(s.fare.surge == .init(max: 3, interval: 120))
        #expect(s.demand.willingnessToPay == .init(median: 1.8, sigma: 0.4))
        #expect(s.supply.acceptance == .init(base: 0.9, perKm: 0.2))
        #expect(abs(s.supply.acceptance.probability(pickupKm: 2) - 0.5) < 1e-12)
        #expect(s.supply.acceptance.probability(pickupKm: 10) == 0)
    }

    @Test func rejectsBadValues() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.error(minimal(appending: "fare: {surge: {interval: 0s}}"))
            == "scenarios/x.yaml:12: fare.surge.interval: must be > 0, got 0s")
        #expect(fixture.error(minimal(appending: "  acceptance: {base: 1.5}"))
            == "scenarios/x.yaml:12: supply.acceptance.base: must be <= 1, got 1.5")
        #expect(fixture.error(minimal(appending: "  acceptance: {per_km: -1}"))
            == "scenarios/x.yaml:12: supply.acceptance.per_km: must be >= 0, got -1")
        #expect(fixture.error(minimal(replacing: 9, with: "  requests_per_hour: 1\n  willingness_to_pay: {median: 0}"))
            == "scenarios/x.yaml:10: demand.willingness_to_pay.median: must be > 0, got 0")
        #expect(fixture.error(minimal(appending: "  acceptance: {bse: 0.5}"))
            == "scenarios/x.yaml:12: supply.acceptance: unknown field 'bse' (did you mean 'base'?)")
    }
}
