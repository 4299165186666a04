import Core

/// What an import kept and dropped, written to the `meta` table and printed by the command.
public struct ImportStatistics: Sendable, Equatable {
    /// Ways in the file.
    public var waysRead = 0
    /// Ways a car may drive (``DrivableFilter``).
    public var waysDrivable = 0
    /// Node ids referenced by drivable ways but absent from the file: each cuts its way there.
    public var missingNodes = 0
    /// Way segments dropped because one end is a missing node.
    public var cutSegments = 0
    /// Directed edges dropped because both ends are the same node.
    public var selfLoopsDropped = 0
    /// Directed edges dropped because a shorter (or equal, lower way id) edge joins the same nodes.
    public var parallelEdgesDropped = 0
    /// Nodes in an OSMnx graph file (0 for OpenStreetMap extracts).
    public var nodesRead = 0
    /// Edges in an OSMnx graph file (0 for OpenStreetMap extracts).
    public var edgesRead = 0
    /// OSMnx edges without `length`, measured between their ends instead.
    public var lengthsFromCoordinates = 0
    /// OSMnx edges without a drivable `highway`, given ``OSMnxDefaults/roadClass``.
    public var defaultClassEdges = 0
    /// Nodes with at least one edge, before keeping the largest strongly connected component.
    public var nodesBeforeSCC = 0
    /// Directed edges before keeping the largest strongly connected component.
    public var edgesBeforeSCC = 0
    /// Strongly connected components among those nodes.
    public var components = 0
    /// Nodes outside the largest component, dropped.
    public var droppedNodes = 0
    /// Edges with an end outside the largest component, dropped.
    public var droppedEdges = 0
}

/// The routable road graph an import produces: the largest strongly connected component.
///
/// Nodes are in ascending OSM id order (their index is the database id); edges are in
/// ascending (source, target) order, at most one per ordered pair of nodes.
public struct RoadGraph: Sendable, Equatable {
    /// OSM node id of each node.
    public var osmIDs: [Int64] = []
    /// Coordinate of each node.
    public var coordinates: [FixedCoordinate] = []
    /// Edge tail node index.
    public var sources: [Int32] = []
    /// Edge head node index.
    public var targets: [Int32] = []
    /// Edge length in metres (haversine between its ends).
    public var lengths: [Double] = []
    /// Edge road class, an index into ``DrivableFilter/roadClasses``.
    public var classes: [UInt8] = []
    /// Edge speed limit in km/h, if the way has a parseable `maxspeed`.
    public var maxspeeds: [Double?] = []
    /// Edge's OSM way id.
    public var wayIDs: [Int64] = []
    /// Edge travel time in seconds as the source gives it (OSMnx `travel_time`, or `length` ÷
    /// `speed_kph`), nil where it gives none; empty for OpenStreetMap extracts.
    public var sourceSeconds: [Double?] = []
    /// What was kept and dropped on the way here.
    public var statistics = ImportStatistics()
}

/// Turns drivable ways and node coordinates into a ``RoadGraph``: one directed edge per
/// consecutive node pair and allowed direction, no self-loops, the shortest of parallel
/// edges, then only the largest strongly connected component.
struct NetworkBuilder {
    private var wayIDs: [Int64] = []
    private var ways: [DrivableWay] = []
    private var classIndex: [UInt8] = []
    private var refOffsets: [Int] = [0]
    private var refs: [Int64] = []
    private var neededIDs: [Int64] = []
    private var latitudes: [Int64] = []
    private var longitudes: [Int64] = []
    private static let absent = Int64.min
    private static let classIndices = Dictionary(uniqueKeysWithValues:
        DrivableFilter.roadClasses.enumerated().map { ($1, UInt8($0)) })
    /// Counts so far.
    var statistics = ImportStatistics()

    /// Pass 1: every way in the file; keeps the drivable ones.
    mutating func addWay(id: Int64, refs wayRefs: [Int64], tags: OSMTags) {
        statistics.waysRead += 1
        guard let way = DrivableFilter.classify(tags) else { return }
        statistics.waysDrivable += 1
        wayIDs.append(id)
        ways.append(way)
        classIndex.append(Self.classIndices[way.roadClass]!)
        refs.append(contentsOf: wayRefs)
        refOffsets.append(refs.count)
    }

