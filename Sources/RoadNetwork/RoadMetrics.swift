/// Integer edge weights of one metric, in forward-edge order and in backward-slot order
/// (so a backward search reads its weights contiguously). Integer weights make path costs
/// exact: every search that finds a shortest path finds the same cost.
public struct EdgeWeights: Sendable {
    /// Weight of each forward edge.
    public let forward: [Int32]
    /// Weight of each backward slot (the weight of ``RoutingGraph/backwardEdge`` of that slot).
    public let backward: [Int32]

    init(graph: RoutingGraph, _ weight: (Int) -> Int32) {
        let f = (0..<graph.edgeCount).map(weight)
        forward = f
        backward = graph.backwardEdge.map { f[Int($0)] }
    }
}

/// Which quantity a route minimises.
public enum RouteMetric: String, Sendable, CaseIterable {
    /// Driving time at the hour's historical speeds.
    case time
    /// Road distance.
    case distance
}

/// The weights every search uses: driving time in milliseconds for each distinct hourly
/// speed profile (an edge's own or measured hourly time where it has one, see
/// ``init(graph:zoneFactors:edgeTimes:)``) (hours whose edge speeds are all equal share one), the free-flow lower
/// bound of driving time (each edge's fastest hour), and distance in millimetres.
///
/// Time of edge e at hour h = round(length_m × 3600 / speed_kmh(e, h)) ms, where
/// speed_kmh(e, h) = min(maxspeed, class speed(h) × zone factor(e, h)) (factor 1 without
/// ``ZoneSpeedFactors``); distance = round(length_m × 1000) mm. Rounding costs at most
/// 0.5 ms or mm per edge.
///
/// Profiles whose hours have the same class speeds form one landmark group; the group's
/// ``landmarkWeights`` are the edge-wise minimum over its profiles, a lower bound of each,
/// so one set of ALT tables serves the group. Without zone factors every group is one
/// profile and its landmark weights are that profile's own.
public final class RoadMetrics: Sendable {
    /// The graph the weights belong to.
    public let graph: RoutingGraph
    /// Index into ``timeProfiles`` of each hour of the week.
    public let profileOfHour: [Int]
    /// Driving time in ms, one weight set per distinct hourly speed profile.
    public let timeProfiles: [EdgeWeights]
    /// Index into ``landmarkWeights`` of each profile.
    public let groupOfProfile: [Int]
    /// Per landmark group, edge-wise minimum of its profiles' times, ms (ALT lower bounds).
    public let landmarkWeights: [EdgeWeights]
    /// Each edge's smallest driving time over the week, ms: a lower bound of every hour.
    public let freeFlow: EdgeWeights
    /// Edge lengths, mm.
    public let distance: EdgeWeights
    /// The zone speed factors applied, if any.
    public let zoneFactors: ZoneSpeedFactors?

