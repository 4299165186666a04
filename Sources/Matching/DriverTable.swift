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
    public internal(set) var rows: [Row]
    /// Available drivers with a known location, by their latest location.
    public internal(set) var index: GridIndex
    /// Pings older than the stored version, ignored.
    public private(set) var outdatedPings = 0
    /// Status records older than the stored version, ignored.
    public private(set) var outdatedStatuses = 0
    /// Bumped whenever the candidate set gained a driver: one became available, or an
    /// available driver's stale location was refreshed. The engine retries waiting
    /// requests only when it changed (a driver moving while available does not count:
    /// idle drivers in the simulator wait where they are).
    public private(set) var availabilityVersion = 0
    /// Drivers that entered the candidate set (each bump of ``availabilityVersion``) since
    /// the engine last took the list: the only drivers a request that found no candidate
    /// before can find now.
    public private(set) var entered: [Int32] = []
    private let staleness: Millis

    /// An empty table for driver ids `0..<capacity`; locations older than `staleness` are stale.
    public init(capacity: Int, index: GridIndex, staleness: Millis) {
        rows = Array(repeating: Row(), count: capacity)
        self.index = index
        self.staleness = staleness
    }

    /// Applies a location ping; returns false if it was older than the stored one.
    /// `now` is the processing time (the ping's arrival; defaults to its event time): a
    /// location that was stale by then may have been refused by a decision since.
    @discardableResult
    public mutating func applyLocation(driver: Int32, at point: PlanePoint, eventTime: Millis, now: Millis? = nil) -> Bool {
        let i = Int(driver)
        if let seen = rows[i].locationTime, seen > eventTime {
            outdatedPings += 1
            return false
        }
        let wasStale = rows[i].locationTime.map { max(eventTime, now ?? eventTime) - $0 > staleness } ?? true
        rows[i].location = point
        rows[i].locationTime = eventTime
        if rows[i].status == .available {
            let entered = !index.contains(driver)
            index.upsert(driver, at: point)
            if entered || wasStale {
                availabilityVersion &+= 1
                self.entered.append(driver)
            }
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
                entered.append(driver)
            }
        } else {
            index.remove(driver)
        }
        return true
    }

    /// Returns the drivers that entered the candidate set since the last call, and forgets them.
    mutating func takeEntered() -> [Int32] {
        defer { entered.removeAll(keepingCapacity: true) }
        return entered
    }
}
