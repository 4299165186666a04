import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why talking to a policy process failed (``PolicyProcess``).
enum PolicyIOError: Error, Equatable {
    /// The command could not be started (the `posix_spawn` error).
    case spawn(String)
    /// The child closed its stdout or its stdin: it exited (status, or nil if still unknown).
    case exited(status: Int32?)
    /// No complete line within the timeout.
    case timedOut
}

/// A policy child process: `/bin/sh -c 'exec COMMAND'` with its stdin and stdout on pipes
/// (one JSON object per line each way) and its stderr passed through to ours, line by line,
/// by a reader thread that keeps the last non-empty line (for error messages). Reads wait
/// with `poll` up to a deadline, so a child that never answers never blocks the run.
///
/// Not thread-safe on its own: ``ExternalPolicy`` calls it under its lock.
final class PolicyProcess {
    private(set) var pid: pid_t = 0
    private var input: Int32 = -1  // our end of the child's stdin
    private var output: Int32 = -1  // our end of the child's stdout
    private var buffer: [UInt8] = []
    private var exitStatus: Int32?
    private let stderrTail = StderrTail()
    private static let spawnLock = NSLock()

    /// Starts `command`. Throws ``PolicyIOError/spawn(_:)`` if it cannot be started.
    init(command: String) throws {
        signal(SIGPIPE, SIG_IGN)  // a dead child's pipe gives EPIPE, not a signal
        // One spawn at a time in this process, so no other policy child inherits these pipes
        // between their creation and close-on-exec (parallel compare arms).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errors) == 0 else {
            throw PolicyIOError.spawn(String(cString: strerror(errno)))
        }
        for fd in toChild + fromChild + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        let args = ["/bin/sh", "-c", "exec " + command]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, "/bin/sh", &actions, nil, &argv, environ)
        for fd in [toChild[0], fromChild[1], errors[1]] { Glibc.close(fd) }
        guard rc == 0 else {
            for fd in [toChild[1], fromChild[0], errors[0]] { Glibc.close(fd) }
            throw PolicyIOError.spawn(String(cString: strerror(rc)))
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
        stderrTail.start(reading: errors[0])
    }

    deinit { close(kill: true) }

    /// The child's last non-empty stderr line so far ("" if none).
    var lastStderrLine: String { stderrTail.lastLine }

    /// Writes `line` and a newline to the child's stdin. Throws ``PolicyIOError/exited(status:)``
    /// when the child has closed it.
    func send(_ line: String) throws {
        try send(bytes: Array(line.utf8))
    }

    /// Writes the UTF-8 `bytes` of one line and a newline to the child's stdin.
    func send(bytes line: [UInt8]) throws {
        var bytes = line
        bytes.append(0x0A)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { write(input, $0.baseAddress! + sent, bytes.count - sent) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PolicyIOError.exited(status: reap(waitingUpTo: 0.5))
            }
            sent += n
        }
    }

    /// The child's next stdout line (without its newline), waiting at most `timeout` seconds.
    func readLine(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw PolicyIOError.timedOut }
            var fds = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(left * 1000, 60_000).rounded(.up)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw PolicyIOError.exited(status: reap(waitingUpTo: 2)) }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Closes the child's stdin and waits up to `grace` seconds for it to exit, then kills it.
    /// Returns its exit status (nil if it had to be killed).
    @discardableResult
    func finish(grace: Double) -> Int32? {
        if input >= 0 { Glibc.close(input); input = -1 }
        let status = reap(waitingUpTo: grace)
        close(kill: true)
        return status
    }

    /// Kills the child (if `kill` and still running), reaps it and closes every pipe.
    func close(kill: Bool) {
        if pid > 0, exitStatus == nil, kill {
            Glibc.kill(pid, SIGKILL)
            _ = reap(waitingUpTo: 5)
        }
        if input >= 0 { Glibc.close(input); input = -1 }
        if output >= 0 { Glibc.close(output); output = -1 }
        stderrTail.wait(upTo: 1)
    }

    /// The child's exit status (128 + signal if killed by one), waiting up to `seconds`
    /// for it to exit; nil if it is still running.
    private func reap(waitingUpTo seconds: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        guard pid > 0 else { return nil }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                stderrTail.wait(upTo: 1)
                return code
            }
            if r < 0, errno != EINTR { return nil }
            if Date() >= deadline { return nil }
            usleep(2000)
        }
    }
}

/// Copies a child's stderr to ours on a thread, remembering the last non-empty line.
private final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ""
    private var partial: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)
    private var running = false

    var lastLine: String {
        lock.lock(); defer { lock.unlock() }
        let pending = String(decoding: partial, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return pending.isEmpty ? last : pending
    }

    func start(reading fd: Int32) {
        running = true
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                _ = chunk.withUnsafeBytes { write(2, $0.baseAddress!, n) }
                note(chunk[..<n])
            }
            Glibc.close(fd)
            done.signal()
        }
        thread.start()
    }

    private func note(_ bytes: ArraySlice<UInt8>) {
        lock.lock(); defer { lock.unlock() }
        for byte in bytes {
            if byte == 0x0A {
                let line = String(decoding: partial, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if !line.isEmpty { last = line }
                partial.removeAll(keepingCapacity: true)
            } else if partial.count < 4096 {
                partial.append(byte)
            }
        }
    }

    /// Waits up to `seconds` for the child's stderr to close (it has exited).
    func wait(upTo seconds: Double) {
        guard running else { return }
        if done.wait(timeout: .now() + seconds) == .success { running = false }
    }
}
