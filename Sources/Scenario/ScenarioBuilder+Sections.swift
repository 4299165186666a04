import Core
import Foundation

/// Longest simulated horizon: 31 days.
private let maxDuration = 31.0 * 86_400
/// Upper bound of per-record durations (ping interval, delivery delay).
private let oneDay = 86_400.0
/// Limits of plausibility (docs/scenarios.md, "Limits"): beyond them a value is a typo or a
/// unit mistake, or would make the run's memory or time absurd.
private enum Limit {
    static let day = "86400 (1 day)"
    static let requestsPerHour = 100_000_000.0
    static let profileMultiplier = 100.0
    static let hotspotWeight = 1_000_000.0
    static let money = 10_000.0
    static let surge = 100.0
    static let weight = 1_000.0
    static let maxPickupEta = 7_200.0
    /// Most seats of a pooling vehicle (insertion work grows with the square of the stop list).
    static let seats = 8.0
    static let batchWindow = 3_600.0
    static let minBatchWindow = 0.1
    static let minPingInterval = 0.1
}

/// The start used when the file gives none: Monday 2026-03-02 08:00 UTC.
let defaultStartText = "2026-03-02T08:00:00Z"

extension ScenarioBuilder {
    /// Checks every section of `raw` and builds the scenario, with defaults filled in.
    /// Problems are recorded; the result is meaningful only when none were.
    mutating func build(_ raw: RawScenario, file: URL) -> Scenario {
        let name = scenarioName(required(raw.name, [.key("name")]))
        var seed: UInt64 = 1
        if let text = raw.seed?.text {
            if let value = UInt64(text.replacingOccurrences(of: "_", with: "")) {
                seed = value
            } else {
                record([.key("seed")], "must be a whole number from 0 to \(UInt64.max), got \(text)")
            }
        }
        let (start, offset) = startTime(raw.start)
        let duration = duration(required(raw.duration, [.key("duration")]), [.key("duration")],
                                .above(0), .atMost(maxDuration, shown: "\(Int(maxDuration)) (31 days)"))
        let city = city(required(raw.city, [.key("city")]))
        let traffic = traffic(required(raw.traffic, [.key("traffic")]))
        if traffic.networkSpeeds != .classes, city.network == nil, raw.city != nil {
            record([.key("traffic"), .key("network_speeds")], "'\(traffic.networkSpeeds.rawValue)' needs a road network (city.network)")
        }
        let demand = demand(required(raw.demand, [.key("demand")]))
        checkHotspots(demand.hotspots, within: city)
        checkODWeekday(start: start, offset: offset, demand: demand)
        var supply = supply(required(raw.supply, [.key("supply")]))
        supply.repositioning = repositioning(raw.supply?.repositioning)
        supply.startArea = startArea(raw.supply?.start_area, city: city)
        return Scenario(
            name: name, seed: seed, start: start, startUTCOffsetSeconds: offset, duration: duration ?? 0,
            city: city, traffic: traffic, demand: demand, supply: supply, fare: fare(raw.fare),
            matching: matching(raw.matching, horizon: duration), streams: streams(raw.streams), report: report(raw.report, horizon: duration),
            compare: compare(raw.compare), file: file)
    }

    /// A hotspot must overlap the city disc, or none of its demand could be placed.
    /// Checked only once the city and hotspots themselves are valid.
    private mutating func checkHotspots(_ hotspots: [Scenario.Hotspot], within city: Scenario.City) {
        guard issues.isEmpty else { return }
        for (i, spot) in hotspots.enumerated() where spot.center.isValid && city.center.isValid {
            let apart = spot.center.haversineMeters(to: city.center) / 1000
            if apart >= spot.radiusKm + city.radiusKm {
                record([.key("demand"), .key("hotspots"), .index(i)],
                       "lies outside the city (its centre is \(ScenarioText.number((apart * 10).rounded() / 10)) km from the city centre)")
            }
        }
    }

