import Simulator

extension Summary {
    /// The repositioning columns of the summary (docs/metrics.md): the policy, the driver
    /// hours and road km driven repositioning, the legs, and the platform's decisions.
    static func repositioningFields(_ run: RunResult) -> [(name: String, value: SummaryValue)] {
        let m = Metrics(run)
        let r = run.repositioning
        return [
            ("repositioning_policy", .text(r.policy)),
            ("driver_repositioning_h", .number(m.hours(\.repositioning), decimals: 4)),
            ("reposition_km", .number(m.repositionKm, decimals: 3)),
            ("reposition_km_per_driver", .number(run.drivers.isEmpty ? nil : m.repositionKm / Double(run.drivers.count),
                                                 decimals: 3)),
            ("reposition_legs", .count(r.legs.count)),
            ("reposition_decisions", .count(r.decisionsApplied + r.decisionsIgnored)),
            ("reposition_decisions_ignored", .count(r.decisionsIgnored)),
        ]
    }
}

extension Metrics {
    /// Road km driven repositioning, all drivers.
    public var repositionKm: Double { run.drivers.reduce(0) { $0 + $1.repositionMeters } / 1000 }
}
