import Core
import Simulator

/// Fare, surge, offer and pickup-ETA figures of a run, from the rows of requests.csv
/// (docs/metrics.md defines each).
public struct PricingMetrics: Sendable {
    /// Mean `fare_final` over completed requests.
    public let fareMean: Double?
    /// Mean `surge` over quotes riders accepted (matched requests).
    public let surgeMean: Double?
    /// Share of accepted quotes with surge > 1.
    public let surgeShareAbove1: Double?
    /// Requests cancelled because the rider declined the quote.
    public let cancelledQuoteDeclined: Int
    /// Mean quoted pickup ETA over matched requests, seconds.
    public let pickupEtaQuotedMean: Double?
    /// Mean actual pickup ETA (pickup − match) over picked-up requests, seconds.
    public let pickupEtaActualMean: Double?

    /// Computes the figures of a run.
    public init(_ run: RunResult) {
        var fares = 0.0, fareCount = 0
        var surges = 0.0, surgeCount = 0, above = 0
        var quoted = 0.0, quotedCount = 0
        var actual = 0.0, actualCount = 0
        var declined = 0
        for r in run.requests {
            if r.outcome == .completed, let f = r.finalFare {
                fares += f
                fareCount += 1
            }
            if r.matchTime != nil, let s = r.surge {
                surges += s
                surgeCount += 1
                if s > 1 { above += 1 }
            }
            if r.matchTime != nil, let q = r.quotedPickupEta {
                quoted += q
                quotedCount += 1
            }
            if let a = r.actualPickupEta {
                actual += a
                actualCount += 1
            }
            if r.cancelReason == .quoteDeclined { declined += 1 }
        }
        fareMean = fareCount > 0 ? fares / Double(fareCount) : nil
        surgeMean = surgeCount > 0 ? surges / Double(surgeCount) : nil
        surgeShareAbove1 = surgeCount > 0 ? Double(above) / Double(surgeCount) : nil
        cancelledQuoteDeclined = declined
        pickupEtaQuotedMean = quotedCount > 0 ? quoted / Double(quotedCount) : nil
        pickupEtaActualMean = actualCount > 0 ? actual / Double(actualCount) : nil
    }

    /// The summary columns these figures fill, in order.
    public func fields(declinedOffers: Int) -> [(name: String, value: SummaryValue)] {
        [
            ("pickup_eta_quoted_mean_s", .number(pickupEtaQuotedMean, decimals: 3)),
            ("pickup_eta_actual_mean_s", .number(pickupEtaActualMean, decimals: 3)),
            ("fare_mean", .number(fareMean, decimals: 4)),
            ("surge_mean", .number(surgeMean, decimals: 4)),
            ("surge_share_above_1", .number(surgeShareAbove1, decimals: 4)),
            ("declined_offers", .count(declinedOffers)),
            ("cancelled_quote_declined", .count(cancelledQuoteDeclined)),
        ]
    }
}
