import Foundation
import KafkaIO
import Pipeline
import Reporter
import Streams
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A Kafka-protocol broker (noida-db, installed by `.ci/kafka-local.sh binary` if missing)
/// on a free loopback port with a temporary data dir, run as a child process of the test
/// and stopped by its PID.
final class LocalBroker {
    let address: String
    private let dir: URL
    private let process = Process()

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ridematch-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [repoRoot.appendingPathComponent(".ci/kafka-local.sh").path, "binary"]
        let out = Pipe()
        script.standardOutput = out
        try script.run()
        let binary = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        script.waitUntilExit()
        try #require(script.terminationStatus == 0 && !binary.isEmpty, "cannot install noida-db")
        let port = try freeLoopbackPort()
        address = "127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--data-dir", dir.appendingPathComponent("data").path, "--host", "127.0.0.1",
                             "--only", "kafka", "--kafka-port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 where !canConnect(port: port) { usleep(25_000) }
        try #require(canConnect(port: port), "noida-db did not listen on \(address)")
    }

    /// Stops the broker by its PID and removes its data.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)  // a throwaway broker: its data dir goes next
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dir)
    }

    /// Every record of `topic`, as the CSV rows the stream dump writes (no header).
    func rows(of topic: String, stream: StreamName, start: Date) throws -> [String] {
        let consumer = try KafkaConsumer(brokers: address, group: "test-reader-\(UUID().uuidString)", topics: [topic])
        let end = try consumer.watermarkOffsets(of: topic).high
        try consumer.assign(from: [0])
        var rows: [String] = []
        var read: Int64 = 0
        while read < end {
            if case .records(let batch, _) = try consumer.read(0, timeoutMs: 1000) {
                for m in batch {
                    let record = try #require(KafkaRecords.decode(m, stream: stream, startUnixMs: KafkaRecords.startUnixMs(start)))
                    rows.append(StreamDumpWriter.row(record))
                    read = m.offset + 1
                }
            }
        }
        return rows
    }

    /// The number of records in `topic`.
    func count(_ topic: String) throws -> Int64 {
        try KafkaConsumer(brokers: address, group: "test-counter", topics: [topic]).watermarkOffsets(of: topic).high
    }
}

/// The data rows of a dumped stream file.
func dumpRows(_ url: URL) throws -> [String] {
    Array(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init))
}

/// A loopback TCP port nobody listens on right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = loopback(port: 0)
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = loopback(port: port)
    return withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

private func loopback(port: Int) -> sockaddr_in {
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return addr
}
