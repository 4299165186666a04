import Foundation

/// One attribute value of an OSMnx/networkx graph as a file holds it: JSON gives numbers,
/// strings and lists; GraphML gives text (OSMnx writes lists as `['a', 'b']`).
enum GraphValue: Equatable {
    case number(Double)
    case text(String)
    case list([GraphValue])
    case null

    /// The value as a number: a JSON number or numeric text; nil for anything else.
    var number: Double? {
        switch self {
        case .number(let value): value
        case .text(let text): Double(text.trimmingCharacters(in: .whitespaces))
        case .list, .null: nil
        }
    }

    /// The value's items as text: a list's items, or one item (OSMnx's `"['a', 'b']"` text
    /// is read as a list).
    var items: [String] {
        switch self {
        case .null: return []
        case .number(let value): return [value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)]
        case .list(let values): return values.flatMap(\.items)
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return [trimmed] }
            return trimmed.dropFirst().dropLast().split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            }.filter { !$0.isEmpty }
        }
    }

    /// How the value appears in an error message.
    var shown: String {
        switch self {
        case .number(let value): "\(value)"
        case .text(let text): "'\(text)'"
        case .list(let values): "[" + values.map(\.shown).joined(separator: ", ") + "]"
        case .null: "null"
        }
    }
}

/// A graph as an OSMnx or networkx file describes it, before any checking of its values.
struct OSMnxGraph {
    /// One node: its id, attributes and where it is in the file.
    struct Node {
        /// The node's id (an OSM node id in OSMnx graphs).
        var id: Int64
        /// Its attributes (`x` = longitude, `y` = latitude, …).
        var attributes: [String: GraphValue]
        /// The 1-based line (GraphML), if known.
        var line: Int?
        /// The element's name in messages: `node 42` or `nodes[3]`.
        var element: String
    }

    /// One directed edge `u` → `v` (`key` tells parallel edges apart).
    struct Edge {
        /// Tail and head node ids.
        var u: Int64, v: Int64
        /// The multigraph key (0 when the file has none).
        var key: Int64
        /// Its attributes (`length`, `travel_time`, `highway`, …).
        var attributes: [String: GraphValue]
        /// The 1-based line (GraphML), if known.
        var line: Int?
        /// The element's name in messages: `edge 42→43` or `links[7]`.
        var element: String
    }

    /// Nodes in file order.
    var nodes: [Node] = []
    /// Edges in file order; both directions of each edge when the file says it is undirected.
    var edges: [Edge] = []
}

/// An integer id from a JSON or GraphML value: an integral number, or integer text.
func graphID(_ value: Any?) -> Int64? {
    switch value {
    case let text as String: return Int64(text.trimmingCharacters(in: .whitespaces))
    case let number as NSNumber:
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), abs(double) < 9.2e18 else { return nil }
        return number.int64Value
    default: return nil
    }
}
