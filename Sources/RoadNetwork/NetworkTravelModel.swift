import Core
import Foundation
import Traffic

/// The road-network travel model: points snap to their nearest routable node; times are
/// network times at the hour's historical edge speeds (min(maxspeed, road-class speed));
/// point-to-point routes use A* with landmarks (ALT) on the free-flow metric, valid for
/// every hour; pickup ETAs use a resumable bounded backward Dijkstra from the pickup.
///
/// A point's access leg (to or from its snapped node) counts its straight-line distance at
/// ``accessSpeed`` metres per second. See docs/networks.md.
public struct NetworkTravelModel: TravelModel {
    /// Speed of the access leg between a point and its snapped node, m/s (15 km/h).
    public static let accessSpeed = 15 / 3.6
    /// The road graph.
    public let graph: RoutingGraph
    /// Edge weights (time by hour profile, free flow, distance).
    public let metrics: RoadMetrics
    /// The city's plane and the node snapping grid on it.
    public let grid: NodeGrid
    /// The plane projection the model's points use.
    public let projection: LocalProjection
    private let shared: Shared
    private let workspace: Workspace

    /// Precomputed, read-only parts shared by every copy.
    final class Shared: Sendable {
        /// Time landmarks per landmark group of hourly profiles (same nodes, distances on the
        /// group's lower-bound weights).
        let timeLandmarks: [Landmarks]
        let distanceLandmarks: Landmarks
        /// Largest straight-line metres per second of any edge (or access leg) at each hour.
        let straightLineSpeed: [Double]
        /// Recent fastest routes, shared by every copy.
        let routes = RouteCache()
        init(timeLandmarks: [Landmarks], distanceLandmarks: Landmarks, straightLineSpeed: [Double]) {
            self.timeLandmarks = timeLandmarks
            self.distanceLandmarks = distanceLandmarks
            self.straightLineSpeed = straightLineSpeed
        }
    }

    /// One owner's search scratch (a lock guards against accidental sharing).
    final class Workspace: @unchecked Sendable {
        var router: Router
        var oneToMany: OneToMany
        var snaps = SnapCache()
        let lock = NSLock()
        init(graph: RoutingGraph) {
            router = Router(graph: graph)
            oneToMany = OneToMany(graph: graph)
        }
    }

    /// Builds the model: weights (scaled by `zoneFactors` when given; edges' own times with
    /// `edgeTimes`, see ``RoadMetrics``), `landmarks` ALT
    /// landmarks per metric, the snapping grid on `projection`'s plane, and the straight-line
    /// speed bound of each hour.
    public init(graph: RoutingGraph, projection: LocalProjection, landmarks: Int = 8, zoneFactors: ZoneSpeedFactors? = nil,
                edgeTimes: Bool = false) {
        self.graph = graph
        self.projection = projection
        metrics = RoadMetrics(graph: graph, zoneFactors: zoneFactors, edgeTimes: edgeTimes)
        let points = graph.coordinates.map(projection.project)
        grid = NodeGrid(points: points)
        let metrics = self.metrics
        // Straight-line speed bound: plane length of each edge over its (rounded) time.
        let straight = metrics.timeProfiles.map { weights in
            (0..<graph.edgeCount).reduce(Self.accessSpeed) { best, e in
                let w = Double(weights.forward[e])
                guard w > 0 else { return best }
                return max(best, points[graph.source(ofEdge: e)].distance(to: points[Int(graph.head[e])]) / (w / 1000))
            }
        }
        // Landmark nodes are chosen once on the free-flow metric; each landmark group of hourly
        // profiles gets its own distance tables (exact for the group's only profile without
        // zone factors, so the A* potential is tight at every hour).
        let chosen = Landmarks(graph: graph, weights: metrics.freeFlow, count: landmarks).nodes
        shared = Shared(
            timeLandmarks: metrics.landmarkWeights.map { Landmarks(graph: graph, weights: $0, nodes: chosen) },
            distanceLandmarks: Landmarks(graph: graph, weights: metrics.distance, count: landmarks),
            straightLineSpeed: metrics.profileOfHour.map { straight[$0] })
        workspace = Workspace(graph: graph)
    }

    private init(copying other: NetworkTravelModel) {
        graph = other.graph
        metrics = other.metrics
        grid = other.grid
        projection = other.projection
        shared = other.shared
        workspace = Workspace(graph: other.graph)
    }

