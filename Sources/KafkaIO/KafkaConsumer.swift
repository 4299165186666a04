import CRdKafka
import Foundation

/// One record read from Kafka, copied out of librdkafka's buffers.
public struct KafkaMessage: Sendable {
    /// Its offset in partition 0 of its topic.
    public var offset: Int64
    /// The key bytes.
    public var key: [UInt8]
    /// The value bytes.
    public var value: [UInt8]
    /// The record's timestamp, Unix ms (-1 if none).
    public var timestamp: Int64
    /// The headers, in order.
    public var headers: [(name: String, value: [UInt8])]

    /// The text of the last header called `name`, if any.
    public func header(_ name: String) -> String? {
        headers.last { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }
}

/// What reading one topic returned.
public enum KafkaRead {
    /// Records, in offset order; `atEnd`: the last of them is the last of the topic for now.
    case records([KafkaMessage], atEnd: Bool)
    /// The reader is at the end of the topic (no record right now).
    case end
    /// Nothing within the timeout.
    case nothing
}

/// A Kafka consumer of partition 0 of a fixed list of topics, handed out topic by topic (so
/// the caller merges them in its own order), with offsets committed by hand for a consumer
/// group: `enable.auto.commit=false`, committed only when ``commit(_:)`` is called.
///
/// All partitions feed librdkafka's one consumer queue (the only queue a consumer may
/// serve); ``read(_:timeoutMs:)`` sorts what it takes from it into one buffer per topic.
public final class KafkaConsumer {
    /// The bootstrap brokers.
    public let brokers: String
    /// The topics read, in the order given.
    public let topics: [String]
    private let client: OpaquePointer
    private var queue: OpaquePointer?
    private var pending: [[KafkaMessage]]
    private var atEnd: [Bool]
    private let index: [String: Int]
    private var batch = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: 4096)

    /// Connects as a member of `group`; throws a ``KafkaError`` if no broker answers within `connectTimeoutMs`.
    public init(brokers: String, group: String, topics: [String], connectTimeoutMs: Int32 = 5000) throws {
        self.brokers = brokers
        self.topics = topics
        pending = topics.map { _ in [] }
        atEnd = topics.map { _ in false }
        index = Dictionary(topics.enumerated().map { ($1, $0) }) { a, _ in a }
        let config = try KafkaConfig([
            ("bootstrap.servers", brokers), ("group.id", group), ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"), ("auto.offset.reset", "earliest"), ("enable.partition.eof", "true"),
            ("socket.connection.setup.timeout.ms", String(max(1000, Int(connectTimeoutMs)))),
            ("queued.min.messages", "100000"),
            // A ceiling, not a fetch size: some Kafka-protocol brokers (noida-db 0.2.3) ignore the
            // fetch size limits and answer with the whole partition from the fetch offset.
            ("receive.message.max.bytes", "2147483647"),
        ])
        client = try makeClient(RD_KAFKA_CONSUMER, config, brokers: brokers)
        // On failure deinit destroys the client (every stored property is set by now).
        try checkReachable(client, brokers: brokers, timeoutMs: connectTimeoutMs)
        rd_kafka_poll_set_consumer(client)
    }

    deinit {
        if let queue { rd_kafka_queue_destroy(queue) }
        rd_kafka_consumer_close(client)
        rd_kafka_destroy(client)
    }

    /// The group's committed offsets of the topics (0 where none is committed).
    public func committed(timeoutMs: Int32 = 10000) throws -> [Int64] {
        let list = partitionList(topics.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_committed(client, list, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError("kafka \(brokers): cannot read committed offsets: \(KafkaError.text(err))")
        }
        return (0..<Int(list.pointee.cnt)).map { max(0, list.pointee.elems[$0].offset) }
    }

    /// Starts reading every topic at the given offsets.
    public func assign(from offsets: [Int64]) throws {
        let list = partitionList(Array(zip(topics, offsets)))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_assign(client, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError("kafka \(brokers): cannot assign \(topics.joined(separator: ", ")): \(KafkaError.text(err))")
        }
        queue = rd_kafka_queue_get_consumer(client)
    }

    /// The records of topic `i` read so far and not yet handed out, waiting at most
    /// `timeoutMs` for some if there are none.
    public func read(_ i: Int, timeoutMs: Int32) throws -> KafkaRead {
        if pending[i].isEmpty, !atEnd[i] || timeoutMs == 0 { try take(timeoutMs: timeoutMs) }
        guard pending[i].isEmpty else {
            defer { pending[i].removeAll(keepingCapacity: true) }
            return .records(pending[i], atEnd: atEnd[i])
        }
        return atEnd[i] ? .end : .nothing
    }

    /// Takes one batch from the consumer queue into the per-topic buffers.
    private func take(timeoutMs: Int32) throws {
        guard let queue else { return }
        let n = batch.withUnsafeMutableBufferPointer {
            rd_kafka_consume_batch_queue(queue, Int32(timeoutMs), $0.baseAddress, $0.count)
        }
        guard n > 0 else { return }
        var failure: String?
        var taken = 0
        for k in 0..<n {
            let m = batch[k]!
            defer { rd_kafka_message_destroy(m) }
            let err = m.pointee.err
            guard let rkt = m.pointee.rkt, let t = index[String(cString: rd_kafka_topic_name(rkt))] else {
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { failure = failure ?? KafkaError.text(err) }
                continue
            }
            if err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                atEnd[t] = true
            } else if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                atEnd[t] = false
                pending[t].append(message(m))
                taken += 1
            } else {
                failure = failure ?? KafkaError.text(err)
            }
        }
        if let failure, taken == 0 {
            throw KafkaError("kafka \(brokers): reading \(topics.joined(separator: ", ")): \(failure)")
        }
    }

    /// Commits, synchronously, the next offset to read for every topic.
    public func commit(_ next: [Int64]) throws {
        let list = partitionList(Array(zip(topics, next)))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_commit(client, list, 0)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError("kafka \(brokers): cannot commit offsets: \(KafkaError.text(err))")
        }
    }

    /// Low and high watermark offsets of partition 0 of `topic`.
    public func watermarkOffsets(of topic: String, timeoutMs: Int32 = 5000) throws -> (low: Int64, high: Int64) {
        try watermarks(client, topic: topic, brokers: brokers, timeoutMs: timeoutMs)
    }

    private func partitionList(_ entries: [(String, Int64)]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(entries.count))!
        for (topic, offset) in entries {
            rd_kafka_topic_partition_list_add(list, topic, 0).pointee.offset = offset
        }
        return list
    }

    private func message(_ m: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let p = m.pointee
        let key = p.key.map { Array(UnsafeRawBufferPointer(start: $0, count: p.key_len)) } ?? []
        let value = p.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: p.len)) } ?? []
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(m, &type)
        var headers: [(name: String, value: [UInt8])] = []
        var hdrs: OpaquePointer?
        if rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs {
            var i = 0
            var name: UnsafePointer<CChar>?
            var ptr: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(hdrs, i, &name, &ptr, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes = ptr.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append((name.map { String(cString: $0) } ?? "", bytes))
                i += 1
            }
        }
        return KafkaMessage(offset: p.offset, key: key, value: value, timestamp: timestamp, headers: headers)
    }
}
