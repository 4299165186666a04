import Foundation
@testable import Traffic

/// A fresh folder holding one case of a corpus (bad-input or hostile settings): the shipped
/// traffic database as `traffic.sqlite`, and the case's own files — `<stem>.sql` is built
/// into `<stem>.sqlite`; any other `<stem>.*` but the expectation (a scenario, a database
/// as bytes, a trip table or driver file) is copied.
func prepareCorpusCase(_ stem: String, from corpus: URL) throws -> URL {
    let files = FileManager.default
    let folder = try temporaryFolder()
    try files.copyItem(at: trafficDB, to: folder.appendingPathComponent("traffic.sqlite"))
    for file in try files.contentsOfDirectory(atPath: corpus.path)
    where (file as NSString).deletingPathExtension == stem && !file.hasSuffix(".expected") {
        let source = corpus.appendingPathComponent(file)
        if file.hasSuffix(".sql") {
            try TrafficDatabase.execute(try String(contentsOf: source, encoding: .utf8),
                                        in: folder.appendingPathComponent(stem + ".sqlite"))
        } else {
            try files.copyItem(at: source, to: folder.appendingPathComponent(file))
        }
    }
    return folder
}
