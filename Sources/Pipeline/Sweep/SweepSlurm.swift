import Core
import Foundation

/// The Slurm backend: one job array whose task K runs the K-th chunk of the pending runs
/// (`ridematch sweep-task DIR --task K`), and one merge job (`ridematch sweep collect DIR`)
/// that starts when every task ended well (`--dependency=afterok`).
///
/// The tasks run the binary that submitted them (its absolute path): on a cluster it must
/// sit on a filesystem every node sees, as must the sweep folder, the scenario and its data.
public enum SweepSlurm {
    /// What `sbatch` is given, besides the array.
    public struct Options: Sendable, Equatable {
        /// `--partition`, passed through.
        public var partition: String?
        /// `--account`, passed through.
        public var account: String?
        /// `--time` per task, passed through.
        public var time: String?
        /// At most this many tasks at once (`--array=0-N%throttle`).
        public var throttle: Int?
        /// Runs per array task.
        public var chunk: Int

        /// Options with `chunk` runs per task and nothing passed through.
        public init(partition: String? = nil, account: String? = nil, time: String? = nil, throttle: Int? = nil, chunk: Int = 1) {
            self.partition = partition
            self.account = account
            self.time = time
            self.throttle = throttle
            self.chunk = chunk
        }
    }

    /// The submitted jobs.
    public struct Jobs: Sendable, Equatable {
        /// The job array's id.
        public var array: String
        /// The merge job's id.
        public var merge: String
        /// Number of array tasks.
        public var tasks: Int
    }

    /// The absolute path of `command` on `PATH`, or nil.
    public static func which(_ command: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(command)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// The running executable's absolute path (what the job scripts run).
    public static func currentExecutable() -> URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    /// Writes the job scripts and the queue of `pending` runs into `folder/slurm/`, submits
    /// the array and the merge job, and records their ids in `slurm/jobs.txt`.
    public static func submit(_ pending: [Int], folder: SweepFolder, options: Options, binary: URL) throws -> Jobs {
        guard let sbatch = which("sbatch") else { throw SweepSlurmError(description: "sbatch not found on PATH") }
        let dir = folder.slurmFolder
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try CompareRun.writeFileAtomically(pending.map(String.init).joined(separator: "\n") + "\n",
                                           to: dir.appendingPathComponent("queue.txt"))
        let chunk = max(1, options.chunk)
        let tasks = (pending.count + chunk - 1) / chunk
        var header = ["#SBATCH --cpus-per-task=1"]
        if let p = options.partition { header.append("#SBATCH --partition=\(p)") }
        if let a = options.account { header.append("#SBATCH --account=\(a)") }
        if let t = options.time { header.append("#SBATCH --time=\(t)") }
        let name = folder.url.lastPathComponent
        let task = script(["#SBATCH --job-name=sweep-\(name)", "#SBATCH --output=\(dir.path)/task-%A_%a.out"] + header,
                          "exec \(quote(binary.path)) sweep-task \(quote(folder.url.path)) --task \"$SLURM_ARRAY_TASK_ID\" --chunk \(chunk)")
        let merge = script(["#SBATCH --job-name=sweep-\(name)-merge", "#SBATCH --output=\(dir.path)/merge-%j.out"] + header,
                           "exec \(quote(binary.path)) sweep collect \(quote(folder.url.path))")
        let taskFile = dir.appendingPathComponent("task.sbatch"), mergeFile = dir.appendingPathComponent("merge.sbatch")
        try CompareRun.writeFileAtomically(task, to: taskFile)
        try CompareRun.writeFileAtomically(merge, to: mergeFile)
        let array = "0-\(tasks - 1)" + (options.throttle.map { "%\($0)" } ?? "")
        let arrayID = try run(sbatch, ["--parsable", "--array=\(array)", taskFile.path])
        let mergeID = try run(sbatch, ["--parsable", "--dependency=afterok:\(arrayID)", "--kill-on-invalid-dep=yes", mergeFile.path])
        try CompareRun.writeFileAtomically("array \(arrayID)\nmerge \(mergeID)\n", to: dir.appendingPathComponent("jobs.txt"))
        return Jobs(array: arrayID, merge: mergeID, tasks: tasks)
    }

    /// The run indices of array task `task`: its chunk of `slurm/queue.txt`.
    public static func chunk(task: Int, chunk: Int, folder: SweepFolder) throws -> [Int] {
        let file = folder.slurmFolder.appendingPathComponent("queue.txt")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw InputProblem("\(ScenarioRun.displayPath(file)): not found")
        }
        let queue = text.split(separator: "\n").compactMap { Int($0) }
        let lo = min(queue.count, task * max(1, chunk)), hi = min(queue.count, lo + max(1, chunk))
        return Array(queue[lo..<hi])
    }

    /// The job ids recorded in `slurm/jobs.txt` (array, then merge).
    public static func recordedJobs(_ folder: SweepFolder) -> [String] {
        let text = (try? String(contentsOf: folder.slurmFolder.appendingPathComponent("jobs.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
    }

    /// The ids among `jobs` still in Slurm's queue (pending or running), asked of `squeue`.
    public static func queued(_ jobs: [String]) -> [String] {
        guard let squeue = which("squeue") else { return [] }
        return jobs.filter { id in
            let output = (try? run(squeue, ["-h", "-o", "%i", "-j", id])) ?? ""
            return !output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// Waits until none of `jobs` is in the queue, polling every `interval` seconds; stops
    /// early (returning false) when `stop` is raised.
    public static func wait(for jobs: [String], interval: Double = 1, stop: StopFlag? = nil) -> Bool {
        while !queued(jobs).isEmpty {
            if let stop, stop.isRaised { return false }
            Thread.sleep(forTimeInterval: interval)
        }
        return true
    }

    static func script(_ header: [String], _ command: String) -> String {
        "#!/bin/sh\n" + header.joined(separator: "\n") + "\n" + command + "\n"
    }

    /// `text` single-quoted for the shell.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs `tool` with `arguments`; returns its trimmed standard output, or throws its
    /// standard error when it fails.
    @discardableResult
    static func run(_ tool: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: error, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SweepSlurmError(description: "\(tool.lastPathComponent) \(arguments.joined(separator: " ")) failed: \(oneLine(message))")
        }
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // `sbatch --parsable` prints `id` or `id;cluster`.
        return text.split(separator: ";").first.map(String.init) ?? text
    }
}

/// Slurm refused or failed a request.
public struct SweepSlurmError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}
