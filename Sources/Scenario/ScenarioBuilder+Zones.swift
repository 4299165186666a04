import Core
import Foundation

extension ScenarioBuilder {
    /// `demand.od` with `demand.zones` and `demand.requests_per_day`: the zone-to-zone model
    /// replaces the rate, profile and hotspots of sampled demand, and its data covers
    /// Monday to Friday only.
    mutating func zoneDemand(_ raw: RawDemand, _ demand: inout Scenario.Demand) {
        let path: FieldPath = [.key("demand")]
        for key in ["requests_per_hour", "profile", "hotspots"] where document.contains(path.appending(key)) {
            record(path.appending(key), "not used when demand.od gives zone-to-zone rates; remove it")
        }
        demand.od = existingFile(raw.od, path.appending("od"))
        if raw.zones == nil {
            record(path.appending("od"), "needs demand.zones (the GeoJSON zones its zone ids refer to)")
        }
        let perDay = path.appending("requests_per_day")
        demand.requestsPerDay = number(required(raw.requests_per_day, perDay), perDay, .above(0), .atMost(1e8))
    }

    /// A scenario whose demand comes from `demand.od` must start on a weekday (local date of
    /// `start`): the OD data has Monday to Friday only.
    mutating func checkODWeekday(start: Date, offset: Int, demand: Scenario.Demand) {
        guard demand.od != nil else { return }
        let weekday = Scenario.localWeekday(start: start, utcOffsetSeconds: offset)
        if weekday >= 5 {
            let name = weekday == 5 ? "Saturday" : "Sunday"
            record([.key("start")], "is a \(name); demand.od has zone-to-zone rates for Monday to Friday only")
        }
    }
}

extension Scenario {
    /// The local weekday of `start` in its UTC offset: 0 = Monday … 6 = Sunday.
    public static func localWeekday(start: Date, utcOffsetSeconds: Int) -> Int {
        let local = Int((start.timeIntervalSince1970 + Double(utcOffsetSeconds)).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return ((days + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }
}
