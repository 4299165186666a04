import Core

/// A problem with an OpenStreetMap extract being imported or a network database being read,
/// as one line that names the file, the line (XML) or block (PBF) and the field:
///
///     data/x.osm.pbf: blob 3: zlib data corrupt (inflate failed)
///     city.osm:14: node 7: lat: must be a number in -90…90, got 'abc'
///     city.osm: no drivable ways (highway=motorway…service)
///
/// The command line prints it as `error: <description>` and exits with status 2.
public struct NetworkImportError: InputError, Equatable {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line in an XML file, when the problem is on one line.
    public var line: Int?
    /// Where in the file or which field (`blob 3`, `node 7: lat`), if any.
    public var field: String?
    /// What is wrong, without the file, line and field.
    public var message: String

    /// Creates an error about `file`, optionally at `line` and in `field`.
    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// The one-line message: `file[:line]: [field: ]message`.
    public var description: String {
        locatedMessage(file: file, line: line, field: field, message: message)
    }
}
