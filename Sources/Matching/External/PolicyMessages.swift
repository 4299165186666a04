import Core
import Foundation

/// The JSON Lines of the external policy protocol (docs/external.md): the engine's `start`,
/// `decide` and `end` messages, written by hand (fixed key order, shortest round-trip
/// numbers, so a deterministic policy sees byte-identical input), and the policy's answer,
/// checked against the `decide` it answers.
enum PolicyMessages {
    /// `{"type": "start", …}`: the run the policy is about to decide for.
    static func start(_ s: ExternalPolicySettings, batchWindow: Millis) -> String {
        "{\"type\":\"start\",\"protocol\":1,\"scenario\":\(jsonString(s.scenario)),\"seed\":\(s.seed),"
            + "\"start\":\(jsonString(s.start)),\"seats\":\(s.seats),\"batch_window_s\":\(number(batchWindow.seconds)),"
            + "\"max_pickup_eta_s\":\(number(s.maxPickupEta)),\"mode\":\"\(s.immediate ? "immediate" : "batch")\"}"
    }

    /// `{"type": "end", "summary": {…}}`: the run's summary row, after the last decision.
    static func end(summary: [(name: String, json: String)]) -> String {
        "{\"type\":\"end\",\"summary\":{" + summary.map { "\(jsonString($0.name)):\($0.json)" }.joined(separator: ",") + "}}"
    }

    /// `{"type": "decide", …}`: the pending `requests` (oldest first), the vehicles that are a
    /// candidate of at least one of them (by id), and every candidate pair (`candidates[i]`
    /// are request `i`'s, nearest first), as the engine's search found them at `search.now`.
    static func decide(
        _ requests: [PendingRequest], candidates: [[Candidate]], search: CandidateSearch, fare: FareRule, seats: Int
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
        var vehicles = Set<Int32>()
        for list in candidates { for c in list { vehicles.insert(c.driver) } }
        for (i, id) in vehicles.sorted().enumerated() {
            if i > 0 { out += "," }
            let row = search.drivers.rows[Int(id)]
            out += "{\"id\":\(id),\"position\":\(point(projection.unproject(row.location))),\"state\":\"idle\","
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

/// A problem with one answer, as the part of the error line after the epoch time.
struct AnswerProblem: Error {
    var message: String
}

extension PolicyMessages {
    /// The assignments of one answer line, each with the candidate the engine found for it.
    /// Throws an ``AnswerProblem`` for malformed JSON, a wrong type, an unknown request or
    /// vehicle, a request or vehicle assigned twice, a pair that is not a candidate, or an
    /// action this engine does not carry out yet (non-empty `reposition`, `plans`, `idle_targets`).
    static func assignments(
        _ line: String, requests: [PendingRequest], candidates: [[Candidate]], knownVehicles: Int
    ) throws -> [Assignment] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            throw AnswerProblem(message: "answer is not valid JSON: \(excerpt(line))")
        }
        guard let answer = object as? [String: Any] else {
            throw AnswerProblem(message: "answer must be a JSON object, got \(typeName(object)): \(excerpt(line))")
        }
        for key in ["reposition", "plans"] {
            guard let value = answer[key], !(value is NSNull) else { continue }
            guard let list = value as? [Any] else { throw AnswerProblem(message: "\(key): must be a list, got \(typeName(value))") }
            if !list.isEmpty { throw AnswerProblem(message: "\(key): not supported yet by this engine (docs/external.md)") }
        }
        if let value = answer["idle_targets"], !(value is NSNull) {
            guard let map = value as? [String: Any] else {
                throw AnswerProblem(message: "idle_targets: must be an object, got \(typeName(value))")
            }
            if !map.isEmpty { throw AnswerProblem(message: "idle_targets: not supported yet by this engine (docs/external.md)") }
        }
        guard let value = answer["assign"], !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else { throw AnswerProblem(message: "assign: must be a list, got \(typeName(value))") }
        var index: [Int32: Int] = [:]
        for (i, r) in requests.enumerated() { index[r.key] = i }
        var assigned = Set<Int32>(), used = Set<Int32>()
        var out: [Assignment] = []
        out.reserveCapacity(list.count)
        for (n, entry) in list.enumerated() {
            let at = "assign[\(n)]"
            guard let pair = entry as? [String: Any] else {
                throw AnswerProblem(message: "\(at): must be an object {\"request\": ID, \"vehicle\": ID}, got \(typeName(entry))")
            }
            let request = try id(pair["request"], "\(at).request"), vehicle = try id(pair["vehicle"], "\(at).vehicle")
            guard let i = index[request] else {
                throw AnswerProblem(message: "\(at): unknown request \(request) (not pending in this decide)")
            }
            guard vehicle >= 0, Int(vehicle) < knownVehicles else { throw AnswerProblem(message: "\(at): unknown vehicle \(vehicle)") }
            guard assigned.insert(request).inserted else {
                throw AnswerProblem(message: "\(at): request \(request) assigned twice in one answer")
            }
            guard used.insert(vehicle).inserted else {
                throw AnswerProblem(message: "\(at): vehicle \(vehicle) assigned twice in one answer")
            }
            guard let candidate = candidates[i].first(where: { $0.driver == vehicle }) else {
                throw AnswerProblem(message: "\(at): vehicle \(vehicle) is not a candidate of request \(request)")
            }
            out.append(Assignment(request: request, candidate: candidate))
        }
        return out
    }

    private static func id(_ value: Any?, _ field: String) throws -> Int32 {
        guard let value, !(value is NSNull) else { throw AnswerProblem(message: "\(field): missing") }
        if !isBoolean(value) {
            if let i = value as? Int, let id = Int32(exactly: i) { return id }
            if let d = value as? Double, let id = Int32(exactly: d) { return id }
        }
        throw AnswerProblem(message: "\(field): must be an integer id, got \(typeName(value))")
    }

    /// Whether a parsed JSON value is `true` or `false` (Foundation boxes them as
    /// `__NSCFBoolean` on Linux, which also casts to numbers).
    private static func isBoolean(_ value: Any) -> Bool {
        type(of: value) == Bool.self || String(describing: type(of: value)).hasSuffix("Boolean")
    }

    private static func typeName(_ value: Any) -> String {
        if isBoolean(value) { return "a boolean" }
        return switch value {
        case is NSNull: "null"
        case is Int, is Double, is NSNumber: "a number"
        case is String: "a string"
        case is [Any]: "a list"
        case is [String: Any]: "an object"
        default: "\(type(of: value))"
        }
    }

    /// At most 60 characters of `line`, for an error message.
    private static func excerpt(_ line: String) -> String {
        line.count <= 60 ? "'\(line)'" : "'\(line.prefix(57))...'"
    }
}
