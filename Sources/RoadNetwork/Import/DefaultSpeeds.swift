/// The default historical speeds written to `class_speeds` at import: a free-flow speed per
/// road class times a congestion factor per hour of the week.
///
/// Hours of the week count from Monday 00:00 UTC (0) to Sunday 23:00 UTC (167), as in the
/// traffic databases. The profile is applied to UTC hours as if they were local time; it is a
/// plain default meant to be replaced with measured speeds (docs/networks.md).
public enum DefaultSpeeds {
    /// Free-flow speed in km/h of each main road class; a `_link` is its parent minus 10.
    public static let freeFlowKmh: [String: Double] = [
        "motorway": 90, "trunk": 70, "primary": 45, "secondary": 40, "tertiary": 35,
        "unclassified": 30, "residential": 25, "living_street": 10, "service": 15,
    ]

    /// The classes OSM has `_link` roads of.
    static let linkParents: Set<String> = ["motorway", "trunk", "primary", "secondary", "tertiary"]

    /// Congestion factor (speed ÷ free-flow speed) of each hour of a weekday (Monday–Friday):
    /// free at night, 0.6 in the 8–10 h and 17–19 h peaks, 0.85 at midday.
    public static let weekdayProfile: [Double] = [
        1, 1, 1, 1, 1, 1, 0.9, 0.75, 0.6, 0.6, 0.8, 0.85,
        0.85, 0.85, 0.85, 0.85, 0.75, 0.6, 0.6, 0.75, 0.9, 1, 1, 1,
    ]

    /// Congestion factor of each hour of a Saturday or Sunday: 0.9 from 10 h to 20 h, else free.
    public static let weekendProfile: [Double] = [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.9,
        0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1, 1, 1,
    ]

    /// The free-flow speed of `roadClass` in km/h (nil for a class ridematch does not drive).
    public static func freeFlow(_ roadClass: String) -> Double? {
        guard roadClass.hasSuffix("_link") else { return freeFlowKmh[roadClass] }
        let parent = String(roadClass.dropLast("_link".count))
        return linkParents.contains(parent) ? freeFlowKmh[parent].map { $0 - 10 } : nil
    }

    /// The default speed of `roadClass` at `hourOfWeek` (0…167), km/h rounded to 0.01.
    public static func speedKmh(_ roadClass: String, hourOfWeek: Int) -> Double? {
        guard let free = freeFlow(roadClass) else { return nil }
        let day = hourOfWeek / 24, hour = hourOfWeek % 24
        let factor = day < 5 ? weekdayProfile[hour] : weekendProfile[hour]
        return (free * factor * 100).rounded() / 100
    }
}