    /// The ALT landmarks (time on the free-flow metric, distance), for tests and tools.
    public func landmarksForTests(hourOfWeek: Int) -> (time: Landmarks, distance: Landmarks) {
        (shared.timeLandmarks[metrics.landmarkGroup(hourOfWeek: hourOfWeek)], shared.distanceLandmarks)
    }

    /// A copy with its own search scratch.
    public func privateCopy() -> any TravelModel { NetworkTravelModel(copying: self) }

    /// Drivers follow the routes' polylines.
    public var drivesRoutes: Bool { true }

    /// The graph's streets (``RoutingGraph/roadPolylines()``).
    public func roadPolylines() -> [[GeoPoint]] { graph.roadPolylines() }

    /// `maxSeconds` × the largest straight-line speed of any edge at the hour.
    public func searchRadius(maxSeconds: Double, hourOfWeek: Int) -> Double {
        maxSeconds * shared.straightLineSpeed[hourOfWeek]
    }

    /// The nearest routable node's position.
    public func snap(_ point: PlanePoint) -> PlanePoint { grid.points[grid.nearest(to: point).node] }

    /// How far a point given by the user (a route end, the city centre, a driver's start) may
    /// lie from its nearest node, metres: farther, it is not on this network.
    public static let maxSnapMeters = 1000.0

    /// The distance to the nearest node when it exceeds ``maxSnapMeters``.
    public func offNetworkMeters(_ point: PlanePoint) -> Double? {
        let nearest = grid.nearest(to: point)
        return nearest.distance > Self.maxSnapMeters ? nearest.distance : nil
    }

    /// The nearest node of `point`, or an error when it lies farther than ``maxSnapMeters``:
    /// `what: (lat, lon) lies 6418 km from the nearest node of NET (at most 1000 m): not on this road network`.
    public func snapNode(_ point: GeoPoint, what: String, network: String) throws -> Int {
        let node = grid.nearest(to: projection.project(point)).node
        let meters = point.haversineMeters(to: graph.coordinates[node])
        guard meters <= Self.maxSnapMeters else {
            let shown = meters >= 10_000 ? "\(Int((meters / 1000).rounded())) km" : "\(Int(meters.rounded())) m"
            throw InputProblem("\(what): (\(point.lat), \(point.lon)) lies \(shown) from the nearest node of \(network) "
                               + "(at most \(Int(Self.maxSnapMeters)) m): not on this road network")
        }
        return node
    }

    /// Access time of both ends + the exact network time from the driver's node to the
    /// rider's node, when within `bound`; `.infinity` beyond it.
    public func pickupEstimate(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, bound: Double) -> PickupEstimate {
        let profile = metrics.profileOfHour[hourOfWeek]
        let answer = workspace.lock.withLock { () -> (access: Double, ms: Int, mm: Int, snapped: Double)? in
            let target = workspace.snaps.nearest(to: to, in: grid), source = workspace.snaps.nearest(to: from, in: grid)
            let targetAccess = target.distance / Self.accessSpeed
            let remaining = bound - targetAccess
            guard remaining >= 0 else { return nil }
            let boundMs = Int(min(1e15, remaining * 1000).rounded(.down))
            // The landmark lower bound proves most drivers out of reach without a search (the
            // search would answer nil exactly when the time exceeds the bound).
            let landmarks = shared.timeLandmarks[metrics.groupOfProfile[profile]]
            guard landmarks.lowerBound(from: source.node, to: target.node) <= boundMs else { return nil }
            guard let found = workspace.oneToMany.distance(
                from: source.node, to: target.node, profile: profile, weights: metrics.timeProfiles[profile],
                lengths: metrics.distance, bound: boundMs) else { return nil }
            return (targetAccess + source.distance / Self.accessSpeed, found.ms, found.mm, source.distance + target.distance)
        }
        guard let (access, ms, mm, snapped) = answer else { return PickupEstimate(seconds: .infinity) }
        return PickupEstimate(seconds: access + Double(ms) / 1000, roadMeters: snapped + Double(mm) / 1000)
    }

