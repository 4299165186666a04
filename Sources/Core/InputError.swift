/// An error in what the user gave the tool — a scenario, a CSV file, a traffic database,
/// a command-line value — as opposed to a fault of the tool itself.
///
/// The command line prints `error: <description>` as one line on stderr and exits with
/// status 2. The description names the file, the line where one is known, and the field:
/// `scenarios/x.yaml:12: demand.requests_per_hour: must be > 0, got -5`.
public protocol InputError: Error, CustomStringConvertible, Sendable {}

/// A bad-input error with a ready-made one-line message.
public struct InputProblem: InputError, Equatable {
    /// The one-line message, without the `error: ` prefix.
    public let description: String

    /// Creates the error from its one-line message.
    public init(_ description: String) {
        self.description = description
    }
}

/// The one-line form of a located problem: `FILE[:LINE]: [FIELD: ]MESSAGE`.
///
/// Every bad-input error of the tool prints this way, so users meet one format whether
/// the problem is in a scenario, a CSV file or a traffic database.
public func locatedMessage(file: String, line: Int?, field: String?, message: String) -> String {
    var text = file
    if let line { text += ":\(line)" }
    text += ": "
    if let field, !field.isEmpty { text += "\(field): " }
    return text + message
}
