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
