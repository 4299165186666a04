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
    /// request `i`'s, nearest first), as the engine's search found them at `search.now`.
    static func decide(
        _ requests: [PendingRequest], candidates: [[Candidate]], vehicles: [Int32], search: CandidateSearch,
        fare: FareRule, seats: Int, repositioning: (Int32) -> Bool
    ) -> String {
        let projection = search.traffic.projection
        var out = "{\"type\":\"decide\",\"time_s\":\(number(search.now.seconds)),\"requests\":["
        out.reserveCapacity(256 + requests.count * 200 + candidates.reduce(0) { $0 + $1.count } * 90)
        for (i, r) in requests.enumerated() {
            if i > 0 { out += "," }
            let trip = search.travel.trip(from: r.request.origin, to: r.request.destination, hourOfWeek: search.hourOfWeek)
            let quote = fare.fare(meters: trip.meters, seconds: trip.seconds)
            out += "{\"id\":\(r.key),\"origin\":\(point(projection.unproject(r.request.origin))),"
                + "\"destination\":\(point(projection.unproject(r.request.destination))),"
                + "\"request_time_s\":\(number(r.eventTime.seconds)),\"fare_quote\":\(number(quote)),"
                + "\"trip_s\":\(number(trip.seconds)),\"trip_m\":\(number(trip.meters))}"
        }
        out += "],\"vehicles\":["
        for (i, id) in vehicles.enumerated() {
            if i > 0 { out += "," }
            let row = search.drivers.rows[Int(id)]
            out += "{\"id\":\(id),\"position\":\(point(projection.unproject(row.location))),"
                + "\"state\":\(repositioning(id) ? "\"repositioning\"" : "\"idle\""),"
                + "\"seats_free\":\(seats),\"idle_s\":\(number((search.now - row.availableSince).seconds))}"
        }
        out += "],\"candidates\":["
        var first = true
        for (i, list) in candidates.enumerated() {
            let key = requests[i].key
            for c in list {
                if !first { out += "," }
                first = false
                out += "{\"request\":\(key),\"vehicle\":\(c.driver),\"pickup_eta_s\":\(number(c.eta)),\"pickup_m\":\(number(c.distance))"
                if let road = c.roadMeters { out += ",\"road_m\":\(number(road))" }
                out += "}"
            }
        }
        return out + "]}"
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