    private mutating func scenarioName(_ name: String?) -> String {
        guard let name else { return "" }
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
        }
        if name.isEmpty {
            record([.key("name")], "must not be empty")
        } else if !allowed || name.allSatisfy({ $0 == "." }) {
            record([.key("name")], "must use only letters, digits, '-', '_' and '.' (it names a folder), "
                + "got '\(name)'")
        }
        return name
    }

    private mutating func startTime(_ text: TimestampText?) -> (Date, Int) {
        guard let text else {
            guard case .valid(let date, let offset) = ScenarioText.parseTimestamp(defaultStartText) else {
                preconditionFailure("default start must parse")
            }
            return (date, offset)
        }
        switch ScenarioText.parseTimestamp(text.text) {
        case .valid(let date, let offset):
            return (date, offset)
        case .missingZone:
            record([.key("start")], "timestamp needs a time zone: add Z or an offset like -05:00, got '\(text.text)'")
        case .invalid:
            record([.key("start")], "bad timestamp '\(text.text)' (use e.g. 2026-03-02T08:00:00Z "
                + "or 2026-03-02T08:00:00-05:00)")
        }
        return (Date(timeIntervalSince1970: 0), 0)
    }

    private mutating func city(_ raw: RawCity?) -> Scenario.City {
        let path: FieldPath = [.key("city")]
        var city = Scenario.City(center: GeoPoint(lat: 0, lon: 0), radiusKm: 0)
        guard let raw else { return city }
        if let center = required(raw.center, path.appending("center")) {
            city.center = point(lat: center.lat, lon: center.lon, path.appending("center"))
        }
        let radius = path.appending("radius_km")
        city.radiusKm = number(required(raw.radius_km, radius), radius, .above(0), .atMost(200)) ?? 0
        city.cellSizeM = number(raw.cell_size_m, path.appending("cell_size_m"), .above(0), .atMost(10_000))
            ?? city.cellSizeM
        // The spatial index is a square of cells over the city plus a margin: bound its size.
        if raw.cell_size_m != nil, city.radiusKm > 0, city.cellSizeM > 0,
           (2 * city.indexHalfExtentMeters / city.cellSizeM).rounded(.up) > Double(Scenario.City.maxIndexCellsPerSide) {
            let side = Scenario.City.maxIndexCellsPerSide
            let least = (2 * city.indexHalfExtentMeters / Double(side) * 100).rounded(.up) / 100
            record(path.appending("cell_size_m"), "must be >= \(ScenarioText.number(least)) for radius_km "
                + "\(ScenarioText.number(city.radiusKm)) (the spatial index holds at most \(side) × \(side) cells), "
                + "got \(ScenarioText.number(city.cellSizeM))")
        }
        city.detourFactor = number(raw.detour_factor, path.appending("detour_factor"), .atLeast(1), .atMost(5))
            ?? city.detourFactor
        let network = path.appending("network")
        city.network = existingFile(raw.network, network)
        if city.network != nil { city.networkLine = document.location(of: network)?.line }
        return city
    }

    private mutating func traffic(_ raw: RawTraffic?) -> Scenario.TrafficSettings {
        let path: FieldPath = [.key("traffic")]
        var traffic = Scenario.TrafficSettings(database: baseDirectory)
        guard let raw else { return traffic }
        let database = path.appending("database")
        traffic.database = existingFile(required(raw.database, database), database) ?? baseDirectory
        traffic.noise = number(raw.noise, path.appending("noise"), .atLeast(0), .atMost(2)) ?? traffic.noise
        if let text = raw.network_speeds {
            if let speeds = Scenario.NetworkSpeeds(rawValue: text) {
                traffic.networkSpeeds = speeds
            } else {
                let known = Scenario.NetworkSpeeds.allCases.map(\.rawValue).joined(separator: ", ")
                record(path.appending("network_speeds"), "must be one of \(known), got '\(text)'")
            }
        }
        return traffic
    }

    private mutating func demand(_ raw: RawDemand?) -> Scenario.Demand {
        let path: FieldPath = [.key("demand")]
        var demand = Scenario.Demand(requestsPerHour: 0)
        guard let raw else { return demand }
        let rate = path.appending("requests_per_hour")
        if raw.trips != nil {
            // Replay: sampled-demand fields would be silently ignored, so they are refused.
            for key in ["requests_per_hour", "profile", "hotspots", "od", "requests_per_day"]
            where document.contains(path.appending(key)) {
                record(path.appending(key), "not used when demand.trips replays a trip table; remove it")
            }
        } else if raw.od != nil {
            zoneDemand(raw, &demand)
        } else {
            if document.contains(path.appending("requests_per_day")) {
                record(path.appending("requests_per_day"), "only used with demand.od; use requests_per_hour")
            }
            demand.requestsPerHour = number(required(raw.requests_per_hour, rate), rate, .atLeast(0),
                                            .atMost(Limit.requestsPerHour, shown: "100000000 (about 28000 a second)")) ?? 0
        }
        if let profile = raw.profile {
            demand.profile = self.profile(profile, path.appending("profile"))
        }
        for (i, spot) in (raw.hotspots ?? []).enumerated() {
            let spotPath = path + [.key("hotspots"), .index(i)]
            let center = point(lat: spot.lat, lon: spot.lon, spotPath)
            let radius = number(required(spot.radius_km, spotPath.appending("radius_km")),
                                spotPath.appending("radius_km"), .above(0), .atMost(200))
            let weight = number(spot.weight, spotPath.appending("weight"), .above(0), .atMost(Limit.hotspotWeight))
            demand.hotspots.append(Scenario.Hotspot(center: center, radiusKm: radius ?? 0, weight: weight ?? 1))
        }
        demand.trips = existingFile(raw.trips, path.appending("trips"))
        demand.zones = existingFile(raw.zones, path.appending("zones"))
        if let patience = raw.patience {
            let p = path.appending("patience")
            demand.patience.median = duration(patience.median, p.appending("median"), .above(0),
                                              .atMost(oneDay, shown: Limit.day))
                ?? demand.patience.median
            demand.patience.sigma = number(patience.sigma, p.appending("sigma"), .atLeast(0), .atMost(5)) ?? demand.patience.sigma
        }
        if let wtp = raw.willingness_to_pay {
            let p = path.appending("willingness_to_pay")
            var value = Scenario.WillingnessToPay()
            value.median = number(wtp.median, p.appending("median"), .above(0), .atMost(1000)) ?? value.median
            value.sigma = number(wtp.sigma, p.appending("sigma"), .atLeast(0), .atMost(5)) ?? value.sigma
            demand.willingnessToPay = value
        }
        demand.poolingShare = number(raw.pooling_share, path.appending("pooling_share"), .atLeast(0), .atMost(1))
            ?? demand.poolingShare
        return demand
    }

    private mutating func profile(_ values: [Double], _ path: FieldPath) -> [Double] {
        guard values.count == 24 else {
            record(path, "must have 24 numbers (one per hour of the day), got \(values.count)")
            return values
        }
        var allValid = true
        for (i, value) in values.enumerated() where number(value, path + [.index(i)], .atLeast(0), .atMost(Limit.profileMultiplier)) == nil {
            allValid = false
        }
        if allValid, values.allSatisfy({ $0 == 0 }) {
            record(path, "must not be all zero")
        }
        return values
    }

    private mutating func supply(_ raw: RawSupply?) -> Scenario.Supply {
        let path: FieldPath = [.key("supply")]
        var supply = Scenario.Supply(drivers: 0)
        guard let raw else { return supply }
        let drivers = path.appending("drivers")
        supply.driversFile = existingFile(raw.drivers_file, path.appending("drivers_file"))
        if raw.drivers_file == nil {
            supply.drivers = integer(required(raw.drivers, drivers), drivers, .atLeast(0), .atMost(1_000_000)) ?? 0
        } else if document.contains(drivers) {
            record(drivers, "not used when supply.drivers_file lists the drivers; remove it")
        }
        supply.pingInterval = duration(raw.ping_interval, path.appending("ping_interval"), .above(0),
                                       .atLeast(Limit.minPingInterval, shown: "100ms (ten pings a second)"),
                                       .atMost(oneDay, shown: "86400 (1 day)"))
            ?? supply.pingInterval
        supply.gpsNoiseM = number(raw.gps_noise_m, path.appending("gps_noise_m"), .atLeast(0), .atMost(10_000)) ?? supply.gpsNoiseM
        if let delay = raw.delivery_delay {
            let p = path.appending("delivery_delay")
            let mean = duration(delay.mean, p.appending("mean"), .atLeast(0), .atMost(oneDay, shown: "86400 (1 day)"))
            let max = duration(delay.max, p.appending("max"), .atLeast(0), .atMost(oneDay, shown: "86400 (1 day)"))
            supply.deliveryDelay.mean = mean ?? supply.deliveryDelay.mean
            supply.deliveryDelay.max = max ?? supply.deliveryDelay.max
            if let max, max < supply.deliveryDelay.mean {
                let meanText = delay.mean?.text ?? "default \(ScenarioText.number(supply.deliveryDelay.mean))s"
                record(p.appending("max"), "must be >= mean (\(meanText)), got \(delay.max!.text)")
            } else if delay.max == nil, let mean, mean > supply.deliveryDelay.max {
                record(p.appending("mean"), "must be <= max (default \(ScenarioText.number(supply.deliveryDelay.max))s), "
                    + "got \(delay.mean!.text)")
            }
        }
        if let acceptance = raw.acceptance {
            let p = path.appending("acceptance")
            supply.acceptance.base = number(acceptance.base, p.appending("base"), .above(0), .atMost(1))
                ?? supply.acceptance.base
            supply.acceptance.perKm = number(acceptance.per_km, p.appending("per_km"), .atLeast(0), .atMost(1000))
                ?? supply.acceptance.perKm
        }
        supply.seats = integer(raw.seats, path.appending("seats"), .atLeast(1), .atMost(Limit.seats)) ?? supply.seats
        return supply
    }

    private mutating func fare(_ raw: RawFare?) -> Scenario.Fare {
        let path: FieldPath = [.key("fare")]
        var fare = Scenario.Fare()
        guard let raw else { return fare }
        fare.base = number(raw.base, path.appending("base"), .atLeast(0), .atMost(Limit.money)) ?? fare.base
        fare.perKm = number(raw.per_km, path.appending("per_km"), .atLeast(0), .atMost(Limit.money)) ?? fare.perKm
        fare.perMinute = number(raw.per_minute, path.appending("per_minute"), .atLeast(0), .atMost(Limit.money)) ?? fare.perMinute
        fare.minimum = number(raw.minimum, path.appending("minimum"), .atLeast(0), .atMost(Limit.money)) ?? fare.minimum
        if let surge = raw.surge {
            fare.surge.max = number(surge.max, path + [.key("surge"), .key("max")], .atLeast(1),
                                    .atMost(Limit.surge)) ?? fare.surge.max
            fare.surge.interval = duration(surge.interval, path + [.key("surge"), .key("interval")], .above(0),
                                           .atMost(oneDay, shown: "86400 (1 day)")) ?? fare.surge.interval
        }
        fare.sharedDiscount = number(raw.shared_discount, path.appending("shared_discount"), .atLeast(0), .atMost(0.95))
            ?? fare.sharedDiscount
        return fare
    }

    private mutating func matching(_ raw: RawMatching?, horizon: Double?) -> Scenario.Matching {
        let path: FieldPath = [.key("matching")]
        var matching = Scenario.Matching()
        guard let raw else { return matching }
        matching.strategy = strategy(raw.strategy, path.appending("strategy")) ?? matching.strategy
        matching.batchWindow = duration(raw.batch_window, path.appending("batch_window"), .above(0),
                                        .atLeast(Limit.minBatchWindow, shown: "100ms"),
                                        .atMost(Limit.batchWindow, shown: "3600 (1 hour)"))
            ?? matching.batchWindow
        matching.maxPickupEta = duration(raw.max_pickup_eta, path.appending("max_pickup_eta"), .above(0),
                                         .atMost(Limit.maxPickupEta, shown: "7200 (2 hours)"))
            ?? matching.maxPickupEta
        if let weights = raw.weights {
            let p = path.appending("weights")
            matching.weights.eta = number(weights.eta, p.appending("eta"), .atLeast(-Limit.weight), .atMost(Limit.weight)) ?? matching.weights.eta
            matching.weights.deadhead = number(weights.deadhead, p.appending("deadhead"), .atLeast(-Limit.weight), .atMost(Limit.weight)) ?? matching.weights.deadhead
            matching.weights.fare = number(weights.fare, p.appending("fare"), .atLeast(-Limit.weight), .atMost(Limit.weight)) ?? matching.weights.fare
            matching.weights.idle = number(weights.idle, p.appending("idle"), .atLeast(-Limit.weight), .atMost(Limit.weight)) ?? matching.weights.idle
        }
        if let pool = raw.pool {
            let p = path.appending("pool")
            matching.pool.maxWait = poolBound(pool.max_wait, p.appending("max_wait"), horizon: horizon) ?? matching.pool.maxWait
            matching.pool.maxDetour = poolBound(pool.max_detour, p.appending("max_detour"), horizon: horizon) ?? matching.pool.maxDetour
            if let reoptimize = pool.reoptimize {
                // Only the batched exact assignment can re-assign riders (docs/pooling.md).
                if matching.strategy == Self.reoptimizingStrategy {
                    matching.pool.reoptimize = reoptimize
                } else {
                    record(p.appending("reoptimize"),
                           "only strategy \(Self.reoptimizingStrategy) re-assigns riders, got strategy '\(matching.strategy)'")
                }
            }
        }
        if let external = raw.external { matching.external = self.external(external, path.appending("external")) }
        return matching
    }

    /// The one strategy that reads `matching.pool.reoptimize` (``Scenario/Pool/reoptimize``).
    static let reoptimizingStrategy = "pool-batch"

    /// A pooled promise (`max_wait`, `max_detour`): above zero (a zero detour is solo service,
    /// a zero wait serves no one), at most two hours, and within the simulated horizon.
    private mutating func poolBound(_ value: DurationText?, _ path: FieldPath, horizon: Double?) -> Double? {
        guard let seconds = duration(value, path, .above(0), .atMost(Limit.maxPickupEta, shown: "7200 (2 hours)")) else {
            return nil
        }
        if let horizon, seconds > horizon, let text = value?.text {
            record(path, "must not exceed the simulated duration (\(ScenarioText.number(horizon)) s), got \(text)")
            return nil
        }
        return seconds
    }

    /// The case of `E` named `text` (nil, with the error recorded, for another name).
    private mutating func choice<E: RawRepresentable & CaseIterable>(_ text: String?, _ path: FieldPath) -> E?
    where E.RawValue == String {
        guard let text else { return nil }
        if let value = E(rawValue: text) { return value }
        record(path, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        return nil
    }

    private mutating func external(_ raw: RawExternal, _ path: FieldPath) -> Scenario.External {
        var external = Scenario.External()
        if let command = raw.command {
            if command.trimmingCharacters(in: .whitespaces).isEmpty {
                record(path.appending("command"), "must not be empty")
            } else {
                external.command = command
            }
        }
        external.mode = choice(raw.mode, path.appending("mode")) ?? external.mode
        external.timeout = duration(raw.timeout, path.appending("timeout"), .above(0),
                                    .atMost(Limit.maxPickupEta, shown: "7200 (2 hours)")) ?? external.timeout
        external.vehicles = choice(raw.vehicles, path.appending("vehicles")) ?? external.vehicles
        external.encoding = choice(raw.encoding, path.appending("encoding")) ?? external.encoding
        return external
    }

    private mutating func streams(_ raw: RawStreams?) -> Scenario.StreamSettings {
        let path: FieldPath = [.key("streams")]
        var streams = Scenario.StreamSettings()
        guard let raw else { return streams }
        streams.outOfOrderness = duration(raw.out_of_orderness, path.appending("out_of_orderness"), .atLeast(0),
                                      .atMost(oneDay, shown: Limit.day))
            ?? streams.outOfOrderness
        streams.allowedLateness = duration(raw.allowed_lateness, path.appending("allowed_lateness"), .atLeast(0),
                                      .atMost(oneDay, shown: Limit.day))
            ?? streams.allowedLateness
        streams.staleness = duration(raw.staleness, path.appending("staleness"), .atLeast(0),
                                      .atMost(oneDay, shown: Limit.day)) ?? streams.staleness
        streams.idleTimeout = duration(raw.idle_timeout, path.appending("idle_timeout"), .above(0),
                                      .atMost(oneDay, shown: Limit.day)) ?? streams.idleTimeout
        return streams
    }

    /// Most time-series intervals a run may have (rows of timeseries.csv, points per chart line).
    static let maxReportIntervals = 10_000.0

    private mutating func report(_ raw: RawReport?, horizon: Double?) -> Scenario.ReportSettings {
        var report = Scenario.ReportSettings()
        let path: FieldPath = [.key("report"), .key("interval")]
        report.interval = duration(raw?.interval, path, .above(0)) ?? report.interval
        if let horizon, let text = raw?.interval?.text, horizon / report.interval > Self.maxReportIntervals {
            let least = ScenarioText.number(horizon / Self.maxReportIntervals)
            record(path, "must be >= \(least) (duration / 10000: at most 10000 intervals), got \(text)")
        }
        let replayPath: FieldPath = [.key("report"), .key("replay_interval")]
        let maxFrames = Scenario.ReportSettings.maxReplayFrames
        if let given = duration(raw?.replay_interval, replayPath, .above(0)) {
            report.replayInterval = given
            if let horizon, let text = raw?.replay_interval?.text, horizon / given > maxFrames {
                let least = ScenarioText.number(horizon / maxFrames)
                record(replayPath, "must be >= \(least) (duration / 5000: at most 5000 replay frames), got \(text)")
            }
        } else if let horizon {
            report.replayInterval = max(report.replayInterval, horizon / maxFrames)
        }
        report.replayDrivers = integer(raw?.replay_drivers, [.key("report"), .key("replay_drivers")], .atLeast(0),
                                       .atMost(100_000)) ?? report.replayDrivers
        return report
    }

    private mutating func compare(_ raw: RawCompare?) -> Scenario.CompareSettings {
        let path: FieldPath = [.key("compare")]
        var compare = Scenario.CompareSettings()
        guard let raw else { return compare }
        if let strategies = raw.strategies {
            let listPath = path.appending("strategies")
            if strategies.isEmpty {
                record(listPath, "must list at least one strategy")
            }
            for (i, name) in strategies.enumerated() {
                if name.trimmingCharacters(in: .whitespaces).isEmpty {
                    record(listPath + [.index(i)], "must not be empty")
                } else if strategies[..<i].contains(name) {
                    record(listPath + [.index(i)], "'\(name)' is listed twice")
                } else {
                    _ = strategy(name, listPath + [.index(i)])
                }
            }
            compare.strategies = strategies
        }
        compare.replications = integer(raw.replications, path.appending("replications"), .atLeast(1),
                                       .atMost(10_000)) ?? compare.replications
        return compare
    }
}
