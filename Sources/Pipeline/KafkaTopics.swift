import Core
import Foundation
import KafkaIO
import Streams

/// Where streams go in Kafka: the brokers and a topic prefix (`<prefix><stream>`, e.g.
/// `rm.ride-requests`), as written `kafka://HOST:PORT[,HOST:PORT…][?prefix=P]`.
public struct KafkaTarget: Equatable, Sendable {
    /// Bootstrap brokers, `HOST:PORT[,HOST:PORT…]`.
    public var brokers: String
    /// Prepended to every stream name.
    public var prefix: String

    /// A target from its parts.
    public init(brokers: String, prefix: String = "") {
        self.brokers = brokers
        self.prefix = prefix
    }

    /// Parses `kafka://HOST:PORT[,HOST:PORT…][?prefix=P]`; throws an ``InputProblem`` naming `option`.
    public init(url: String, option: String = "--publish") throws {
        let usage = "\(option): expected kafka://HOST:PORT[,HOST:PORT…][?prefix=P], got '\(url)'"
        guard url.hasPrefix("kafka://") else { throw InputProblem(usage) }
        var rest = Substring(url.dropFirst("kafka://".count))
        var prefix = ""
        if let q = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: q)...]
            guard query.hasPrefix("prefix=") else { throw InputProblem(usage) }
            prefix = String(query.dropFirst("prefix=".count))
            rest = rest[..<q]
        }
        try self.init(brokers: String(rest), prefix: prefix, option: option, usage: usage)
    }

    /// Checks `HOST:PORT[,HOST:PORT…]`; throws an ``InputProblem`` naming `option`.
    public init(brokers: String, prefix: String, option: String, usage: String? = nil) throws {
        let usage = usage ?? "\(option): expected HOST:PORT[,HOST:PORT…], got '\(brokers)'"
        let hosts = brokers.split(separator: ",", omittingEmptySubsequences: false)
        for host in hosts {
            guard let colon = host.lastIndex(of: ":"), colon != host.startIndex,
                let port = Int(host[host.index(after: colon)...]), (1...65535).contains(port)
            else { throw InputProblem(usage) }
        }
        guard !hosts.isEmpty, prefix.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw InputProblem(usage)
        }
        self.init(brokers: brokers, prefix: prefix)
    }

    /// The topic of a stream.
    public func topic(_ stream: StreamName) -> String { prefix + stream.rawValue }
}

/// Records as Kafka records: key = the entity id in decimal, value = ``RecordWire``,
/// timestamp = event time (Unix ms), headers `source`, `arrival-time` (Unix ms), `seq`, `ticks`.
public enum KafkaRecords {
    /// Queues `record` on `topic`; `startUnixMs` is the scenario's time 0.
    public static func produce(_ record: Record, topic: String, startUnixMs: Int64, on producer: KafkaProducer,
                               scratch: inout [UInt8]) throws {
        RecordWire.encode(record, into: &scratch)
        try producer.produce(
            topic: topic, key: Array(String(record.key).utf8), value: scratch, timestamp: startUnixMs + record.eventTime,
            headers: [("source", record.source.description), ("arrival-time", String(startUnixMs + record.arrivalTime)),
                      ("seq", String(record.sequence)), ("ticks", String(record.ticks))])
    }

    /// The record a Kafka message holds, or nil if it is not a ridematch record of `stream`
    /// (value layout, key and headers must all agree).
    public static func decode(_ m: KafkaMessage, stream: StreamName, startUnixMs: Int64) -> Record? {
        guard let record = m.value.withUnsafeBytes({ RecordWire.decode($0, expected: stream) }),
            String(decoding: m.key, as: UTF8.self) == String(record.key),
            m.header("arrival-time") == String(startUnixMs + record.arrivalTime),
            m.header("seq") == String(record.sequence), m.header("ticks") == String(record.ticks)
        else { return nil }
        return record
    }

    /// Unix ms of a scenario's time 0.
    public static func startUnixMs(_ start: Date) -> Int64 { Int64((start.timeIntervalSince1970 * 1000).rounded()) }
}
