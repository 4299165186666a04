import Core

/// A problem in a scenario file: where it is (file, line, field) and what is wrong.
///
/// Its ``description`` is the one line the command line prints after `error: `:
/// `scenarios/x.yaml:12: demand.requests_per_hour: must be > 0, got -5`. The line is left
/// out when unknown (`scenarios/x.yaml: name: is required`), the field when the problem
/// concerns the whole file (`scenarios/x.yaml:3: mapping values are not allowed here`).
public struct ScenarioError: InputError, Equatable {
    /// The scenario file, as the user typed its path.
    public var file: String
    /// The 1-based line of the problem in the file, when known.
    public var line: Int?
    /// Dotted YAML path of the field, e.g. `demand.hotspots[1].weight`; empty for
    /// problems with the whole file.
    public var field: String
    /// What is wrong, e.g. `must be > 0, got -5`.
    public var message: String

    /// Creates an error for `field` (dotted path, or empty) at `line` of `file`.
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: FIELD: MESSAGE`, without `LINE:` when unknown and without `FIELD: `
    /// when empty.
    public var description: String {
        locatedMessage(file: file, line: line, field: field, message: message)
    }
}
