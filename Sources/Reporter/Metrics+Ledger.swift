import Core
import Simulator

extension Metrics {
    /// Nearest-rank percentile of time to match (match time − request time), seconds.
    public func timeToMatchPercentile(_ p: Double) -> Double? {
        nearestRank(run.requests.compactMap { r in r.matchTime.map { ($0 - r.requestTime).seconds } }.sorted(), p)
    }

    /// Cancelled requests with this reason.
    public func cancelled(_ reason: CancelReason) -> Int {
        run.requests.reduce(0) { $0 + ($1.outcome == .cancelled && $1.cancelReason == reason ? 1 : 0) }
    }

    /// Road km of trips whose pickup happened (the trip leg was started), from requests.
    public var tripKm: Double {
        run.requests.reduce(0) { $0 + ($1.pickupTime != nil ? ($1.tripDistance ?? 0) : 0) } / 1000
    }

    /// Deadhead share of driven km: deadhead km / (deadhead km + trip km); nil when nothing was driven.
    public var deadheadShare: Double? {
        let total = deadheadKm + tripKm
        return total > 0 ? deadheadKm / total : nil
    }

    /// Requests minus the sum of the four outcomes: 0 when the request ledger balances.
    public var requestsBalance: Int {
        run.requests.count - RequestOutcome.allCases.reduce(0) { $0 + count($1) }
    }

    /// Drivers × horizon minus (idle + repositioning + to pickup + on trip + offline), hours:
    /// 0 when the driver-time ledger balances.
    public var driverTimeBalanceHours: Double {
        let accounted = run.drivers.reduce(Millis(0)) {
            $0 + $1.idle + $1.repositioning + $1.toPickup + $1.onTrip + $1.offline
        }
        return Double(Millis(run.drivers.count) * run.horizon - accounted) / 3_600_000
    }

    /// Mean number of busy drivers (assigned: driving to a pickup or on a trip) over the
    /// horizon: (to-pickup + on-trip driver hours) / horizon hours.
    public var busyDriversMean: Double? {
        run.horizon > 0 ? (hours(\.toPickup) + hours(\.onTrip)) / (Double(run.horizon) / 3_600_000) : nil
    }

    /// Each driver's utilization (on trip / online), drivers with online time only.
    public var driverUtilizations: [Double] {
        run.drivers.compactMap { $0.online > 0 ? Double($0.onTrip) / Double($0.online) : nil }
    }
}