    /// Between the passes: the sorted node ids the drivable ways use.
    mutating func finishWays() {
        neededIDs = Array(Set(refs)).sorted()
        latitudes = Array(repeating: Self.absent, count: neededIDs.count)
        longitudes = latitudes
    }

    /// Whether pass 1 found any drivable way.
    var hasDrivableWays: Bool { !ways.isEmpty }

    /// Pass 2: every node in the file; keeps the coordinates of needed ones.
    mutating func addNode(id: Int64, coordinate: FixedCoordinate) {
        guard let index = position(of: id) else { return }
        latitudes[index] = coordinate.lat
        longitudes[index] = coordinate.lon
    }

    private func position(of id: Int64) -> Int? {
        var low = 0, high = neededIDs.count
        while low < high {
            let mid = (low + high) / 2
            if neededIDs[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < neededIDs.count && neededIDs[low] == id ? low : nil
    }

    /// One directed edge between needed-node indices.
    private struct Edge {
        var source: Int32, target: Int32, length: Double, way: Int32
    }

    /// The road graph: edges, deduplication and the largest strongly connected component.
    func build() -> RoadGraph {
        var stats = statistics
        stats.missingNodes = latitudes.count { $0 == Self.absent }
        var edges: [Edge] = []
        for way in ways.indices {
            let direction = ways[way].direction
            for i in refOffsets[way]..<(refOffsets[way + 1] - 1) {
                let a = position(of: refs[i])!, b = position(of: refs[i + 1])!
                if latitudes[a] == Self.absent || latitudes[b] == Self.absent {
                    stats.cutSegments += 1
                    continue
                }
                if a == b {
                    stats.selfLoopsDropped += direction == .both ? 2 : 1
                    continue
                }
                let length = coordinate(a).haversineMeters(to: coordinate(b))
                if direction != .backward { edges.append(Edge(source: Int32(a), target: Int32(b), length: length, way: Int32(way))) }
                if direction != .forward { edges.append(Edge(source: Int32(b), target: Int32(a), length: length, way: Int32(way))) }
            }
        }
        edges.sort { ($0.source, $0.target, $0.length, wayIDs[Int($0.way)]) < ($1.source, $1.target, $1.length, wayIDs[Int($1.way)]) }
        let (unique, parallel) = ParallelEdges.firstOfEach(edges, source: \.source, target: \.target)
        stats.parallelEdgesDropped += parallel
        return keepLargestComponent(unique, statistics: stats)
    }

    private func coordinate(_ index: Int) -> GeoPoint {
        GeoPoint(lat: Double(latitudes[index]) / 1e7, lon: Double(longitudes[index]) / 1e7)
    }

    /// Keeps the largest strongly connected component (``LargestComponent``), nodes in OSM id order.
    private func keepLargestComponent(_ edges: [Edge], statistics: ImportStatistics) -> RoadGraph {
        var stats = statistics
        let kept = LargestComponent.keep(nodeCount: neededIDs.count, sources: edges.map(\.source), targets: edges.map(\.target))
        stats.nodesBeforeSCC = kept.nodesWithEdges
        stats.edgesBeforeSCC = edges.count
        stats.components = kept.components

        var graph = RoadGraph()
        for needed in neededIDs.indices where kept.finalIndex[needed] >= 0 {
            graph.osmIDs.append(neededIDs[needed])
            graph.coordinates.append(FixedCoordinate(lat: latitudes[needed], lon: longitudes[needed]))
        }
        for edge in edges {
            let s = kept.finalIndex[Int(edge.source)], t = kept.finalIndex[Int(edge.target)]
            guard s >= 0, t >= 0 else { continue }
            let way = Int(edge.way)
            graph.sources.append(s)
            graph.targets.append(t)
            graph.lengths.append(edge.length)
            graph.classes.append(classIndex[way])
            graph.maxspeeds.append(ways[way].maxspeedKmh)
            graph.wayIDs.append(wayIDs[way])
        }
        stats.droppedNodes = kept.nodesWithEdges - graph.osmIDs.count
        stats.droppedEdges = edges.count - graph.sources.count
        graph.statistics = stats
        return graph
    }
}
