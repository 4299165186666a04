import Foundation

// The scenario file as written: Decodable "raw" structs whose properties are named like
// the YAML keys, every one optional and `@Lenient`. `ScenarioBuilder` then checks the
// values and builds the typed `Scenario`. These structs are the one list of the file's
// keys: `Shape.scenario` (ScenarioShape.swift) is read off them, in declaration order.

// swiftlint:disable identifier_name
struct RawPoint: RawSection {
    @Lenient var lat: Double?
    @Lenient var lon: Double?
}

struct RawCity: RawSection {
    @Lenient var center: RawPoint?
    @Lenient var radius_km: Double?
    @Lenient var cell_size_m: Double?
    @Lenient var detour_factor: Double?
    @Lenient var network: String?
}

struct RawTraffic: RawSection {
    @Lenient var database: String?
    @Lenient var noise: Double?
    @Lenient var network_speeds: String?
}

struct RawHotspot: RawSection {
    @Lenient var lat: Double?
    @Lenient var lon: Double?
    @Lenient var radius_km: Double?
    @Lenient var weight: Double?
}

struct RawPatience: RawSection {
    @Lenient var median: DurationText?
    @Lenient var sigma: Double?
}

struct RawDemand: RawSection {
    @Lenient var requests_per_hour: Double?
    @Lenient var profile: [Double]?
    @Lenient var hotspots: [RawHotspot]?
    @Lenient var trips: String?
    @Lenient var od: String?
    @Lenient var zones: String?
    @Lenient var requests_per_day: Double?
    @Lenient var patience: RawPatience?
    @Lenient var willingness_to_pay: RawWillingness?
    @Lenient var pooling_share: Double?
}

struct RawWillingness: RawSection {
    @Lenient var median: Double?
    @Lenient var sigma: Double?
}

struct RawAcceptance: RawSection {
    @Lenient var base: Double?
    @Lenient var per_km: Double?
}

struct RawDelay: RawSection {
    @Lenient var mean: DurationText?
    @Lenient var max: DurationText?
}

struct RawSupply: RawSection {
    @Lenient var drivers: Int?
    @Lenient var drivers_file: String?
    @Lenient var ping_interval: DurationText?
    @Lenient var gps_noise_m: Double?
    @Lenient var delivery_delay: RawDelay?
    @Lenient var acceptance: RawAcceptance?
    @Lenient var repositioning: RawRepositioning?
    @Lenient var start_area: RawStartArea?
    @Lenient var seats: Int?
}

struct RawSurge: RawSection {
    @Lenient var max: Double?
    @Lenient var interval: DurationText?
}

struct RawFare: RawSection {
    @Lenient var base: Double?
    @Lenient var per_km: Double?
    @Lenient var per_minute: Double?
    @Lenient var minimum: Double?
    @Lenient var surge: RawSurge?
    @Lenient var shared_discount: Double?
}

struct RawWeights: RawSection {
    @Lenient var eta: Double?
    @Lenient var deadhead: Double?
    @Lenient var fare: Double?
    @Lenient var idle: Double?
}

struct RawMatching: RawSection {
    @Lenient var strategy: String?
    @Lenient var batch_window: DurationText?
    @Lenient var max_pickup_eta: DurationText?
    @Lenient var weights: RawWeights?
    @Lenient var pool: RawPool?
    @Lenient var external: RawExternal?
}

struct RawExternal: RawSection {
    @Lenient var command: String?
    @Lenient var mode: String?
    @Lenient var timeout: DurationText?
    @Lenient var vehicles: String?
    @Lenient var encoding: String?
}

struct RawPool: RawSection {
    @Lenient var max_wait: DurationText?
    @Lenient var max_detour: DurationText?
    @Lenient var reoptimize: Bool?
}

struct RawStreams: RawSection {
    @Lenient var out_of_orderness: DurationText?
    @Lenient var allowed_lateness: DurationText?
    @Lenient var staleness: DurationText?
    @Lenient var idle_timeout: DurationText?
}

struct RawReport: RawSection {
    @Lenient var interval: DurationText?
    @Lenient var replay_interval: DurationText?
    @Lenient var replay_drivers: Int?
}

struct RawCompare: RawSection {
    @Lenient var strategies: [String]?
    @Lenient var replications: Int?
}

/// The whole scenario file as written.
struct RawScenario: RawSection {
    @Lenient var name: String?
    @Lenient var seed: SeedText?
    @Lenient var start: TimestampText?
    @Lenient var duration: DurationText?
    @Lenient var city: RawCity?
    @Lenient var traffic: RawTraffic?
    @Lenient var demand: RawDemand?
    @Lenient var supply: RawSupply?
    @Lenient var fare: RawFare?
    @Lenient var matching: RawMatching?
    @Lenient var streams: RawStreams?
    @Lenient var report: RawReport?
    @Lenient var compare: RawCompare?
}
// swiftlint:enable identifier_name
