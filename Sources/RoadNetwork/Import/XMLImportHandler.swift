import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the SAX delegates of the XML importers (OSM XML and GraphML) share: one way to fail at
/// the parser's line and one reader of integer attributes.
protocol XMLImportHandler: AnyObject {
    /// Records `message` about `field` at the parser's current line and stops the parse.
    func fail(_ parser: XMLParser, field: String?, _ message: String)
}

extension XMLImportHandler {
    /// The integer attribute `key` of `element`, or nil after failing: "missing attribute …" or
    /// "must be `what`, got '…'".
    func integer(_ parser: XMLParser, _ attributes: [String: String], _ key: String, element: String,
                 what: String = "an integer") -> Int64? {
        guard let text = attributes[key] else {
            fail(parser, field: element, "missing attribute \(key)")
            return nil
        }
        guard let value = Int64(text) else {
            fail(parser, field: "\(element): \(key)", "must be \(what), got '\(text)'")
            return nil
        }
        return value
    }
}
