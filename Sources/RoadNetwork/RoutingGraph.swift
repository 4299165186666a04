import Core

/// A directed road graph in memory: nodes with OSM ids and coordinates, edges in
/// compressed-sparse-row order both ways, each edge's length, road class and speed limit,
/// and the historical speed of each road class for every hour of the week.
///
/// Loaded once from a network database (``NetworkDatabase/load(_:displayPath:)``) or built
/// in memory (tests, benchmarks); then only read. Shared by reference between copies.
public final class RoutingGraph: Sendable {
    /// OSM node id of each node (dense node ids are indices).
    public let osmIDs: [Int64]
    /// Latitude and longitude of each node.
    public let coordinates: [GeoPoint]
    /// Outgoing edges of node `v` are `firstOut[v]..<firstOut[v+1]` (forward edge ids).
    public let firstOut: [Int32]
    /// Target node of each forward edge.
    public let head: [Int32]
    /// Length of each forward edge, metres.
    public let lengthMeters: [Double]
    /// Road class index (into ``classes``) of each forward edge.
    public let roadClass: [UInt8]
    /// Speed limit of each forward edge, km/h (`.infinity` when the way has no `maxspeed`).
    public let maxspeedKmh: [Double]
    /// Source node of each forward edge.
    public let edgeSource: [Int32]
    /// Incoming edges of node `v` are `firstIn[v]..<firstIn[v+1]` (backward edge slots).
    public let firstIn: [Int32]
    /// Source node of each backward edge slot.
    public let tail: [Int32]
    /// The forward edge id of each backward edge slot.
    public let backwardEdge: [Int32]
    /// Road class names, by class index.
    public let classes: [String]
    /// Historical speed of class `c` at hour `h`, km/h: `classSpeedsKmh[c * 168 + h]`.
    public let classSpeedsKmh: [Double]
    /// Bounding box of the network (from the database's meta, else of the nodes).
    public let bounds: (minLat: Double, minLon: Double, maxLat: Double, maxLon: Double)
    /// Each forward edge's own travel time in seconds (the source's, `edge_times`), NaN where
    /// it has none; empty when no edge has one.
    public let sourceSeconds: [Double]
    /// Each forward edge's slot in ``hourlySeconds``, or -1; empty when no edge has hourly times.
    public let hourlySlot: [Int32]
    /// Measured seconds of hourly slot `k` at hour `h` (`edge_hour_times`): `hourlySeconds[k * 168 + h]`.
    public let hourlySeconds: [Double]

