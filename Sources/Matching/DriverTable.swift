import Core
import Streams

/// The engine's state table of drivers, keyed by driver id and versioned by event time:
/// an older record never overwrites a newer one.
///
/// Only drivers that are available and have a known location are in the spatial index;
/// freshness (staleness bound) is checked when a candidate is considered.
public struct DriverTable: Sendable {
    /// One driver's row.
    public struct Row: Sendable, Equatable {
        /// Latest known location (from the newest ping by event time).
        public var location: PlanePoint = .zero
        /// Event time of that ping, or `nil` before the first.
        public var locationTime: Millis? = nil
        /// Latest known status.
        public var status: DriverStatus = .offline
        /// Event (or decision) time of that status.
        public var statusTime: Millis = .min
        /// Since when the driver has been available (for idle-time aware strategies).
        public var availableSince: Millis = 0
    }

    /// Rows by driver id.
    public private(set) var rows: [Row]
    /// Available drivers with a known location, by their latest location.
    public private(set) var index: GridIndex
    /// Pings older than the stored version, ignored.
    public private(set) var outdatedPings = 0
    /// Status records older than the stored version, ignored.
    public private(set) var outdatedStatuses = 0
    /// Bumped whenever the candidate set gained a driver: one became available, or an
    /// available driver's stale location was refreshed. The engine retries waiting
    /// requests only when it changed (a driver moving while available does not count:
    /// idle drivers in the simulator wait where they are).
    public private(set) var availabilityVersion = 0
    private let staleness: Millis

    /// An empty table for driver ids `0..<capacity`; locations older than `staleness` are stale.
    public init(capacity: Int, index: GridIndex, staleness: Millis) {
        rows = Array(repeating: Row(), count: capacity)
        self.index = index
        self.staleness = staleness
    }

    /// Applies a location ping; returns false if it was older than the stored one.
    @discardableResult
    public mutating func applyLocation(driver: Int32, at point: PlanePoint, eventTime: Millis) -> Bool {
        let i = Int(driver)
        if let seen = rows[i].locationTime, seen > eventTime {
            outdatedPings += 1
            return false
        }
        let wasStale = rows[i].locationTime.map { eventTime - $0 > staleness } ?? true
        rows[i].location = point
        rows[i].locationTime = eventTime
        if rows[i].status == .available {
            let entered = !index.contains(driver)
            index.upsert(driver, at: point)
            if entered || wasStale { availabilityVersion &+= 1 }
        }
        return true
    }

    /// Applies a status change; returns false if it was older than the stored one.
    /// Equal times apply (a status from the driver's app wins over the engine's own mark).
    @discardableResult
    public mutating func applyStatus(driver: Int32, _ status: DriverStatus, eventTime: Millis) -> Bool {
        let i = Int(driver)
        if rows[i].statusTime > eventTime {
            outdatedStatuses += 1
            return false
        }
        let was = rows[i].status
        rows[i].status = status
        rows[i].statusTime = eventTime
        if status == .available {
            if was != .available { rows[i].availableSince = eventTime }
            if rows[i].locationTime != nil {
                index.upsert(driver, at: rows[i].location)
                availabilityVersion &+= 1
            }
        } else {
            index.remove(driver)
        }
        return true
    }
}
