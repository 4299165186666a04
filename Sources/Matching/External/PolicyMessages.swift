import Core
import Foundation
import Traffic

/// The JSON Lines of the external policy protocol (docs/external.md): the engine's `start`,
/// `decide` and `end` messages, written by hand (fixed key order, shortest round-trip
/// numbers, so a deterministic policy sees byte-identical input), and the policy's answer,
/// checked against the `decide` it answers.
enum PolicyMessages {
    /// `{"type": "start", …}`: the run the policy is about to decide for, with the traffic
    /// zones (`id`, `center`) that `idle_targets` names.
    static func start(_ s: ExternalPolicySettings, batchWindow: Millis, zones: [TrafficZone]) -> String {
        "{\"type\":\"start\",\"protocol\":1,\"scenario\":\(jsonString(s.scenario)),\"seed\":\(s.seed),"
            + "\"start\":\(jsonString(s.start)),\"seats\":\(s.seats),\"batch_window_s\":\(number(batchWindow.seconds)),"
            + "\"max_pickup_eta_s\":\(number(s.maxPickupEta)),\"mode\":\"\(s.immediate ? "immediate" : "batch")\","
            + "\"vehicles\":\"\(s.listsAvailableVehicles ? "available" : "candidates")\",\"zones\":["
            + zones.map { "{\"id\":\($0.id),\"center\":\(point($0.center))}" }.joined(separator: ",") + "]}"
    }

    /// `{"type": "end", "summary": {…}}`: the run's summary row, after the last decision.
    static func end(summary: [(name: String, json: String)]) -> String {
        "{\"type\":\"end\",\"summary\":{" + summary.map { "\(jsonString($0.name)):\($0.json)" }.joined(separator: ",") + "}}"
    }

    /// `{"type": "decide", …}`: the pending `requests` (oldest first), the `vehicles` (by id,
    /// each in the state `repositioning` says), and every candidate pair (`candidates[i]` are
    /// request `i`'s, nearest first), as the engine's search found them at `search.now`, one
    /// object per item or, with `columns`, one array per field (docs/external.md).
    static func decide(
        _ requests: [PendingRequest], candidates: [[Candidate]], vehicles: [Int32], search: CandidateSearch,
        fare: FareRule, seats: Int, columns: Bool, repositioning: (Int32) -> Bool
    ) -> [UInt8] {
        let projection = search.traffic.projection
        let pairs = candidates.reduce(0) { $0 + $1.count }
        var origins: [GeoPoint] = [], destinations: [GeoPoint] = [], trips: [TravelEstimate] = [], quotes: [Double] = []
        for r in requests {
            let trip = search.travel.trip(from: r.request.origin, to: r.request.destination, hourOfWeek: search.hourOfWeek)
            origins.append(projection.unproject(r.request.origin))
            destinations.append(projection.unproject(r.request.destination))
            trips.append(trip)
            quotes.append(fare.fare(meters: trip.meters, seconds: trip.seconds))
        }
        let rows = search.drivers.rows
        let positions = vehicles.map { projection.unproject(rows[Int($0)].location) }
        let moving = vehicles.map(repositioning)
        var out = JSONLineWriter(capacity: 256 + requests.count * 200 + vehicles.count * 100 + pairs * 100)
        out.raw("{\"type\":\"decide\",\"time_s\":")
        out.number(search.now.seconds)
        if columns {
            out.raw(",\"requests\":{")
            out.column("id", count: requests.count) { $0.int(requests[$1].key) }
            out.raw(",")
            out.columns("origin", origins)
            out.raw(",")
            out.columns("destination", destinations)
            out.raw(",")
            out.column("request_time_s", count: requests.count) { $0.number(requests[$1].eventTime.seconds) }
            out.raw(",")
            out.column("fare_quote", count: requests.count) { $0.number(quotes[$1]) }
            out.raw(",")
            out.column("trip_s", count: requests.count) { $0.number(trips[$1].seconds) }
            out.raw(",")
            out.column("trip_m", count: requests.count) { $0.number(trips[$1].meters) }
            out.raw("},\"vehicles\":{")
            out.column("id", count: vehicles.count) { $0.int(vehicles[$1]) }
            out.raw(",")
            out.columns("position", positions)
            out.raw(",")
            out.column("state", count: vehicles.count) { w, i in moving[i] ? w.raw("\"repositioning\"") : w.raw("\"idle\"") }
            out.raw(",")
            out.column("seats_free", count: vehicles.count) { w, _ in w.int(seats) }
            out.raw(",")
            out.column("idle_s", count: vehicles.count) { $0.number((search.now - rows[Int(vehicles[$1])].availableSince).seconds) }
            let flat = candidates.enumerated().flatMap { i, list in list.map { (key: requests[i].key, candidate: $0) } }
            out.raw("},\"candidates\":{")
            out.column("request", count: flat.count) { $0.int(flat[$1].key) }
            out.raw(",")
            out.column("vehicle", count: flat.count) { $0.int(flat[$1].candidate.driver) }
            out.raw(",")
            out.column("pickup_eta_s", count: flat.count) { $0.number(flat[$1].candidate.eta) }
            out.raw(",")
            out.column("pickup_m", count: flat.count) { $0.number(flat[$1].candidate.distance) }
            if flat.contains(where: { $0.candidate.roadMeters != nil }) {
                out.raw(",")
                out.column("road_m", count: flat.count) { $0.number(flat[$1].candidate.roadMeters ?? .nan) }
            }
            out.raw("}}")
            return out.bytes
        }
        out.raw(",\"requests\":[")
        for (i, r) in requests.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"id\":")
            out.int(r.key)
            out.raw(",\"origin\":")
            out.point(origins[i])
            out.raw(",\"destination\":")
            out.point(destinations[i])
            out.raw(",\"request_time_s\":")
            out.number(r.eventTime.seconds)
            out.raw(",\"fare_quote\":")
            out.number(quotes[i])
            out.raw(",\"trip_s\":")
            out.number(trips[i].seconds)
            out.raw(",\"trip_m\":")
            out.number(trips[i].meters)
            out.raw("}")
        }
        out.raw("],\"vehicles\":[")
        for (i, id) in vehicles.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"id\":")
            out.int(id)
            out.raw(",\"position\":")
            out.point(positions[i])
            out.raw(moving[i] ? ",\"state\":\"repositioning\",\"seats_free\":" : ",\"state\":\"idle\",\"seats_free\":")
            out.int(seats)
            out.raw(",\"idle_s\":")
            out.number((search.now - rows[Int(id)].availableSince).seconds)
            out.raw("}")
        }
        out.raw("],\"candidates\":[")
        var first = true
        for (i, list) in candidates.enumerated() {
            for c in list {
                if !first { out.raw(",") }
                first = false
                out.raw("{\"request\":")
                out.int(requests[i].key)
                out.raw(",\"vehicle\":")
                out.int(c.driver)
                out.raw(",\"pickup_eta_s\":")
                out.number(c.eta)
                out.raw(",\"pickup_m\":")
                out.number(c.distance)
                if let road = c.roadMeters {
                    out.raw(",\"road_m\":")
                    out.number(road)
                }
                out.raw("}")
            }
        }
        out.raw("]}")
        return out.bytes
    }

    /// A JSON number: Swift's shortest representation that reads back to the same double
    /// (`null` for a value that is not finite).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func point(_ p: GeoPoint) -> String { "[\(number(p.lat)),\(number(p.lon))]" }
}
