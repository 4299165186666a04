import Core
import Foundation
import Scenario
import Zones

/// Replayed demand: a trip table, in any row order, replayed in time order.
///
/// Columns (by header name, extra columns ignored): `request_time` (seconds from start or
/// ISO-8601) and either coordinates — `origin_lat`, `origin_lon`, `dest_lat`, `dest_lon` —
/// or, with `demand.zones` set, zone ids — `origin_zone`, `dest_zone` (NYC TLC:
/// `PULocationID`, `DOLocationID`), each row's points then drawn uniformly inside its zones
/// by a generator keyed by its line; optional `request_id`, `patience_s`. NYC TLC names are
/// accepted as they are (`tpep_pickup_datetime`, `pickup_latitude`, …). A bad row is
/// rejected with a reason (``RejectReason``) and counted; a missing column or an unreadable
/// file is an ``InputProblem``.
///
/// Ordering: the first `next` reads the whole file once, keeping each accepted row as a
/// compact entry (about 70 bytes: time, two plane points, patience, line, zones, id), then
/// sorts an index of (time, file position): the run replays every accepted row in time
/// order, equal times in file order. Memory grows with the rows accepted (those inside the
/// horizon), not with the file: a month of trips replayed for one day keeps one day.
public struct TripTable: DemandSource {
    /// Required columns and their accepted aliases, canonical name first.
    public static let columns: [[String]] = [
        ["request_time", "tpep_pickup_datetime", "lpep_pickup_datetime", "pickup_datetime"],
        ["origin_lat", "pickup_latitude"], ["origin_lon", "pickup_longitude"],
        ["dest_lat", "dropoff_latitude"], ["dest_lon", "dropoff_longitude"],
    ]
    /// Zone-id columns (instead of coordinates) and their aliases, canonical name first.
    public static let zoneColumns: [[String]] = [["origin_zone", "pulocationid"], ["dest_zone", "dolocationid"]]

    private var rows: TripRows
    private var entries: [TripRows.Entry] = []
    private var order: [Int32] = []
    private var position = 0
    private var loaded = false
    private let seed: UInt64
    private let patienceMedian, patienceSigma: Double
    /// The source of the request `next` returned last.
    public private(set) var lastSource: (line: Int, id: String?)?

    /// Opens the trip table and checks its header; rows are read at the first `next`.
    /// `zones` (from `demand.zones`) enables zone-id columns.
    public init(url: URL, file: String, scenario: Scenario, zones: ZoneSet? = nil) throws {
        rows = try TripRows(url: url, file: file, scenario: scenario, zones: zones)
        seed = scenario.seed
        patienceMedian = scenario.demand.patience.median
        patienceSigma = scenario.demand.patience.sigma
    }

    /// The next trip in time order (all accepted trips are before the horizon given first).
    public mutating func next(before horizon: Millis) -> SampledRequest? {
        if !loaded { load(horizon: horizon) }
        guard position < order.count else { return nil }
        let e = entries[Int(order[position])]
        position += 1
        guard e.time < horizon else { return nil }
        var patience = e.patience
        if patience.isNaN {
            // Keyed by the trip's position in time order: the same whatever the strategy.
            var rng = RandomSource(seed: seed, stream: .behaviour, key: UInt64(position))
            patience = patienceMedian * exp(patienceSigma * rng.normal())
        }
        lastSource = (e.line, rows.id(of: e))
        return SampledRequest(time: e.time, origin: e.origin, destination: e.destination, patience: .fromSeconds(patience),
                              originZone: e.originZone >= 0 ? Int(e.originZone) : nil,
                              destinationZone: e.destinationZone >= 0 ? Int(e.destinationZone) : nil)
    }

    /// Reads and classifies every row (if not done yet), then reports the file.
    public mutating func finish() -> InputFileReport? {
        if !loaded { load(horizon: .fromSeconds(rows.horizonSeconds)) }
        return rows.finish()
    }

    /// Reads the file once and sorts the accepted rows by (time, file position).
    private mutating func load(horizon: Millis) {
        loaded = true
        entries = rows.readAll(horizon: horizon)
        var keys = entries.indices.map { (time: entries[$0].time, index: Int32($0)) }
        if !keys.indices.dropFirst().allSatisfy({ keys[$0 - 1].time <= keys[$0].time }) {
            keys.sort { $0.time != $1.time ? $0.time < $1.time : $0.index < $1.index }
        }
        order = keys.map(\.index)
    }
}

extension TripTable: DemandKind {
    /// `trips`.
    public static let kind = "trips"

    /// Chosen by `demand.trips`.
    public static func isChosen(by scenario: Scenario) -> Bool { scenario.demand.trips != nil }

    /// `demand.trips`.
    public static let volumeSetting = "demand.trips"

    /// The trip table's data rows (rows outside the horizon included: an upper bound).
    public static func expectedRequests(for scenario: Scenario) -> Double? {
        scenario.demand.trips.map { Double(ReplayCSV.dataRows(of: $0)) }
    }

    /// Opens `demand.trips` (header only); `zones` enable zone-id columns.
    public static func open(_ scenario: Scenario, plane: LocalProjection, zones: ZoneSet?, display: (URL) -> String) throws -> Self {
        guard let url = scenario.demand.trips else {
            throw InputProblem("\(display(scenario.file)): demand.trips: no trip table to replay")
        }
        return try TripTable(url: url, file: display(url), scenario: scenario, zones: zones)
    }
}
