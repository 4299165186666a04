import Foundation
import Traffic

/// libFuzzer entry point: one input is one speeds CSV file. It must parse, or be refused
/// with a one-line ``TrafficError``; anything else is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpeedsCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        _ = try TrafficDatabase.parseSpeedsCSV(Data(bytes: data, count: size), displayPath: "fuzz.csv")
    } catch let error as TrafficError {
        if error.description.contains("\n") { fatalError("multi-line error: \(error.description.debugDescription)") }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
