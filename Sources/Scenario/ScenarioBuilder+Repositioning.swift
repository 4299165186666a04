import Core

// swiftlint:disable identifier_name
/// `supply.repositioning` as written.
struct RawRepositioning: RawSection {
    @Lenient var policy: String?
    @Lenient var interval: DurationText?
    @Lenient var max_km: Double?
    @Lenient var cruise_speed: Double?
    @Lenient var cruise_km: Double?
}

/// `supply.start_area` as written.
struct RawStartArea: RawSection {
    @Lenient var center: RawPoint?
    @Lenient var radius_km: Double?
}
// swiftlint:enable identifier_name

extension ScenarioBuilder {
    /// Checks `supply.repositioning` (limits: docs/scenarios.md).
    mutating func repositioning(_ raw: RawRepositioning?) -> Scenario.Repositioning {
        var out = Scenario.Repositioning()
        guard let raw else { return out }
        let path: FieldPath = [.key("supply"), .key("repositioning")]
        if let name = raw.policy {
            if knownPolicies.contains(name) {
                out.policy = name
            } else {
                var message = "unknown policy '\(name)' (known: \(knownPolicies.joined(separator: ", ")))"
                if let near = ScenarioText.suggestion(for: name, among: knownPolicies) { message += "; did you mean '\(near)'?" }
                record(path.appending("policy"), message)
            }
        }
        out.interval = duration(raw.interval, path.appending("interval"), .atLeast(10, shown: "10s"),
                                .atMost(86_400, shown: "86400 (1 day)")) ?? out.interval
        out.maxKm = number(raw.max_km, path.appending("max_km"), .above(0), .atMost(200)) ?? out.maxKm
        out.cruiseSpeed = number(raw.cruise_speed, path.appending("cruise_speed"), .atLeast(0.05), .atMost(1))
            ?? out.cruiseSpeed
        out.cruiseKm = number(raw.cruise_km, path.appending("cruise_km"), .atLeast(0.05), .atMost(50)) ?? out.cruiseKm
        return out
    }

    /// Checks `supply.start_area`: a disc that must overlap the city.
    mutating func startArea(_ raw: RawStartArea?, city: Scenario.City?) -> Scenario.StartArea? {
        guard let raw else { return nil }
        let path: FieldPath = [.key("supply"), .key("start_area")]
        if document.contains([.key("supply"), .key("drivers_file")]) {
            record(path, "not used when supply.drivers_file places the drivers; remove it")
            return nil
        }
        let centerPath = path.appending("center")
        let center = required(raw.center, centerPath).map { point(lat: $0.lat, lon: $0.lon, centerPath) }
        let radius = number(required(raw.radius_km, path.appending("radius_km")), path.appending("radius_km"),
                            .above(0), .atMost(200))
        guard let center, let radius else { return nil }
        if let city, city.center.isValid, center.isValid, city.radiusKm > 0 {
            let apart = center.haversineMeters(to: city.center) / 1000
            if apart >= radius + city.radiusKm {
                record(centerPath, "lies outside the city (\(ScenarioText.number((apart * 10).rounded() / 10)) km "
                    + "from the city centre, more than radius_km + city.radius_km)")
                return nil
            }
        }
        return Scenario.StartArea(center: center, radiusKm: radius)
    }
}
