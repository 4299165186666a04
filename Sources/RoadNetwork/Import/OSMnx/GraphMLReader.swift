import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a GraphML graph as OSMnx (`osmnx.save_graphml`) and networkx (`write_graphml`) write
/// it: `<key id=… for="node|edge" attr.name=…>` declarations, `<node id=…>` and
/// `<edge source=… target=… id=KEY>` with `<data key=…>` values. Values are kept as text.
enum GraphMLReader {
    /// Parses `data`; errors name `displayPath`, the line and the element.
    static func read(data: Data, displayPath: String) throws -> OSMnxGraph {
        let handler = GraphMLHandler(file: displayPath)
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let ok = parser.parse()
        if let error = handler.error { throw error }
        guard ok else {
            throw NetworkImportError(file: displayPath, line: parser.lineNumber > 0 ? parser.lineNumber : nil,
                                     message: "malformed XML (XML parser error \((parser.parserError as NSError?)?.code ?? 0))")
        }
        guard handler.sawGraph else { throw NetworkImportError(file: displayPath, message: "not a GraphML file (no <graph> element)") }
        return handler.graph
    }
}

/// The SAX delegate: collects key declarations, nodes and edges with their data values.
private final class GraphMLHandler: NSObject, XMLParserDelegate, XMLImportHandler {
    let file: String
    var graph = OSMnxGraph()
    var error: Error?
    var sawGraph = false
    private var undirected = false
    /// Key id → (domain, attribute name).
    private var keys: [String: (domain: String, name: String)] = [:]
    private var defaults: [String: [String: GraphValue]] = ["node": [:], "edge": [:]]
    private var defaultKey: String?
    private var current: (isNode: Bool, id: Int64, u: Int64, v: Int64, key: Int64, line: Int, values: [String: GraphValue])?
    private var dataKey: String?
    private var text = ""

    init(file: String) { self.file = file }

    func fail(_ parser: XMLParser, field: String?, _ message: String) {
        guard error == nil else { return }
        error = NetworkImportError(file: file, line: parser.lineNumber, field: field, message: message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard error == nil else { return }
        switch name {
        case "key":
            guard let keyID = attributes["id"], let attributeName = attributes["attr.name"] else { return }
            keys[keyID] = (attributes["for"] ?? "all", attributeName)
            defaultKey = keyID
        case "default":
            text = ""
        case "graph":
            sawGraph = true
            undirected = attributes["edgedefault"] == "undirected"
        case "node":
            guard let id = integer(parser, attributes, "id", element: "node", what: "an integer node id") else { return }
            current = (true, id, 0, 0, 0, parser.lineNumber, defaults["node"]!)
        case "edge":
            guard let u = integer(parser, attributes, "source", element: "edge", what: "an integer node id"),
                  let v = integer(parser, attributes, "target", element: "edge \(attributes["source"]!)", what: "an integer node id") else { return }
            current = (false, 0, u, v, attributes["id"].flatMap { Int64($0) } ?? 0, parser.lineNumber, defaults["edge"]!)
        case "data" where current != nil:
            dataKey = attributes["key"]
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        fail(parser, field: nil, "malformed XML (XML parser error \((parseError as NSError).code))")
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard error == nil else { return }
        switch name {
        case "default":
            if let defaultKey, let (domain, attribute) = keys[defaultKey] {
                for target in ["node", "edge"] where domain == target || domain == "all" {
                    defaults[target]![attribute] = .text(text)
                }
            }
        case "key":
            defaultKey = nil
        case "data":
            if let key = dataKey, let declared = keys[key] { current?.values[declared.name] = .text(text) }
            dataKey = nil
        case "node":
            guard let node = current else { return }
            graph.nodes.append(.init(id: node.id, attributes: node.values, line: node.line, element: "node \(node.id)"))
            current = nil
        case "edge":
            guard let edge = current else { return }
            let element = "edge \(edge.u)→\(edge.v)"
            graph.edges.append(.init(u: edge.u, v: edge.v, key: edge.key, attributes: edge.values, line: edge.line, element: element))
            if undirected {
                graph.edges.append(.init(u: edge.v, v: edge.u, key: edge.key, attributes: edge.values, line: edge.line, element: element))
            }
            current = nil
        default:
            break
        }
    }
}
