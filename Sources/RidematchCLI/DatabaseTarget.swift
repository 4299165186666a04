import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A SQLite database a command builds from an input file, all or nothing: the target is
/// checked first, the database is written to a temporary file beside it and renamed over it
/// at the end, so a failed build leaves any existing file untouched and no file behind.
struct DatabaseTarget {
    /// The database path as the user typed it.
    let path: String
    /// The database file.
    let url: URL
    /// Makes the command's bad-input error about the database from a message.
    let problem: (String) -> Error

    /// Checks the target: not a directory, in an existing directory, not the input file itself,
    /// and not an existing file that is not a SQLite database (so a typo cannot overwrite data).
    /// - Parameters:
    ///   - input: the file the database is built from; `inputKind` names it in messages (`CSV file`).
    init(_ path: String, input: URL, inputKind: String, problem: @escaping (String) -> Error) throws {
        self.path = path
        self.url = URL(fileURLWithPath: path)
        self.problem = problem
        let files = FileManager.default
        if url.standardizedFileURL.resolvingSymlinksInPath() == input.standardizedFileURL.resolvingSymlinksInPath() {
            throw problem("the database must not be the \(inputKind) itself")
        }
        var isDirectory: ObjCBool = false
        let parent = url.deletingLastPathComponent()
        guard files.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let shown = (path as NSString).deletingLastPathComponent
            throw problem("directory \(shown.isEmpty ? "." : shown) does not exist")
        }
        if files.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw problem("is a directory, expected a SQLite file") }
            let header = (try? FileHandle(forReadingFrom: url))
                .flatMap { handle in defer { try? handle.close() }; return try? handle.read(upToCount: 16) } ?? Data()
            if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
                throw problem("exists and is not a SQLite database; refusing to replace it")
            }
        }
    }

    /// Runs `build` on a fresh temporary file beside the target, then renames it over the target.
    /// The temporary file is removed whatever happens.
    func write(_ build: (URL) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).import-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }  // gone after the rename
        try build(temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw problem("cannot replace: \(String(cString: strerror(errno)))")
        }
    }
}
