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
/// the problem is in a scenario, a CSV file or a traffic database. Line breaks and other
/// control characters (which a quoted value in the input may hold) are escaped, so the
/// result is always exactly one line.
public func locatedMessage(file: String, line: Int?, field: String?, message: String) -> String {
    var text = file
    if let line { text += ":\(line)" }
    text += ": "
    if let field, !field.isEmpty { text += "\(field): " }
    return oneLine(text + message)
}

/// `text` with line breaks and other control characters escaped (`\n`, `\r`, `\t`,
/// `\u{7f}`), so that it prints as one line.
public func oneLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
}