    /// Computes every weight set of `graph`, with per-zone speed factors when given. With
    /// `edgeTimes`, an edge's own time (``RoutingGraph/sourceSeconds``) replaces its class
    /// speed; measured hourly times (``RoutingGraph/hourlySeconds``) replace both wherever given.
    public init(graph: RoutingGraph, zoneFactors: ZoneSpeedFactors? = nil, edgeTimes: Bool = false) {
        self.graph = graph
        self.zoneFactors = zoneFactors
        var profileOfHour: [Int] = []
        var keys: [[Double]: Int] = [:]
        var groupKeys: [[Double]] = []
        var groupOfProfile: [Int] = []
        var profiles: [EdgeWeights] = []
        let hourly = graph.hourlySlot, hourlySeconds = graph.hourlySeconds
        let own = edgeTimes ? graph.sourceSeconds : []
        /// How edge e's time is set: 0 class speed, 1 own time, 2 hourly times.
        let source: [UInt8] = (0..<graph.edgeCount).map { e in
            if !hourly.isEmpty, hourly[e] >= 0 { return 2 }
            if !own.isEmpty, !own[e].isNaN { return 1 }
            return 0
        }
        let usesClasses = source.contains(0)
        let hourlyEdges = source.indices.filter { source[$0] == 2 }
        /// The class speed of edge e at hour h, km/h (with the zone factor, capped by maxspeed).
        func classSpeed(_ e: Int, _ h: Int) -> Double {
            guard let zoneFactors else { return graph.speedKmh(edge: e, hourOfWeek: h) }
            return min(graph.maxspeedKmh[e], graph.classSpeedsKmh[Int(graph.roadClass[e]) * 168 + h] * zoneFactors.factor(edge: e, hourOfWeek: h))
        }
        func weight(_ e: Int, _ h: Int) -> Int32 {
            switch source[e] {
            case 2: return Self.milliseconds(graph.lengthMeters[e], seconds: hourlySeconds[Int(hourly[e]) * 168 + h])
            case 1: return Self.milliseconds(graph.lengthMeters[e], seconds: own[e])
            default: return Self.milliseconds(graph.lengthMeters[e], classSpeed(e, h))
            }
        }
        for h in 0..<168 {
            let classKey = usesClasses ? graph.classes.indices.map { graph.classSpeedsKmh[$0 * 168 + h] } : []
            let key = classKey + (zoneFactors?.row(hourOfWeek: h) ?? [])
                + hourlyEdges.map { hourlySeconds[Int(hourly[$0]) * 168 + h] }
            if let i = keys[key] {
                profileOfHour.append(i)
                continue
            }
            keys[key] = profiles.count
            profileOfHour.append(profiles.count)
            if let g = groupKeys.firstIndex(of: classKey) {
                groupOfProfile.append(g)
            } else {
                groupOfProfile.append(groupKeys.count)
                groupKeys.append(classKey)
            }
            profiles.append(EdgeWeights(graph: graph) { weight($0, h) })
        }
        self.profileOfHour = profileOfHour
        timeProfiles = profiles
        self.groupOfProfile = groupOfProfile
        landmarkWeights = groupKeys.indices.map { g in
            let members = profiles.indices.filter { groupOfProfile[$0] == g }.map { profiles[$0] }
            if members.count == 1 { return members[0] }
            return EdgeWeights(graph: graph) { e in members.reduce(Int32.max) { min($0, $1.forward[e]) } }
        }
        freeFlow = EdgeWeights(graph: graph) { e in profiles.reduce(Int32.max) { min($0, $1.forward[e]) } }
        distance = EdgeWeights(graph: graph) { Self.millimetres(graph.lengthMeters[$0]) }
    }

    /// The landmark group of `hourOfWeek` (0…167).
    @inlinable public func landmarkGroup(hourOfWeek: Int) -> Int { groupOfProfile[profileOfHour[hourOfWeek]] }

    /// The time weights at `hourOfWeek` (0…167).
    @inlinable public func time(hourOfWeek: Int) -> EdgeWeights { timeProfiles[profileOfHour[hourOfWeek]] }

    /// Milliseconds to drive `meters` at `kmh`, rounded, and at least 1 for a positive length
    /// (so no edge of positive length is free, which keeps straight-line lower bounds finite).
    static func milliseconds(_ meters: Double, _ kmh: Double) -> Int32 {
        let ms = Int32(min(Double(Int32.max), (meters * 3600 / kmh).rounded()))
        return meters > 0 ? max(1, ms) : ms
    }

    /// `seconds` in milliseconds, rounded, and at least 1 for a positive length.
    static func milliseconds(_ meters: Double, seconds: Double) -> Int32 {
        let ms = Int32(min(Double(Int32.max), (seconds * 1000).rounded()))
        return meters > 0 ? max(1, ms) : ms
    }

    /// Millimetres in `meters`, rounded.
    static func millimetres(_ meters: Double) -> Int32 {
        Int32(min(Double(Int32.max), (meters * 1000).rounded()))
    }
}
