import Foundation

/// Reads a networkx node-link JSON graph (`networkx.node_link_data`, as NREL HIVE ships its
/// road networks): `{"directed": true, "nodes": [{"id": …, "x": …, "y": …}], "links": [{"source":
/// …, "target": …, "key": …, …}]}` (`"edges"` instead of `"links"` in networkx ≥ 3.4).
enum NodeLinkJSONReader {
    /// Parses `data`; errors name `displayPath` and the element (`nodes[3]`, `links[7]`).
    static func read(data: Data, displayPath: String) throws -> OSMnxGraph {
        func fail(_ field: String?, _ message: String) -> NetworkImportError {
            NetworkImportError(file: displayPath, field: field, message: message)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail(nil, "malformed JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "parse error"))")
        }
        guard let root = object as? [String: Any] else { throw fail(nil, "not a node-link graph (expected a JSON object)") }
        guard let nodes = root["nodes"] as? [Any] else { throw fail("nodes", "missing: not a node-link graph (needs \"nodes\" and \"links\")") }
        let linkKey = root["links"] != nil ? "links" : "edges"
        guard let links = root[linkKey] as? [Any] else { throw fail("links", "missing: not a node-link graph (needs \"nodes\" and \"links\")") }
        let undirected = (root["directed"] as? Bool) == false
        var graph = OSMnxGraph()
        for (i, item) in nodes.enumerated() {
            guard let node = item as? [String: Any] else { throw fail("nodes[\(i)]", "must be an object") }
            guard let id = graphID(node["id"]) else {
                throw fail("nodes[\(i)]: id", node["id"] == nil ? "missing" : "must be an integer, got \(String(describing: node["id"]!))")
            }
            graph.nodes.append(.init(id: id, attributes: attributes(node, except: ["id"]), line: nil, element: "nodes[\(i)] (id \(id))"))
        }
        for (i, item) in links.enumerated() {
            guard let link = item as? [String: Any] else { throw fail("\(linkKey)[\(i)]", "must be an object") }
            var ends: [Int64] = []
            for end in ["source", "target"] {
                guard let id = graphID(link[end]) else {
                    throw fail("\(linkKey)[\(i)]: \(end)", link[end] == nil ? "missing" : "must be a node id, got \(String(describing: link[end]!))")
                }
                ends.append(id)
            }
            var key: Int64 = 0
            if let raw = link["key"] {
                guard let value = graphID(raw) else { throw fail("\(linkKey)[\(i)]: key", "must be an integer, got \(raw)") }
                key = value
            }
            let values = attributes(link, except: ["source", "target", "key"])
            let element = "\(linkKey)[\(i)] (\(ends[0])→\(ends[1]))"
            graph.edges.append(.init(u: ends[0], v: ends[1], key: key, attributes: values, line: nil, element: element))
            if undirected {
                graph.edges.append(.init(u: ends[1], v: ends[0], key: key, attributes: values, line: nil, element: element))
            }
        }
        return graph
    }

    private static func attributes(_ object: [String: Any], except skipped: Set<String>) -> [String: GraphValue] {
        var values: [String: GraphValue] = [:]
        for (key, raw) in object where !skipped.contains(key) { values[key] = value(raw) }
        return values
    }

    private static func value(_ raw: Any) -> GraphValue {
        switch raw {
        case let text as String: .text(text)
        case let number as NSNumber: .number(number.doubleValue)
        case let list as [Any]: .list(list.map(value))
        default: .null
        }
    }
}
