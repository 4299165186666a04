import Foundation

// The scenario file as written: Decodable "raw" structs whose properties are named like
// the YAML keys, every one optional and `@Lenient`. `ScenarioBuilder` then checks the
// values and builds the typed `Scenario`.

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
}

struct RawPool: RawSection {
    @Lenient var max_wait: DurationText?
    @Lenient var max_detour: DurationText?
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

/// The shape of a scenario file, for finding unknown keys: every mapping level lists its
/// known keys, in the order of the scenario reference. Keep in step with the raw structs.
indirect enum Shape: Sendable {
    /// A scalar (or anything decoded as a whole).
    case value
    /// A list whose elements all have the given shape.
    case list(Shape)
    /// A mapping with these known keys.
    case map([(key: String, shape: Shape)])

    static let point: Shape = .map([("lat", .value), ("lon", .value)])

    /// The shape of a whole scenario file.
    static let scenario: Shape = .map([
        ("name", .value), ("seed", .value), ("start", .value), ("duration", .value),
        ("city", .map([("center", point), ("radius_km", .value), ("cell_size_m", .value),
                       ("detour_factor", .value), ("network", .value)])),
        ("traffic", .map([("database", .value), ("noise", .value), ("network_speeds", .value)])),
        ("demand", .map([
            ("requests_per_hour", .value), ("profile", .list(.value)),
            ("hotspots", .list(.map([("lat", .value), ("lon", .value), ("radius_km", .value),
                                     ("weight", .value)]))),
            ("trips", .value), ("od", .value), ("zones", .value), ("requests_per_day", .value),
            ("patience", .map([("median", .value), ("sigma", .value)])),
            ("willingness_to_pay", .map([("median", .value), ("sigma", .value)])),
            ("pooling_share", .value),
        ])),
        ("supply", .map([
            ("drivers", .value), ("drivers_file", .value), ("ping_interval", .value),
            ("gps_noise_m", .value), ("delivery_delay", .map([("mean", .value), ("max", .value)])),
            ("acceptance", .map([("base", .value), ("per_km", .value)])),
            ("repositioning", .repositioning), ("start_area", .startArea),
            ("seats", .value),
        ])),
        ("fare", .map([("base", .value), ("per_km", .value), ("per_minute", .value),
                       ("minimum", .value), ("surge", .map([("max", .value), ("interval", .value)])),
                       ("shared_discount", .value)])),
        ("matching", .map([
            ("strategy", .value), ("batch_window", .value), ("max_pickup_eta", .value),
            ("weights", .map([("eta", .value), ("deadhead", .value), ("fare", .value), ("idle", .value)])),
            ("pool", .map([("max_wait", .value), ("max_detour", .value)])),
        ])),
        ("streams", .map([("out_of_orderness", .value), ("allowed_lateness", .value),
                          ("staleness", .value), ("idle_timeout", .value)])),
        ("report", .map([("interval", .value), ("replay_interval", .value), ("replay_drivers", .value)])),
        ("compare", .map([("strategies", .list(.value)), ("replications", .value)])),
    ])
}
