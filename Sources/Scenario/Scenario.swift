import Core
import Foundation

/// A validated scenario: everything one run needs, typed, with defaults filled in and
/// paths resolved against the scenario file's folder.
///
/// Durations are seconds (`Double`). Build one with ``Scenario/load(path:knownStrategies:overrides:knownPolicies:)``.
public struct Scenario: Sendable, Equatable {
    /// Scenario name; names the report folder `reports/<name>/`.
    public var name: String
    /// Master seed; every random stream of the run is derived from it.
    public var seed: UInt64
    /// Wall-clock instant of simulation time 0 (sets the hour of week for traffic).
    public var start: Date
    /// UTC offset, in seconds, written in `start` (e.g. −18000 for `-05:00`); the demand
    /// profile is indexed by the local hour of day in this offset.
    public var startUTCOffsetSeconds: Int
    /// Simulated horizon in seconds.
    public var duration: Double
    /// The city disc and its spatial index.
    public var city: City
    /// Traffic tables and the truth's noise.
    public var traffic: TrafficSettings
    /// Rider demand.
    public var demand: Demand
    /// Driver supply.
    public var supply: Supply
    /// Fare rules.
    public var fare: Fare
    /// Matching strategy and its bounds.
    public var matching: Matching
    /// Stream-processing bounds (event time).
    public var streams: StreamSettings
    /// Report options.
    public var report: ReportSettings
    /// Options for `ridematch compare`.
    public var compare: CompareSettings
    /// The scenario file this was read from.
    public var file: URL

    /// The city: a disc around a centre.
    public struct City: Sendable, Equatable {
        /// Centre of the city disc and of the local plane.
        public var center: GeoPoint
        /// Radius of the disc where demand and supply live, in kilometres.
        public var radiusKm: Double
        /// Side of a spatial-index cell in metres (default 400).
        public var cellSizeM: Double = 400
        /// Road distance / straight-line distance (default 1.3); not used on a road network.
        public var detourFactor: Double = 1.3
        /// The road network database (absolute), if the city drives on one; nil: straight lines.
        public var network: URL? = nil
        /// The scenario file's line of `city.network`, for errors found when loading it.
        public var networkLine: Int? = nil

        /// Cells per side of the spatial index, at most: 2048² cells (about 4.2 million empty
        /// cells, 34 MB); `city.cell_size_m` is refused below the size that keeps within it.
        public static let maxIndexCellsPerSide = 2048

        /// Half the side of the square the spatial index covers: the city radius plus 1 km
        /// of margin, metres.
        public var indexHalfExtentMeters: Double { radiusKm * 1000 + 1000 }
    }

    /// Where the historical speeds come from and how far the truth strays from them.
    public struct TrafficSettings: Sendable, Equatable {
        /// The SQLite traffic database (absolute, resolved against the scenario's folder).
        public var database: URL
        /// Standard deviation of true speed / historical speed (default 0.15).
        public var noise: Double = 0.15
        /// How edge speeds are set on a road network (`city.network`).
        public var networkSpeeds: NetworkSpeeds = .classes
    }

    /// How edge speeds are set on a road network.
    public enum NetworkSpeeds: String, Sendable, Equatable, CaseIterable {
        /// The network's road-class speeds by hour (its `class_speeds` table), capped by maxspeed.
        case classes
        /// Road-class speeds scaled by the traffic table's per-zone factors at the hour
        /// (docs/networks.md, "Zone speeds").
        case zones
        /// Each edge's own travel time from the network source (an OSMnx graph's
        /// `travel_time` or `speed_kph`), class speeds where an edge has none
        /// (docs/networks.md, "Edge times").
        case edges
    }

    /// A weighted disc of extra demand.
    public struct Hotspot: Sendable, Equatable {
        /// Centre of the hotspot.
        public var center: GeoPoint
        /// Radius in kilometres.
        public var radiusKm: Double
        /// Weight relative to the uniform background, which has weight 1.
        public var weight: Double
    }

    /// Lognormal rider patience: how long a rider waits for a match before cancelling.
    public struct Patience: Sendable, Equatable {
        /// Median patience in seconds (default 300).
        public var median: Double = 300
        /// Sigma of the underlying normal (default 0.5).
        public var sigma: Double = 0.5
    }

