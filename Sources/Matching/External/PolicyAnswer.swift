import Core
import Foundation
import Traffic

/// A problem with one answer, as the part of the error line after the epoch time.
struct AnswerProblem: Error {
    var message: String
}

/// One checked answer of the policy to a `decide`: its assignments (each with the candidate
/// the engine found for it), its repositioning moves and its idle-vehicle targets.
struct PolicyAnswer {
    /// `assign`: each pair a candidate of the epoch.
    var assignments: [Assignment] = []
    /// `reposition`: available vehicles sent to a point of the city, in the answer's order.
    var moves: [(driver: Int32, to: PlanePoint)] = []
    /// `idle_targets`: the desired share of idle vehicles by traffic zone index (nil: none).
    var idleTargets: [Double]?
}

extension PolicyMessages {
    /// The checked answer `line` to the `decide` of `requests` and their `candidates`.
    /// Throws an ``AnswerProblem`` for malformed JSON, a wrong type, an unknown request,
    /// vehicle or zone, a request or vehicle used twice, a pair that is not a candidate, a
    /// move of a vehicle that is not available or to a point outside the city, or a non-empty
    /// `plans` (not carried out by this engine yet).
    static func answer(
        _ line: String, requests: [PendingRequest], candidates: [[Candidate]], search: CandidateSearch
    ) throws -> PolicyAnswer {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            throw AnswerProblem(message: "answer is not valid JSON: \(excerpt(line))")
        }
        guard let answer = object as? [String: Any] else {
            throw AnswerProblem(message: "answer must be a JSON object, got \(typeName(object)): \(excerpt(line))")
        }
        if let value = answer["plans"], !(value is NSNull) {
            guard let list = value as? [Any] else { throw AnswerProblem(message: "plans: must be a list, got \(typeName(value))") }
            if !list.isEmpty { throw AnswerProblem(message: "plans: not supported yet by this engine (docs/external.md)") }
        }
        var out = PolicyAnswer()
        let vehicles = search.drivers.rows.count
        var used = Set<Int32>()
        if let list = try list(answer["assign"], "assign") {
            var index: [Int32: Int] = [:]
            for (i, r) in requests.enumerated() { index[r.key] = i }
            var assigned = Set<Int32>()
            out.assignments.reserveCapacity(list.count)
            for (n, entry) in list.enumerated() {
                let at = "assign[\(n)]"
                guard let pair = entry as? [String: Any] else {
                    throw AnswerProblem(message: "\(at): must be an object {\"request\": ID, \"vehicle\": ID}, got \(typeName(entry))")
                }
                let request = try id(pair["request"], "\(at).request"), vehicle = try id(pair["vehicle"], "\(at).vehicle")
                guard let i = index[request] else {
                    throw AnswerProblem(message: "\(at): unknown request \(request) (not pending in this decide)")
                }
                guard vehicle >= 0, Int(vehicle) < vehicles else { throw AnswerProblem(message: "\(at): unknown vehicle \(vehicle)") }
                guard assigned.insert(request).inserted else {
                    throw AnswerProblem(message: "\(at): request \(request) assigned twice in one answer")
                }
                guard used.insert(vehicle).inserted else {
                    throw AnswerProblem(message: "\(at): vehicle \(vehicle) assigned twice in one answer")
                }
                guard let candidate = candidates[i].first(where: { $0.driver == vehicle }) else {
                    throw AnswerProblem(message: "\(at): vehicle \(vehicle) is not a candidate of request \(request)")
                }
                out.assignments.append(Assignment(request: request, candidate: candidate))
            }
        }
        if let list = try list(answer["reposition"], "reposition") {
            var moved = Set<Int32>()
            let radius = search.traffic.cityRadiusMeters
            for (n, entry) in list.enumerated() {
                let at = "reposition[\(n)]"
                guard let move = entry as? [String: Any] else {
                    throw AnswerProblem(message: "\(at): must be an object {\"vehicle\": ID, \"to\": [lat, lon]}, got \(typeName(entry))")
                }
                let vehicle = try id(move["vehicle"], "\(at).vehicle")
                guard vehicle >= 0, Int(vehicle) < vehicles else { throw AnswerProblem(message: "\(at): unknown vehicle \(vehicle)") }
                guard moved.insert(vehicle).inserted else {
                    throw AnswerProblem(message: "\(at): vehicle \(vehicle) repositioned twice in one answer")
                }
                guard !used.contains(vehicle) else {
                    throw AnswerProblem(message: "\(at): vehicle \(vehicle) is both assigned and repositioned in one answer")
                }
                guard search.isFreeAndFresh(vehicle) else {
                    throw AnswerProblem(message: "\(at): vehicle \(vehicle) is not available (busy, offline or its location is stale)")
                }
                let to = search.traffic.projection.project(try geoPoint(move["to"], "\(at).to"))
                guard to.distance(to: .zero) <= radius else {
                    throw AnswerProblem(message: "\(at).to: outside the city (\(number(radius / 1000)) km around its centre)")
                }
                out.moves.append((vehicle, to))
            }
        }
        if let value = answer["idle_targets"], !(value is NSNull) {
            guard let map = value as? [String: Any] else {
                throw AnswerProblem(message: "idle_targets: must be an object {ZONE: SHARE}, got \(typeName(value))")
            }
            if !map.isEmpty { out.idleTargets = try shares(map, traffic: search.traffic) }
        }
        return out
    }

    /// The shares of `map` (zone id of ``cityZones(_:)`` → share ≥ 0) by zone index.
    private static func shares(_ map: [String: Any], traffic: TrafficModel) throws -> [Double] {
        var index: [Int: Int] = [:]
        for i in cityZones(traffic) { index[traffic.table.zones[i].id] = i }
        var shares = Array(repeating: 0.0, count: traffic.zoneCount)
        for key in map.keys.sorted() {
            guard let zone = Int(key), let i = index[zone] else {
                throw AnswerProblem(message: "idle_targets: unknown zone '\(key)' (the zone ids of start.zones)")
            }
            let value = map[key]!
            guard !isBoolean(value), let share = (value as? NSNumber)?.doubleValue else {
                throw AnswerProblem(message: "idle_targets.\(key): must be a number >= 0, got \(typeName(value))")
            }
            guard share.isFinite, share >= 0 else {
                throw AnswerProblem(message: "idle_targets.\(key): must be a number >= 0, got \(number(share))")
            }
            shares[i] = share
        }
        return shares
    }

    /// The indices of the traffic zones whose centre lies in the city disc: the zones of
    /// `start.zones`, which `idle_targets` may name.
    static func cityZones(_ traffic: TrafficModel) -> [Int] {
        traffic.zoneCenters.indices.filter { traffic.zoneCenters[$0].distance(to: .zero) <= traffic.cityRadiusMeters }
    }

    /// The list at `field`, nil when absent or null.
    private static func list(_ value: Any?, _ field: String) throws -> [Any]? {
        guard let value, !(value is NSNull) else { return nil }
        guard let list = value as? [Any] else { throw AnswerProblem(message: "\(field): must be a list, got \(typeName(value))") }
        return list
    }

    private static func id(_ value: Any?, _ field: String) throws -> Int32 {
        guard let value, !(value is NSNull) else { throw AnswerProblem(message: "\(field): missing") }
        if !isBoolean(value) {
            if let i = value as? Int, let id = Int32(exactly: i) { return id }
            if let d = value as? Double, let id = Int32(exactly: d) { return id }
        }
        throw AnswerProblem(message: "\(field): must be an integer id, got \(typeName(value))")
    }

    /// A `[lat, lon]` pair of finite numbers within the valid ranges.
    private static func geoPoint(_ value: Any?, _ field: String) throws -> GeoPoint {
        guard let value, !(value is NSNull) else { throw AnswerProblem(message: "\(field): missing") }
        guard let pair = value as? [Any], pair.count == 2,
              !isBoolean(pair[0]), !isBoolean(pair[1]),
              let lat = (pair[0] as? NSNumber)?.doubleValue, let lon = (pair[1] as? NSNumber)?.doubleValue,
              lat.isFinite, lon.isFinite
        else { throw AnswerProblem(message: "\(field): must be [lat, lon], got \(typeName(value))") }
        guard (-90...90).contains(lat), (-180...180).contains(lon) else {
            throw AnswerProblem(message: "\(field): [\(number(lat)), \(number(lon))] is not a valid [lat, lon]")
        }
        return GeoPoint(lat: lat, lon: lon)
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
