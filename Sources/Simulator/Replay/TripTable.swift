import Core
import Foundation
import Scenario

/// Replayed demand: a trip table read row by row as the simulation needs the next request,
/// so memory does not grow with the file.
///
/// Columns (by header name, extra columns ignored): `request_time` (seconds from start or
/// ISO-8601), `origin_lat`, `origin_lon`, `dest_lat`, `dest_lon`; optional `request_id`,
/// `patience_s`. NYC TLC yellow-taxi names are accepted as they are: `tpep_pickup_datetime`
/// (or `lpep_pickup_datetime`), `pickup_latitude`, `pickup_longitude`, `dropoff_latitude`,
/// `dropoff_longitude`. A bad row is rejected with a reason (``RejectReason``) and counted,
/// never sorted or repaired; a missing column or an unreadable file is an ``InputProblem``.
public struct TripTable: DemandSource {
    /// Required columns and their accepted aliases, canonical name first.
    public static let columns: [[String]] = [
        ["request_time", "tpep_pickup_datetime", "lpep_pickup_datetime"],
        ["origin_lat", "pickup_latitude"], ["origin_lon", "pickup_longitude"],
        ["dest_lat", "dropoff_latitude"], ["dest_lon", "dropoff_longitude"],
    ]

    private var csv: ReplayCSV
    private let time, originLat, originLon, destLat, destLon: Int
    private let requestID, patienceColumn: Int?
    private let projection: LocalProjection
    private let cityRadius: Double
    private let startUnix: Double
    private let localOffset: Int
    private let seed: UInt64
    private let patienceMedian, patienceSigma: Double
    private var lastAccepted: Millis = .min
    private var report: InputFileReport
    private var ended = false
    private var horizon: Millis = .farFuture
    /// The source of the request `next` returned last.
    public private(set) var lastSource: (line: Int, id: String?)?

    /// Opens the trip table and checks its header; rows are read later, one per `next`.
    public init(url: URL, file: String, scenario: Scenario) throws {
        let csv = try ReplayCSV(url: url, file: file)
        let positions = try TripTable.columns.map { try csv.required($0) }
        self.csv = csv
        (time, originLat, originLon, destLat, destLon) = (positions[0], positions[1], positions[2], positions[3], positions[4])
        requestID = try csv.optional(["request_id"])
        patienceColumn = try csv.optional(["patience_s"])
        projection = LocalProjection(center: scenario.city.center)
        cityRadius = scenario.city.radiusKm * 1000
        startUnix = scenario.start.timeIntervalSince1970
        localOffset = scenario.startUTCOffsetSeconds
        seed = scenario.seed
        patienceMedian = scenario.demand.patience.median
        patienceSigma = scenario.demand.patience.sigma
        report = InputFileReport(kind: "trips", file: file)
    }

    /// The next accepted trip before `horizon`; rejected rows on the way are counted.
    public mutating func next(before horizon: Millis) -> SampledRequest? {
        self.horizon = horizon
        while !ended, let row = csv.next() {
            report.rows += 1
            if let request = accept(row, horizon: horizon) {
                report.accepted += 1
                lastAccepted = request.time
                return request
            }
        }
        ended = true
        return nil
    }

    /// Reads and classifies every remaining row, then reports the file.
    public mutating func finish() -> InputFileReport? {
        // `next` reads on until it accepts a row or the file ends, and the simulation
        // creates every request it was given, so this only drains a file not yet read.
        while next(before: horizon) != nil {}
        if let error = csv.readError() {
            report.readError = error.description
        } else if report.rows == 0 {
            report.readError = locatedMessage(file: report.file, line: 2, field: nil, message: "no data rows after the header")
        }
        return report
    }

    /// The request of one row, or nil after recording why it was rejected.
    private mutating func accept(_ row: [String], horizon: Millis) -> SampledRequest? {
        let line = csv.line
        guard row.count >= csv.header.count else {
            report.reject(line: line, .badRow, field: "row",
                          value: "\(row.count) fields, the header has \(csv.header.count)")
            return nil
        }
        let timeText = row[time]
        guard let seconds = ReplayTime.secondsFromStart(timeText, startUnix: startUnix, localOffset: localOffset) else {
            report.reject(line: line, .badTime, field: csv.header[time], value: timeText)
            return nil
        }
        guard let originGeo = point(row, originLat, originLon, line: line),
              let destGeo = point(row, destLat, destLon, line: line) else { return nil }
        var patience: Double?
        if let p = patienceColumn, !row[p].isEmpty {
            guard let value = Double(row[p]), value.isFinite, value > 0 else {
                report.reject(line: line, .badPatience, field: "patience_s", value: row[p])
                return nil
            }
            patience = value
        }
        let t = Millis.fromSeconds(seconds)
        guard t >= 0, t < horizon else {
            report.reject(line: line, .outsideHorizon, field: csv.header[time], value: timeText)
            return nil
        }
        let origin = projection.project(originGeo), destination = projection.project(destGeo)
        if origin.norm > cityRadius || destination.norm > cityRadius {
            let (latColumn, lonColumn) = origin.norm > cityRadius ? (originLat, originLon) : (destLat, destLon)
            report.reject(line: line, .outsideCity, field: csv.header[latColumn] + "," + csv.header[lonColumn],
                          value: row[latColumn] + " " + row[lonColumn])
            return nil
        }
        guard t >= lastAccepted else {
            report.reject(line: line, .outOfOrder, field: csv.header[time], value: timeText)
            return nil
        }
        if patience == nil {
            // Keyed by the trip's position among accepted rows: the same whatever the strategy.
            var rng = RandomSource(seed: seed, stream: .behaviour, key: UInt64(report.accepted) + 1)
            patience = patienceMedian * exp(patienceSigma * rng.normal())
        }
        lastSource = (line, requestID.map { row[$0] })
        return SampledRequest(time: t, origin: origin, destination: destination, patience: .fromSeconds(patience!))
    }

    /// A valid point from two cells, or nil after rejecting the row for bad coordinates.
    private mutating func point(_ row: [String], _ latColumn: Int, _ lonColumn: Int, line: Int) -> GeoPoint? {
        let lat = Double(row[latColumn]), lon = Double(row[lonColumn])
        if let lat, let lon, GeoPoint(lat: lat, lon: lon).isValid, lat != 0 || lon != 0 {
            return GeoPoint(lat: lat, lon: lon)
        }
        if lat == 0 && lon == 0 {
            report.reject(line: line, .badCoordinates, field: csv.header[latColumn] + "," + csv.header[lonColumn],
                          value: row[latColumn] + " " + row[lonColumn])
            return nil
        }
        let latBad = lat.map { !$0.isFinite || abs($0) > 90 } ?? true
        let column = latBad ? latColumn : lonColumn
        report.reject(line: line, .badCoordinates, field: csv.header[column], value: row[column])
        return nil
    }
}
