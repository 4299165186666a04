import Core
import Foundation
import Scenario
import Zones

/// The row reader of a ``TripTable``: finds the columns, classifies every row (accepted or
/// rejected with a reason) and keeps accepted rows as compact entries.
struct TripRows {
    /// One accepted row.
    struct Entry {
        var time: Millis
        var origin: PlanePoint
        var destination: PlanePoint
        /// `patience_s`, or NaN when the row has none.
        var patience: Double
        var line: Int
        /// Demand zone ids, -1 when not known from the row.
        var originZone: Int32
        var destinationZone: Int32
        /// The `request_id` cell: bytes `idStart..<idStart + idLength` of `ids`, or idLength -1.
        var idStart: Int
        var idLength: Int32
    }

    private enum Places {
        case coordinates(originLat: Int, originLon: Int, destLat: Int, destLon: Int)
        case zones(origin: Int, dest: Int, set: ZoneSet, sampler: ZoneSampler)
    }

    private var csv: ReplayCSV
    private let time: Int
    private let places: Places
    private let requestID, patienceColumn: Int?
    private let projection: LocalProjection
    private let cityRadius: Double
    private let startUnix: Double
    private let localOffset: Int
    private let seed: UInt64
    private var report: InputFileReport
    private var ids: [UInt8] = []
    /// The scenario's horizon, seconds.
    let horizonSeconds: Double

    init(url: URL, file: String, scenario: Scenario, zones: ZoneSet?) throws {
        let csv = try ReplayCSV(url: url, file: file)
        time = try csv.required(TripTable.columns[0])
        projection = LocalProjection(center: scenario.city.center)
        let coordinates = try TripTable.columns.dropFirst().map { try csv.optional($0) }
        let zoneColumns = try TripTable.zoneColumns.map { try csv.optional($0) }
        if let origin = zoneColumns[0], let dest = zoneColumns[1], coordinates.contains(nil) {
            guard let zones else {
                throw InputProblem(locatedMessage(file: file, line: 1, field: csv.header[origin],
                                                  message: "zone-id columns need demand.zones (the zones' GeoJSON file)"))
            }
            places = .zones(origin: origin, dest: dest, set: zones, sampler: ZoneSampler(zones: zones, projection: projection))
        } else {
            if coordinates[0] == nil, zoneColumns.contains(where: { $0 != nil }) {
                let missing = zoneColumns[0] == nil ? TripTable.zoneColumns[0] : TripTable.zoneColumns[1]
                _ = try csv.required(missing)
            }
            let p = try TripTable.columns.dropFirst().map { try csv.required($0) }
            places = .coordinates(originLat: p[0], originLon: p[1], destLat: p[2], destLon: p[3])
        }
        self.csv = csv
        requestID = try csv.optional(["request_id"])
        patienceColumn = try csv.optional(["patience_s"])
        cityRadius = scenario.city.radiusKm * 1000
        startUnix = scenario.start.timeIntervalSince1970
        localOffset = scenario.startUTCOffsetSeconds
        seed = scenario.seed
        horizonSeconds = scenario.duration
        report = InputFileReport(kind: "trips", file: file)
    }

    /// Reads every row; returns the accepted ones in file order.
    mutating func readAll(horizon: Millis) -> [Entry] {
        var entries: [Entry] = []
        while let row = csv.next() {
            report.rows += 1
            if let entry = accept(row, horizon: horizon) {
                report.accepted += 1
                entries.append(entry)
            }
        }
        return entries
    }

    /// The report, once every row is read.
    mutating func finish() -> InputFileReport {
        if let error = csv.readError() {
            report.readError = error.description
        } else if report.rows == 0 {
            report.readError = locatedMessage(file: report.file, line: 2, field: nil, message: "no data rows after the header")
        }
        return report
    }

    /// The `request_id` of an entry.
    func id(of e: Entry) -> String? {
        guard e.idLength >= 0 else { return nil }
        return String(decoding: ids[e.idStart..<e.idStart + Int(e.idLength)], as: UTF8.self)
    }

    /// The entry of one row, or nil after recording why it was rejected.
    private mutating func accept(_ row: [String], horizon: Millis) -> Entry? {
        let line = csv.line
        guard row.count >= csv.header.count else {
            report.reject(line: line, .badRow, field: "row", value: "\(row.count) fields, the header has \(csv.header.count)")
            return nil
        }
        let timeText = row[time]
        guard let seconds = ReplayTime.secondsFromStart(timeText, startUnix: startUnix, localOffset: localOffset) else {
            report.reject(line: line, .badTime, field: csv.header[time], value: timeText)
            return nil
        }
        var zoneIDs: (Int32, Int32) = (-1, -1)
        var zoneIndices: (Int, Int) = (0, 0)
        var geo: (GeoPoint, GeoPoint)?
        switch places {
        case .coordinates(let oLat, let oLon, let dLat, let dLon):
            guard let o = point(row, oLat, oLon, line: line), let d = point(row, dLat, dLon, line: line) else { return nil }
            geo = (o, d)
        case .zones(let origin, let dest, let set, _):
            for (column, isOrigin) in [(origin, true), (dest, false)] {
                guard let id = Int32(row[column]), let index = set.index(ofID: Int(id)) else {
                    report.reject(line: line, .unknownZone, field: csv.header[column], value: row[column])
                    return nil
                }
                if isOrigin { zoneIDs.0 = id; zoneIndices.0 = index } else { zoneIDs.1 = id; zoneIndices.1 = index }
            }
        }
        var patience = Double.nan
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
        let origin: PlanePoint, destination: PlanePoint
        switch places {
        case .coordinates(let oLat, let oLon, let dLat, let dLon):
            (origin, destination) = (projection.project(geo!.0), projection.project(geo!.1))
            if origin.norm > cityRadius || destination.norm > cityRadius {
                let (latColumn, lonColumn) = origin.norm > cityRadius ? (oLat, oLon) : (dLat, dLon)
                report.reject(line: line, .outsideCity, field: csv.header[latColumn] + "," + csv.header[lonColumn],
                              value: row[latColumn] + " " + row[lonColumn])
                return nil
            }
        case .zones(let oColumn, let dColumn, _, let sampler):
            // Keyed by the row's line: the same points on every rerun and for every strategy.
            var rng = RandomSource(seed: seed, stream: .demand, key: UInt64(line))
            origin = sampler.sample(zoneIndex: zoneIndices.0, using: &rng)
            destination = sampler.sample(zoneIndex: zoneIndices.1, using: &rng)
            if origin.norm > cityRadius || destination.norm > cityRadius {
                let column = origin.norm > cityRadius ? oColumn : dColumn
                report.reject(line: line, .outsideCity, field: csv.header[column], value: row[column])
                return nil
            }
        }
        var idStart = 0, idLength: Int32 = -1
        if let c = requestID {
            idStart = ids.count
            ids.append(contentsOf: row[c].utf8)
            idLength = Int32(ids.count - idStart)
        }
        return Entry(time: t, origin: origin, destination: destination, patience: patience, line: line,
                     originZone: zoneIDs.0, destinationZone: zoneIDs.1, idStart: idStart, idLength: idLength)
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
