import Foundation
import Scenario

/// libFuzzer entry point: one input is one scenario file. It must parse, or be refused with
/// a one-line ``ScenarioError``; anything else (a trap, another error, a multi-line message)
/// is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else {
        return 0  // Scenario.load refuses non-UTF-8 before parsing
    }
    do {
        _ = try Scenario.parse(yaml: text, file: "fuzz.yaml", baseDirectory: URL(fileURLWithPath: "/nonexistent"),
                               knownStrategies: ["nearest", "fastest-eta", "batch", "weighted"])
    } catch let error as ScenarioError {
        if error.description.contains("\n") { fatalError("multi-line error: \(error.description.debugDescription)") }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
