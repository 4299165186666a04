import Foundation
import Matching
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-settings corpus (Tests/PipelineTests/Hostile/, see its README.md): values a
/// user may write that parse, but are beyond plausibility or would make a run absurd. Each
/// case either exits 2 with one line (like the bad-input corpus) or runs within the memory
/// bound its `.expected` states (`runs <= N MB`): the bound holds for the run's estimate
/// (printed by `validate`) and for the peak resident memory of the real run. None crashes.
///
/// The runner sets `RIDEMATCH_MEMORY_LIMIT=8G`, so the refusals that depend on the
/// machine's memory give the same line everywhere.
@Suite("Hostile settings corpus")
struct HostileTests {
    static let corpus = repoRoot.appendingPathComponent("Tests/PipelineTests/Hostile")
    static let environment = ["RIDEMATCH_MEMORY_LIMIT": "8G", "PATH": "/usr/bin:/bin"]

    /// Case names: every scenario and every speeds CSV.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || ($0.hasPrefix("speeds-") && $0.hasSuffix(".csv")) }.sorted()
    }()

    @Test("the corpus holds at least 35 cases, each with its expectation, and nothing unused")
    func corpusIsComplete() throws {
        #expect(Self.cases.count >= 35)
        #expect(Self.cases.filter { $0.hasPrefix("runs-") }.count >= 8)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path))
        let stems = Set(Self.cases.map { ($0 as NSString).deletingPathExtension })
        for stem in stems { #expect(names.contains(stem + ".expected"), "\(stem) has no expectation") }
        for name in names where name != "README.md" {
            #expect(stems.contains((name as NSString).deletingPathExtension), "\(name) belongs to no case")
        }
    }

    @Test("each hostile setting: exit 2 with one line, or a run within its memory bound", arguments: cases)
    func hostile(_ name: String) throws {
        let stem = (name as NSString).deletingPathExtension
        let expected = try String(contentsOf: Self.corpus.appendingPathComponent(stem + ".expected"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = try prepareCorpusCase(stem, from: Self.corpus)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        if expected.hasPrefix("runs <= ") {
            let bound = try #require(Double(expected.dropFirst("runs <= ".count).split(separator: " ")[0]))
            let validate = try spawn(["validate", name], in: folder)
            #expect(validate.status == 0, "\(name) validate: \(validate.stderr)")
            let estimate = try #require(validate.stdout.firstMatch(of: /, ([0-9.]+) MB peak memory\)\n$/), "\(validate.stdout)")
            #expect(Double(estimate.1)! <= bound, "\(name): estimate \(estimate.1) MB over the bound")
            let run = try spawn(["run", name, "--out", "out", "--quiet"], in: folder)
            #expect(run.status == 0, "\(name) run: \(run.stderr)")
            #expect(run.stderr.isEmpty, "\(name) run: \(run.stderr)")
            #expect(run.peakMB <= bound, "\(name): peak resident memory \(run.peakMB) MB over the bound")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("hostile").path))
            return
        }
        let line = "error: " + expected + "\n"
        let commands = name.hasSuffix(".yaml")
            ? [["run", name, "--out", "out"], ["validate", name]]
            : [["traffic", "import", name, "--db", "out/traffic.sqlite"]]
        for command in commands {
            let result = try spawn(command, in: folder)
            #expect(result.status == 2, "\(name) \(command[0]): status \(result.status): \(result.stderr)")
            #expect(result.stderr == line, "\(name) \(command[0])")
            #expect(result.stdout.isEmpty, "\(name) \(command[0]) printed \(result.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty,
                    "\(name) \(command[0]) left files in the output folder")
        }
    }

    /// What a spawned `ridematch` did, with its own peak resident memory.
    struct Measured {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakMB: Double
    }

    /// Runs the built binary with ``environment`` and reads its own peak resident memory.
    ///
    /// The binary runs as a grandchild under a small python3 relay that reports
    /// `RUSAGE_CHILDREN.ru_maxrss`: a process started straight from this (large) test process
    /// inherits the test process's high-water mark at exec (Linux keeps `maxrss` across exec
    /// of a vfork child), so measuring the direct child would report the test's memory.
    private func spawn(_ arguments: [String], in folder: URL) throws -> Measured {
        let binary = try ridematchBinary().path
        let outFile = folder.appendingPathComponent(".stdout").path, errFile = folder.appendingPathComponent(".stderr").path
        let peakFile = folder.appendingPathComponent(".peak").path
        defer {
            for file in [outFile, errFile, peakFile] { try? FileManager.default.removeItem(atPath: file) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let relay = """
            import os, resource, subprocess, sys
            os.chdir(sys.argv[1])
            code = subprocess.call(sys.argv[3:])
            with open(sys.argv[2], "w") as f:
                f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            sys.exit(code if code >= 0 else 128 - code)
            """
        let argv = (["/usr/bin/env", "python3", "-c", relay, folder.path, peakFile, binary] + arguments).map { strdup($0) } + [nil]
        let envp = Self.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let peakKB = Double((try? String(contentsOfFile: peakFile, encoding: .utf8)) ?? "") ?? .infinity
        let exited = status & 0x7f == 0
        return Measured(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stdout: (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "",
            peakMB: peakKB * 1024 / 1e6)
    }
}
