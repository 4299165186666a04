/// A bad-input error located in a file: the file as the user named it, the 1-based line
/// where the problem is on one line, and the field (column, zone, block) it is about.
/// Its description is the one-line ``locatedMessage(file:line:field:message:)`` form:
///
///     data/x.csv:14: speed_kmh: must be a number > 0, got 'fast'
///     data/x.osm.pbf: blob 3: zlib data corrupt (inflate failed)
///
/// Modules that read files name it after their inputs (`TrafficError`, `NetworkImportError`).
public struct LocatedError: InputError, Equatable {
    /// The file as the user named it (`data/x.csv`), or a description of an in-memory input.
    public var file: String
    /// The 1-based line, when the problem is on one line.
    public var line: Int?
    /// The column, field or part of the file the problem is about, if any.
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