    /// Builds a graph from edges in any order; `edges` are (source, target, metres, class
    /// index, maxspeed km/h or nil). Edges are stored sorted by (source, target) stably.
    /// `sourceSeconds` (one per edge, nil for none) and `hourlySeconds` (edge index in `edges`
    /// → 168 seconds) are optional edge times.
    /// - Precondition: node ids in range, lengths finite and ≥ 0, one speed per class and hour,
    ///   times finite and > 0.
    public init(
        osmIDs: [Int64], coordinates: [GeoPoint],
        edges: [(source: Int32, target: Int32, meters: Double, roadClass: UInt8, maxspeedKmh: Double?)],
        classes: [String], classSpeedsKmh: [Double],
        bounds: (minLat: Double, minLon: Double, maxLat: Double, maxLon: Double)? = nil,
        sourceSeconds: [Double?] = [], hourlySeconds: [Int: [Double]] = [:]
    ) {
        let n = coordinates.count
        precondition(osmIDs.count == n, "one OSM id per node")
        precondition(classSpeedsKmh.count == classes.count * 168, "168 speeds per road class")
        let order = edges.indices.sorted { (edges[$0].source, edges[$0].target, $0) < (edges[$1].source, edges[$1].target, $1) }
        var firstOut = [Int32](repeating: 0, count: n + 1)
        var firstIn = [Int32](repeating: 0, count: n + 1)
        for e in edges {
            precondition(Int(e.source) < n && Int(e.target) < n && e.source >= 0 && e.target >= 0, "edge node out of range")
            precondition(e.meters.isFinite && e.meters >= 0, "edge length must be finite and >= 0")
            precondition(Int(e.roadClass) < classes.count, "edge road class out of range")
            firstOut[Int(e.source) + 1] += 1
            firstIn[Int(e.target) + 1] += 1
        }
        for v in 0..<n {
            firstOut[v + 1] += firstOut[v]
            firstIn[v + 1] += firstIn[v]
        }
        self.osmIDs = osmIDs
        self.coordinates = coordinates
        self.firstOut = firstOut
        head = order.map { edges[$0].target }
        lengthMeters = order.map { edges[$0].meters }
        roadClass = order.map { edges[$0].roadClass }
        maxspeedKmh = order.map { edges[$0].maxspeedKmh ?? .infinity }
        var fill = Array(firstIn.dropLast())
        var tail = [Int32](repeating: 0, count: edges.count)
        var backward = [Int32](repeating: 0, count: edges.count)
        var source: Int32 = 0
        for (id, original) in order.enumerated() {
            let e = edges[original]
            while Int(firstOut[Int(source) + 1]) <= id { source += 1 }
            let slot = Int(fill[Int(e.target)])
            fill[Int(e.target)] += 1
            tail[slot] = source
            backward[slot] = Int32(id)
        }
        self.firstIn = firstIn
        var edgeSource = [Int32](repeating: 0, count: edges.count)
        for v in 0..<n { for e in Int(firstOut[v])..<Int(firstOut[v + 1]) { edgeSource[e] = Int32(v) } }
        self.edgeSource = edgeSource
        self.tail = tail
        backwardEdge = backward
        self.classes = classes
        self.classSpeedsKmh = classSpeedsKmh
        precondition(sourceSeconds.isEmpty || sourceSeconds.count == edges.count, "one source time per edge")
        self.sourceSeconds = sourceSeconds.isEmpty ? [] : order.map { sourceSeconds[$0] ?? .nan }
        if hourlySeconds.isEmpty {
            hourlySlot = []
            self.hourlySeconds = []
        } else {
            var slots = [Int32](repeating: -1, count: edges.count), values: [Double] = []
            for (id, original) in order.enumerated() {
                guard let hours = hourlySeconds[original] else { continue }
                precondition(hours.count == 168 && hours.allSatisfy { $0.isFinite && $0 > 0 }, "168 positive hourly times")
                slots[id] = Int32(values.count / 168)
                values += hours
            }
            hourlySlot = slots
            self.hourlySeconds = values
        }
        if let bounds {
            self.bounds = bounds
        } else {
            self.bounds = (coordinates.map(\.lat).min() ?? 0, coordinates.map(\.lon).min() ?? 0,
                           coordinates.map(\.lat).max() ?? 0, coordinates.map(\.lon).max() ?? 0)
        }
    }

    /// Number of nodes.
    public var nodeCount: Int { coordinates.count }
    /// Number of directed edges.
    public var edgeCount: Int { head.count }

    /// The speed of forward edge `e` at hour `hourOfWeek`, km/h:
    /// min(maxspeed, historical speed of its road class at that hour).
    @inlinable public func speedKmh(edge e: Int, hourOfWeek: Int) -> Double {
        min(maxspeedKmh[e], classSpeedsKmh[Int(roadClass[e]) * 168 + hourOfWeek])
    }

    /// Whether some edge has a travel time of its own (``sourceSeconds``) or hourly times.
    public var hasEdgeTimes: Bool { !sourceSeconds.isEmpty || !hourlySlot.isEmpty }

    /// Whether `point` lies inside the network's bounding box.
    public func contains(_ point: GeoPoint) -> Bool {
        (bounds.minLat...bounds.maxLat).contains(point.lat) && (bounds.minLon...bounds.maxLon).contains(point.lon)
    }
}
