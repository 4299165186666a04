import Core
import Traffic

/// Surge settings of the engine.
public struct SurgeSettings: Sendable, Equatable {
    /// Largest multiplier; 1 turns surge off.
    public var max: Double
    /// Time between two recomputations, ms.
    public var interval: Millis

    /// Creates settings.
    public init(max: Double, interval: Millis) {
        self.max = max
        self.interval = interval
    }

    /// No surge: every multiplier is 1.
    public static let off = SurgeSettings(max: 1, interval: 60_000)
}

/// The live surge multiplier of every traffic zone, as the engine sees it.
///
/// At each recomputation, for every zone z:
///
///     surge(z) = min(max, max(1, open(z) / max(1, idle(z))))
///
/// where `open(z)` counts the requests waiting in the engine whose pickup lies in z, and
/// `idle(z)` the drivers the engine believes available, with a fresh location in z. The
/// map is recomputed on the engine timer at the first tick at or after each multiple of the
/// interval, and quotes in between use the last map.
public struct SurgeMap: Sendable {
    /// The settings.
    public let settings: SurgeSettings
    /// Multiplier by traffic zone index.
    public private(set) var multipliers: [Double]
    /// When the map is next recomputed, ms.
    public private(set) var nextUpdate: Millis = 0
    /// Recomputations so far.
    public private(set) var updates = 0
    private var open: [Int32]
    private var idle: [Int32]

    /// A flat map (every zone 1) over `zones` zones.
    public init(settings: SurgeSettings, zones: Int) {
        self.settings = settings
        multipliers = Array(repeating: 1, count: zones)
        open = Array(repeating: 0, count: zones)
        idle = Array(repeating: 0, count: zones)
    }

    /// Whether surge can ever exceed 1.
    public var isEnabled: Bool { settings.max > 1 }

    /// The multiplier at `point`.
    public func multiplier(at point: PlanePoint, traffic: TrafficModel) -> Double {
        guard isEnabled else { return 1 }
        return multipliers[traffic.zoneIndex(at: point)]
    }

    /// Recomputes the map at `now` if it is due; returns whether it did.
    @discardableResult
    public mutating func updateIfDue(at now: Millis, pending: [PendingRequest], search: CandidateSearch) -> Bool {
        guard isEnabled, now >= nextUpdate else { return false }
        let interval = Swift.max(1, settings.interval)
        nextUpdate = (now / interval + 1) * interval
        for z in 0..<open.count {
            open[z] = 0
            idle[z] = 0
        }
        let traffic = search.traffic
        for request in pending {
            open[traffic.zoneIndex(at: request.request.origin)] += 1
        }
        let rows = search.drivers.rows
        for row in rows where row.status == .available {
            guard let seen = row.locationTime, now - seen <= search.staleness else { continue }
            idle[traffic.zoneIndex(at: row.location)] += 1
        }
        for z in 0..<multipliers.count {
            let ratio = Double(open[z]) / Double(Swift.max(1, idle[z]))
            multipliers[z] = Swift.min(settings.max, Swift.max(1, ratio))
        }
        updates += 1
        return true
    }
}
