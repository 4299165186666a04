import Foundation
import Scenario

/// How riders and drivers answer an offer: the rider compares the quote's surge with their
/// willingness to pay, the driver accepts with a probability that falls with the pickup
/// distance. Every draw comes from the `behaviour` stream keyed by (what, request id,
/// offer attempt), so it does not depend on how many draws other requests made: changing
/// the strategy never shifts another request's draws (common random numbers).
struct OfferBehaviour {
    private let seed: UInt64
    private let acceptance: Scenario.Acceptance
    private let willingness: Scenario.WillingnessToPay?

    private enum Tag: UInt64 {
        case willingness = 1
        case acceptance = 2
    }

    init(scenario: Scenario) {
        seed = scenario.seed
        acceptance = scenario.supply.acceptance
        willingness = scenario.demand.willingnessToPay
    }

    private func key(_ tag: Tag, request: Int32, attempt: Int) -> UInt64 {
        (tag.rawValue << 56) | (UInt64(UInt32(bitPattern: request)) << 16) | UInt64(min(attempt, 0xFFFF))
    }

    /// The largest surge multiplier rider `request` accepts (one lognormal draw per rider),
    /// or `nil` when the scenario gives no willingness to pay.
    func willingnessToPay(request: Int32) -> Double? {
        guard let w = willingness else { return nil }
        var rng = RandomSource(seed: seed, stream: .behaviour, key: key(.willingness, request: request, attempt: 0))
        return w.median * exp(w.sigma * rng.normal())
    }

    /// Whether the rider accepts a quote with multiplier `surge`.
    func riderAccepts(request: Int32, surge: Double) -> Bool {
        guard let limit = willingnessToPay(request: request) else { return true }
        return surge <= limit
    }

    /// Whether the driver accepts offer number `attempt` (0-based) of `request`, with a
    /// pickup `pickupMeters` of road away.
    func driverAccepts(request: Int32, attempt: Int, pickupMeters: Double) -> Bool {
        let p = acceptance.probability(pickupKm: pickupMeters / 1000)
        guard p < 1 else { return true }
        var rng = RandomSource(seed: seed, stream: .behaviour, key: key(.acceptance, request: request, attempt: attempt))
        return rng.uniform() < p
    }
}
