import Core
import Foundation
import KafkaIO
import Streams

/// How fast `run --publish` writes: in real time times a factor (`1x`, `10x`), or as fast as possible (`max`).
public enum PublishPace: Equatable, Sendable {
    /// Simulated time runs `factor` times faster than the wall clock.
    case speedup(Double)
    /// No waiting.
    case max

    /// Parses `max` or `<factor>x`; throws an ``InputProblem`` naming `--pace`.
    public init(_ text: String) throws {
        if text == "max" {
            self = .max
        } else if text.hasSuffix("x"), let f = Double(text.dropLast()), f.isFinite, f > 0 {
            self = .speedup(f)
        } else {
            throw InputProblem("--pace: expected 1x, 10x, … or max, got '\(text)'")
        }
    }
}

/// A ``StreamTap`` that publishes every record of a run to its Kafka topic, in append
/// (arrival) order, paced against the wall clock by arrival time. Delivery is checked:
/// ``finish()`` waits for every acknowledgement and throws if any record was not delivered.
public final class KafkaPublisher: StreamTap {
    /// The brokers and topic prefix.
    public let target: KafkaTarget
    /// Records published per stream, in ``StreamName/allCases`` order.
    public private(set) var counts = Array(repeating: 0, count: StreamName.allCases.count)
    private let producer: KafkaProducer
    private let startUnixMs: Int64
    private let pace: PublishPace
    private let topics: [String]
    private var scratch: [UInt8] = []
    private var wallStart: Date?
    private var failure: (any Error)?
    /// Wall-clock seconds from the first record to the last acknowledgement.
    public private(set) var wallSeconds = 0.0

    /// Connects (a ``KafkaError`` if no broker answers within 5 s).
    public init(target: KafkaTarget, scenarioStart: Date, pace: PublishPace) throws {
        self.target = target
        producer = try KafkaProducer(brokers: target.brokers)
        startUnixMs = KafkaRecords.startUnixMs(scenarioStart)
        self.pace = pace
        topics = StreamName.allCases.map(target.topic)
        try producer.ensureTopics(topics)
    }

    /// Publishes one record (after waiting for its arrival time, when paced).
    public func append(_ record: Record) {
        guard failure == nil else { return }
        let started = wallStart ?? Date()
        wallStart = started
        if case .speedup(let factor) = pace {
            let due = started.addingTimeInterval(Double(record.arrivalTime) / 1000 / factor)
            let wait = due.timeIntervalSinceNow
            if wait > 0.001 { Thread.sleep(forTimeInterval: wait) }
        }
        let i = StreamName.allCases.firstIndex(of: record.stream)!
        do {
            try KafkaRecords.produce(record, topic: topics[i], startUnixMs: startUnixMs, on: producer, scratch: &scratch)
            counts[i] += 1
            if producer.produced & 0x3FF == 0 { producer.poll() }
        } catch {
            failure = error
        }
    }

    /// Waits for every acknowledgement (at most `timeoutMs`); throws a ``KafkaError`` saying
    /// how many records were not delivered.
    public func finish(timeoutMs: Int32 = 60000) throws {
        if let failure { throw failure }
        let left = producer.flush(timeoutMs: timeoutMs)
        wallSeconds = wallStart.map { Date().timeIntervalSince($0) } ?? 0
        let total = counts.reduce(0, +)
        guard left == 0, producer.failed == 0, producer.delivered == total else {
            let lost = total - producer.delivered
            let why = producer.firstError ?? "no acknowledgement in time"
            throw KafkaError("kafka \(target.brokers): \(lost) of \(total) records not delivered (\(why))")
        }
    }
}

extension KafkaPublisher {
    /// One line: what went where, and how fast.
    public var summary: String {
        let total = counts.reduce(0, +)
        let perTopic = zip(StreamName.allCases, counts).map { "\(target.topic($0)) \($1)" }.joined(separator: ", ")
        let rate = Double(total) / Swift.max(wallSeconds, 1e-9)
        return "published \(total) records to kafka://\(target.brokers) (\(perTopic)), all acknowledged, in "
            + String(format: "%.2f", wallSeconds) + " s (\(Int(rate)) records/s)"
    }
}

/// Hands every record to several taps, in order.
final class TeeTap: StreamTap {
    private let taps: [any StreamTap]

    init(_ taps: [any StreamTap]) { self.taps = taps }

    func append(_ record: Record) {
        for tap in taps { tap.append(record) }
    }
}

/// `run --publish`: where and how fast to publish; after the run, the publisher that did it.
public final class PublishRequest {
    /// Brokers and topic prefix.
    public let target: KafkaTarget
    /// Pacing.
    public let pace: PublishPace
    /// The publisher, once the run has started.
    public internal(set) var publisher: KafkaPublisher?

    /// A request to publish to `target` at `pace`.
    public init(target: KafkaTarget, pace: PublishPace) {
        self.target = target
        self.pace = pace
    }
}