    /// Rider demand: sampled (Poisson with profile and hotspots) or replayed from a trip table.
    public struct Demand: Sendable, Equatable {
        /// Mean requests per hour before the profile multiplier.
        public var requestsPerHour: Double
        /// 24 multipliers by local hour of day; `nil` means flat.
        public var profile: [Double]? = nil
        /// Extra-demand discs (origins and destinations).
        public var hotspots: [Hotspot] = []
        /// A trip table to replay instead of sampling (absolute path).
        public var trips: URL? = nil
        /// Zone-to-zone rates (SQLite, see data/README.md) to sample demand from, instead of
        /// `requestsPerHour`, profile and hotspots (absolute path); needs `zones`.
        public var od: URL? = nil
        /// Demand zones: a GeoJSON FeatureCollection of polygons with `zone_id` (absolute
        /// path). Used by `od`, by trip tables with zone-id columns, and for per-zone reports.
        public var zones: URL? = nil
        /// Requests per day of the `od` model (its 15-minute profile scaled to this total).
        public var requestsPerDay: Double? = nil
        /// Rider patience.
        public var patience: Patience = Patience()
        /// The highest surge multiplier each rider accepts; `nil`: every quote is accepted.
        public var willingnessToPay: WillingnessToPay? = nil
        /// Share of riders who accept a shared ride (0…1, default 1), drawn per request.
        public var poolingShare: Double = 1
    }

    /// Lognormal willingness to pay: the largest multiple of the unsurged fare a rider
    /// accepts (one draw per rider); a quote with a higher surge is declined.
    public struct WillingnessToPay: Sendable, Equatable {
        /// Median multiple (default 2).
        public var median: Double
        /// Sigma of the underlying normal (default 0.3).
        public var sigma: Double

        /// Creates the distribution; the defaults are the scenario's.
        public init(median: Double = 2, sigma: Double = 0.3) {
            self.median = median
            self.sigma = sigma
        }
    }

    /// Driver acceptance of offers: probability `clamp(base − per_km · pickup km, 0, 1)`.
    public struct Acceptance: Sendable, Equatable {
        /// Acceptance probability of an offer at the driver's location (default 1).
        public var base: Double
        /// Drop of the probability per km of pickup road distance (default 0).
        public var perKm: Double

        /// Creates the rule; the defaults are the scenario's.
        public init(base: Double = 1, perKm: Double = 0) {
            self.base = base
            self.perKm = perKm
        }

        /// The probability that a driver accepts an offer `pickupKm` road km away.
        public func probability(pickupKm: Double) -> Double {
            Swift.min(1, Swift.max(0, base - perKm * pickupKm))
        }
    }

    /// Delivery delay of records from their source to the engine.
    public struct DeliveryDelay: Sendable, Equatable {
        /// Mean delay in seconds (exponential; default 0.5).
        public var mean: Double = 0.5
        /// Cap in seconds (default 3).
        public var max: Double = 3
    }

    /// Driver supply.
    public struct Supply: Sendable, Equatable {
        /// Number of drivers placed uniformly over the city.
        public var drivers: Int
        /// Explicit driver start positions and shifts (absolute path).
        public var driversFile: URL? = nil
        /// Seconds between two location pings of a driver (default 4).
        public var pingInterval: Double = 4
        /// Standard deviation of GPS noise per axis, metres (default 8).
        public var gpsNoiseM: Double = 8
        /// Delivery delay of every record.
        public var deliveryDelay: DeliveryDelay = DeliveryDelay()
        /// How likely drivers accept an offer (default: always).
        public var acceptance: Acceptance = Acceptance()
        /// What idle drivers do (default: stay where they are).
        public var repositioning = Repositioning()
        /// Where sampled drivers start (nil: anywhere in the city disc).
        public var startArea: StartArea? = nil
        /// Riders a vehicle carries at once (default 1: solo service).
        public var seats: Int = 1
    }

    /// Surge pricing bounds.
    public struct Surge: Sendable, Equatable {
        /// Largest surge multiplier (default 2.5); 1 turns surge off.
        public var max: Double = 2.5
        /// Seconds between two recomputations of the surge map (default 60).
        public var interval: Double = 60
    }

    /// Fare rules: base + per km + per minute, at least `minimum`, times surge.
    public struct Fare: Sendable, Equatable {
        /// Flag-fall (default 2.5).
        public var base: Double = 2.5
        /// Per kilometre of trip (default 1.1).
        public var perKm: Double = 1.1
        /// Per minute of trip (default 0.35).
        public var perMinute: Double = 0.35
        /// Minimum fare (default 7).
        public var minimum: Double = 7
        /// Surge bounds.
        public var surge: Surge = Surge()
        /// Discount of a rider who accepts a shared ride, served by a pooling strategy (0…0.95, default 0).
        public var sharedDiscount: Double = 0
    }

    /// Weights of the `weighted` strategy's cost.
    public struct Weights: Sendable, Equatable {
        /// Weight of pickup ETA (default 1).
        public var eta: Double = 1
        /// Weight of deadhead distance (default 0.2).
        public var deadhead: Double = 0.2
        /// Weight of fare (default 0.1).
        public var fare: Double = 0.1
        /// Weight of driver idle time (default 0.05).
        public var idle: Double = 0.05
    }

