import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads OpenStreetMap XML (`<osm>` with `<node>`, `<way>`, `<relation>`) with a streaming
/// SAX parser, one pass per call. Relations are skipped.
struct OSMXMLReader: OSMElementSource {
    /// The file's bytes.
    let data: Data
    /// The file as the user named it, for error messages.
    let displayPath: String

    func forEachWay(_ body: (Int64, [Int64], OSMTags) throws -> Void) throws {
        try parse(wantWays: true) { element in
            if case .way(let id, let refs, let tags) = element { try body(id, refs, tags) }
        }
    }

    func forEachNode(_ body: (Int64, FixedCoordinate) throws -> Void) throws {
        try parse(wantWays: false) { element in
            if case .node(let id, let coordinate) = element { try body(id, coordinate) }
        }
    }

    private func parse(wantWays: Bool, _ body: (XMLElementEvent) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in try runParser(wantWays: wantWays, body) }
    }

    /// One SAX pass; `body` does not outlive it (the handler is dropped at the end).
    private func runParser(wantWays: Bool, _ body: @escaping (XMLElementEvent) throws -> Void) throws {
        let handler = OSMXMLHandler(file: displayPath, wantWays: wantWays, body: body)
        // A stream is fed to libxml2 in chunks; one Data is fed whole, and libxml2 then fails
        // past 10 MB ("huge input lookup") on the large files cities come in.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let ok = parser.parse()
        if let error = handler.error { throw error }
        guard ok else {
            let reason = parser.parserError.map(describe) ?? "parse error"
            throw NetworkImportError(file: displayPath, line: parser.lineNumber > 0 ? parser.lineNumber : nil,
                                     message: "malformed XML (\(reason))")
        }
        guard handler.sawRoot else {
            throw NetworkImportError(file: displayPath, message: "not an OSM file (no root element)")
        }
    }
}

/// A short reason for an XML parser error, from its code (libxml2's, which `XMLParser` reports).
private func describe(_ error: Error) -> String {
    let known: [Int: String] = [
        4: "empty document", 5: "the file ends inside an element", 9: "invalid character",
        39: "attribute value not quoted", 40: "attribute value not closed", 41: "attribute without a value",
        73: "expected '>'", 76: "end tag does not match its start tag",
    ]
    let code = (error as NSError).code
    return known[code] ?? "XML parser error \(code)"
}

/// One element handed out by the XML handler.
enum XMLElementEvent {
    case node(Int64, FixedCoordinate)
    case way(Int64, [Int64], OSMTags)
}

/// The SAX delegate: checks the root, assembles ways (node refs and tags) and nodes, and stops
/// at the first problem, which it keeps in ``error``.
private final class OSMXMLHandler: NSObject, XMLParserDelegate, XMLImportHandler {
    let file: String
    let wantWays: Bool
    let body: (XMLElementEvent) throws -> Void
    var error: Error?
    var sawRoot = false
    private var depth = 0
    private var wayID: Int64?
    private var refs: [Int64] = []
    private var tags: [(key: String, value: String)] = []

    init(file: String, wantWays: Bool, body: @escaping (XMLElementEvent) throws -> Void) {
        self.file = file
        self.wantWays = wantWays
        self.body = body
    }

    func fail(_ parser: XMLParser, field: String?, _ message: String) {
        error = NetworkImportError(file: file, line: parser.lineNumber, field: field, message: message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard error == nil else { return }
        depth += 1
        if depth == 1 {
            sawRoot = true
            if name != "osm" {
                error = NetworkImportError(file: file, message: "not an OSM file (root element <\(name)>)")
                parser.abortParsing()
            }
            return
        }
        switch name {
        case "node" where depth == 2 && !wantWays:
            guard let id = integer(parser, attributes, "id", element: "node") else { return }
            guard let lat = degrees(parser, attributes, "lat", limit: 90, element: "node \(id)"),
                  let lon = degrees(parser, attributes, "lon", limit: 180, element: "node \(id)") else { return }
            do { try body(.node(id, FixedCoordinate(lat: lat, lon: lon))) } catch { self.error = error; parser.abortParsing() }
        case "way" where depth == 2 && wantWays:
            guard let id = integer(parser, attributes, "id", element: "way") else { return }
            wayID = id
            refs.removeAll(keepingCapacity: true)
            tags.removeAll(keepingCapacity: true)
        case "nd" where depth == 3 && wayID != nil:
            if let ref = integer(parser, attributes, "ref", element: "way \(wayID!): nd") { refs.append(ref) }
        case "tag" where depth == 3 && wayID != nil:
            guard let key = attributes["k"], let value = attributes["v"] else {
                return fail(parser, field: "way \(wayID!): tag", "needs attributes k and v")
            }
            tags.append((key, value))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard error == nil else { return }
        error = NetworkImportError(file: file, line: parser.lineNumber, message: "malformed XML (\(describe(parseError)))")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        guard error == nil, depth == 2, name == "way", let id = wayID else { return }
        wayID = nil
        do { try body(.way(id, refs, OSMTags(tags))) } catch { self.error = error; parser.abortParsing() }
    }

    /// The coordinate attribute `key` in 1e-7 degrees, or nil after recording an error.
    private func degrees(_ parser: XMLParser, _ attributes: [String: String], _ key: String,
                         limit: Double, element: String) -> Int64? {
        guard let text = attributes[key] else {
            fail(parser, field: element, "missing attribute \(key)")
            return nil
        }
        guard let value = Double(text), value.isFinite, abs(value) <= limit else {
            fail(parser, field: "\(element): \(key)", "must be a number in -\(Int(limit))…\(Int(limit)), got '\(text)'")
            return nil
        }
        return Int64((value * 1e7).rounded())
    }
}
