import Core
import Foundation
import Pipeline
import Reporter
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during a run: the run stops, no staging folder remains, the previous report is
/// left byte for byte, stderr says so in one line and the exit status is 130.
@Suite("Interrupting a run", .serialized)
struct InterruptTests {
    /// Every file of a report folder, by name.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// A scenario named `sigint` that takes minutes in a debug build.
    private func longScenario() -> String {
        smallScenarioYAML(name: "sigint", drivers: 400, rate: 20_000)
            .replacingOccurrences(of: "duration: 20m", with: "duration: 12h")
    }

    /// Starts `ridematch run`, waits until it has loaded its inputs (its debug log says
    /// so), sends SIGINT and returns the exit status and the last stderr line.
    private func interruptedRun(_ path: String, out: URL) throws -> (status: Int32, lastLine: String) {
        let process = Process()
        process.executableURL = try ridematchBinary()
        process.arguments = ["run", path, "--out", out.path]
        process.currentDirectoryURL = repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["RIDEMATCH_LOG_LEVEL"] = "debug"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("loaded ") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the process ended before loading: the checks below fail
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        text += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n").map(String.init)
        return (process.terminationStatus, lines.last ?? "")
    }

    @Test("SIGINT during a run leaves the previous report byte for byte and says so; exit 130")
    func previousReportIntact() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("reports")
        let short = try writeScenario(smallScenarioYAML(name: "sigint"), in: folder, file: "short.yaml")
        let first = try ridematch(["run", short, "--out", out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let report = out.appendingPathComponent("sigint/nearest")
        let before = try snapshot(report)
        #expect(before["requests.csv"] != nil && before["summary.csv"] != nil)

        let long = try writeScenario(longScenario(), in: folder, file: "long.yaml")
        let (status, line) = try interruptedRun(long, out: out)
        #expect(status == 130)
        #expect(line == "interrupted: previous report in \(report.path)/ left intact")
        #expect(try snapshot(report) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: report.deletingLastPathComponent().path) == ["nearest"],
                "a staging folder was left behind")
    }

    @Test("SIGINT with no previous report writes nothing and says so")
    func noReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("reports")
        let long = try writeScenario(longScenario(), in: folder, file: "long.yaml")
        let (status, line) = try interruptedRun(long, out: out)
        #expect(status == 130)
        #expect(line == "interrupted: no report written")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a raised stop flag stops the simulation and the report write; nothing changes on disk")
    func stopFlag() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(name: "flag"), in: folder)
        let out = folder.appendingPathComponent("reports")
        let stop = StopFlag()
        stop.raise()
        #expect(throws: RunInterrupted.self) { try ScenarioRun.run(path: path, out: out, stop: stop) }
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A run that completes, then a write stopped after staging: the first report stays.
        let (result, report) = try ScenarioRun.run(path: path, out: out)
        let before = try snapshot(report)
        var changed = ReportWriter.files(for: result)
        changed[0].text = "changed\n"
        #expect(throws: ReportWriteStopped.self) { try ReportWriter.writeAtomically(changed, to: report, stop: stop) }
        #expect(try snapshot(report) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("flag").path) == ["nearest"])
        #expect(RunInterrupted(folder: report).description == "interrupted: previous report in \(report.path)/ left intact")

        // compare: a raised flag writes nothing, and names the compare folder that stays as it was.
        let compareOut = folder.appendingPathComponent("compare")
        #expect(throws: RunInterrupted(folder: compareOut.appendingPathComponent("flag"))) {
            try CompareRun.run(path: path, replications: 1, out: compareOut, stop: stop)
        }
        #expect(!FileManager.default.fileExists(atPath: compareOut.path))
    }
}