    /// Matching: which strategy, and its bounds.
    public struct Matching: Sendable, Equatable {
        /// Registered strategy name (default `nearest`).
        public var strategy: String = "nearest"
        /// Batch window of batched strategies, seconds (default 5).
        public var batchWindow: Double = 5
        /// Largest pickup ETA the engine may quote, seconds (default 600).
        public var maxPickupEta: Double = 600
        /// Weights of the weighted strategy.
        public var weights: Weights = Weights()
        /// Promised bounds of pooled rides.
        public var pool: Pool = Pool()
        /// The external policy of strategy `external` (`matching.external`, docs/external.md).
        public var external: External = External()
    }

    /// An external policy (`matching.external`): a child process that decides over JSON Lines.
    public struct External: Sendable, Equatable {
        /// When the policy is asked: every batch window, or on each arrival and retry.
        public enum Mode: String, Sendable, Equatable, CaseIterable {
            /// Every `matching.batch_window`, over every waiting request (the default).
            case batch
            /// On each request's arrival, and for waiting requests on the 1-second retry.
            case immediate
        }

        /// The command line, run by `/bin/sh -c` in the working directory (nil: none given).
        public var command: String?
        /// When the policy is asked (default batch).
        public var mode: Mode = .batch
        /// Longest wait for one answer, seconds (default 5).
        public var timeout: Double = 5
        /// Which vehicles a `decide` lists (default candidates).
        public var vehicles: Vehicles = .candidates
        /// How a `decide` writes its lists (default rows).
        public var encoding: Encoding = .rows

        /// How each `decide` message writes its lists of requests, vehicles and candidates.
        public enum Encoding: String, Sendable, Equatable, CaseIterable {
            /// One JSON object per item (the default).
            case rows
            /// One JSON array per field, about half the bytes and the parse time.
            case columns
        }

        /// Which vehicles each `decide` message lists.
        public enum Vehicles: String, Sendable, Equatable, CaseIterable {
            /// The vehicles that are a candidate of at least one pending request (the default).
            case candidates
            /// Every available vehicle with a fresh location, candidate or not (for policies
            /// that reposition idle vehicles); `decide` is then sent whenever requests wait.
            case available
        }

        /// Creates the settings; the defaults are the scenario's.
        public init(
            command: String? = nil, mode: Mode = .batch, timeout: Double = 5, vehicles: Vehicles = .candidates,
            encoding: Encoding = .rows
        ) {
            self.encoding = encoding
            self.command = command
            self.mode = mode
            self.timeout = timeout
            self.vehicles = vehicles
        }
    }

    /// Promised bounds of pooled rides (`matching.pool`), kept by every later insertion.
    public struct Pool: Sendable, Equatable {
        /// Longest pickup wait from the request, seconds (default 600).
        public var maxWait: Double
        /// Longest extra in-vehicle time over the direct trip, seconds (default 600).
        public var maxDetour: Double
        /// Whether `pool-batch` re-assigns riders matched but not yet aboard every window
        /// (`matching.pool.reoptimize`, docs/pooling.md; default false). Only `pool-batch` reads it.
        public var reoptimize: Bool

        /// Creates the bounds; the defaults are the scenario's.
        public init(maxWait: Double = 600, maxDetour: Double = 600, reoptimize: Bool = false) {
            self.maxWait = maxWait
            self.maxDetour = maxDetour
            self.reoptimize = reoptimize
        }
    }

    /// Event-time bounds of the stream engine.
    public struct StreamSettings: Sendable, Equatable {
        /// Watermark lag behind the largest event time seen, seconds (default 2).
        public var outOfOrderness: Double = 2
        /// How far behind the watermark a record may still be used, seconds (default 10).
        public var allowedLateness: Double = 10
        /// Age beyond which a driver's location is not a candidate, seconds (default 30).
        public var staleness: Double = 30
        /// Processing time without a record after which an input stream is idle and stops
        /// holding the joint watermark back, seconds (default 10).
        public var idleTimeout: Double = 10
    }

    /// Report options.
    public struct ReportSettings: Sendable, Equatable {
        /// Time-series interval, seconds (default 300).
        public var interval: Double = 300
        /// Time between the frames of the report's animated replay, seconds (default 30,
        /// stretched to duration / ``maxReplayFrames`` when not given and the run is longer).
        public var replayInterval: Double = 30
        /// Most drivers the replay follows (default 500; 0: no replay). See `ReplayTrack`
        /// (Simulator) for the sample rule that also bounds frames × drivers.
        public var replayDrivers: Int = 500
        /// Most frames a replay may have.
        public static let maxReplayFrames = 5_000.0
    }

    /// Options for `ridematch compare`.
    public struct CompareSettings: Sendable, Equatable {
        /// Strategies to compare, first is the baseline.
        public var strategies: [String] = ["nearest", "fastest-eta", "batch", "weighted"]
        /// Replications (seeds) per strategy (default 5).
        public var replications: Int = 5
    }
}