    /// The fastest route between the snapped points at the hour, access legs included.
    public func trip(from: PlanePoint, to: PlanePoint, hourOfWeek: Int) -> TravelEstimate {
        let (s, t) = snapped(from, to)
        let r = fastest(from: s.node, to: t.node, hourOfWeek: hourOfWeek)
        return TravelEstimate(seconds: (s.distance + t.distance) / Self.accessSpeed + Double(r.ms) / 1000,
                              meters: s.distance + t.distance + Double(r.mm) / 1000)
    }

    /// The fastest route, as a timed polyline from `from` through the route's nodes to `to`.
    public func drive(from: PlanePoint, to: PlanePoint, hourOfWeek: Int, path: inout LegPath) -> DrivenLeg {
        path.removeAll()
        let (s, t) = snapped(from, to)
        let weights = metrics.time(hourOfWeek: hourOfWeek)
        var seconds = s.distance / Self.accessSpeed
        var meters = s.distance
        path.points.append(from)
        path.seconds.append(0)
        path.points.append(grid.points[s.node])
        path.seconds.append(seconds)
        for e in fastest(from: s.node, to: t.node, hourOfWeek: hourOfWeek).edges {
            seconds += Double(weights.forward[Int(e)]) / 1000
            meters += Double(metrics.distance.forward[Int(e)]) / 1000
            path.points.append(grid.points[Int(graph.head[Int(e)])])
            path.seconds.append(seconds)
        }
        seconds += t.distance / Self.accessSpeed
        meters += t.distance
        path.points.append(to)
        path.seconds.append(seconds)
        return DrivenLeg(meters: meters, speed: seconds > 0 ? meters / seconds : 0)
    }

    /// The nearest nodes of `from` and `to` (through the owner's snap cache).
    private func snapped(_ from: PlanePoint, _ to: PlanePoint) -> (from: (node: Int, distance: Double), to: (node: Int, distance: Double)) {
        workspace.lock.withLock { (workspace.snaps.nearest(to: from, in: grid), workspace.snaps.nearest(to: to, in: grid)) }
    }

    /// A route between two nodes.
    public struct Route: Sendable, Equatable {
        /// Driving time at the hour's historical speeds, seconds.
        public var seconds: Double
        /// Road distance, metres.
        public var meters: Double
        /// The route's nodes (dense ids), first = source, last = target.
        public var nodes: [Int32]
    }

    /// The fastest route from node `source` to node `target` at the hour (ALT), from the
    /// shared route cache when it holds it: time (ms), distance (mm) and forward edges.
    func fastest(from source: Int, to target: Int, hourOfWeek: Int) -> (ms: Int, mm: Int, edges: [Int32]) {
        let profile = metrics.profileOfHour[hourOfWeek]
        if let cached = shared.routes.lookup(source: source, target: target, profile: profile) { return cached }
        let time = metrics.timeProfiles[profile]
        return workspace.lock.withLock {
            // The network is one strongly connected component: every node reaches every node.
            let (ms, mm) = workspace.router.route(
                from: source, to: target, weights: time, secondary: metrics.distance,
                landmarks: shared.timeLandmarks[metrics.groupOfProfile[profile]]) ?? (0, 0)
            let edges = workspace.router.pathEdges
            shared.routes.store(source: source, target: target, profile: profile, ms: ms, mm: mm, edges: edges)
            return (ms, mm, edges)
        }
    }

    /// The shortest route from node `source` to node `target` by `metric` (ALT), timed at
    /// `hourOfWeek`'s speeds.
    public func route(from source: Int, to target: Int, metric: RouteMetric, hourOfWeek: Int) -> Route {
        let (ms, mm, edges): (Int, Int, [Int32])
        switch metric {
        case .time:
            (ms, mm, edges) = fastest(from: source, to: target, hourOfWeek: hourOfWeek)
        case .distance:
            (ms, mm, edges) = workspace.lock.withLock {
                let found = workspace.router.route(
                    from: source, to: target, weights: metrics.distance, secondary: metrics.time(hourOfWeek: hourOfWeek),
                    landmarks: shared.distanceLandmarks)
                // The network is one strongly connected component: every node reaches every node.
                return (found?.secondary ?? 0, found?.cost ?? 0, workspace.router.pathEdges)
            }
        }
        var nodes: [Int32] = [Int32(source)]
        nodes.reserveCapacity(edges.count + 1)
        for e in edges { nodes.append(graph.head[Int(e)]) }
        return Route(seconds: Double(ms) / 1000, meters: Double(mm) / 1000, nodes: nodes)
    }
}
