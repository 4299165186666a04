import CRdKafka
import Foundation

/// A Kafka producer with checked delivery: `acks=all`, idempotent (no duplicates, order
/// kept per partition on retries), and a count of records the brokers acknowledged or
/// failed. Use it from one thread: delivery reports are served by ``poll(timeoutMs:)``
/// and ``flush(timeoutMs:)`` on the calling thread.
public final class KafkaProducer {
    /// The bootstrap brokers, `HOST:PORT[,HOST:PORT…]`.
    public let brokers: String
    let client: OpaquePointer
    private var topics: [String: OpaquePointer] = [:]
    private let reports: DeliveryReports
    private var headerScratch: [UInt8] = []

    /// Records acknowledged by the brokers so far.
    public var delivered: Int { reports.delivered }
    /// Records that failed (retries exhausted, timeout) so far.
    public var failed: Int { reports.failed }
    /// The first delivery error, if any.
    public var firstError: String? { reports.firstError }
    /// Records handed to the producer so far.
    public private(set) var produced = 0

    /// Connects to `brokers`; throws a ``KafkaError`` if none answers within `connectTimeoutMs`.
    /// A record not acknowledged within `deliveryTimeoutMs` fails.
    public init(brokers: String, connectTimeoutMs: Int32 = 5000, deliveryTimeoutMs: Int = 30000) throws {
        self.brokers = brokers
        let config = try KafkaConfig([
            ("bootstrap.servers", brokers), ("acks", "all"), ("enable.idempotence", "true"),
            ("linger.ms", "5"), ("batch.num.messages", "10000"), ("queue.buffering.max.messages", "1000000"),
            ("queue.buffering.max.kbytes", "1048576"), ("message.timeout.ms", String(deliveryTimeoutMs)),
            ("socket.connection.setup.timeout.ms", String(max(1000, Int(connectTimeoutMs)))),
        ])
        reports = DeliveryReports()
        rd_kafka_conf_set_opaque(config.handle, Unmanaged.passUnretained(reports).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(config.handle) { _, message, opaque in
            guard let message, let opaque else { return }
            let reports = Unmanaged<DeliveryReports>.fromOpaque(opaque).takeUnretainedValue()
            reports.note(message.pointee.err)
        }
        client = try makeClient(RD_KAFKA_PRODUCER, config, brokers: brokers)
        // On failure deinit destroys the client (every stored property is set by now).
        try checkReachable(client, brokers: brokers, timeoutMs: connectTimeoutMs)
    }

    deinit {
        for topic in topics.values { rd_kafka_topic_destroy(topic) }
        rd_kafka_destroy(client)
    }

    /// Queues one record on partition 0 of `topic`; waits (serving delivery reports) while
    /// the local queue is full. `timestamp` is Unix ms (the Kafka record's CreateTime).
    public func produce(topic: String, key: [UInt8], value: [UInt8], timestamp: Int64, headers: [(String, String)]) throws {
        let rkt = try handle(of: topic)
        while true {
            let hdrs = rd_kafka_headers_new(headers.count)!
            for (name, text) in headers {
                headerScratch.removeAll(keepingCapacity: true)
                headerScratch.append(contentsOf: text.utf8)
                rd_kafka_header_add(hdrs, name, -1, headerScratch, headerScratch.count)
            }
            let err: rd_kafka_resp_err_t = key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    var vus = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 7)
                    vus[0].vtype = RD_KAFKA_VTYPE_RKT
                    vus[0].u.rkt = rkt
                    vus[1].vtype = RD_KAFKA_VTYPE_PARTITION
                    vus[1].u.i32 = 0
                    vus[2].vtype = RD_KAFKA_VTYPE_KEY
                    vus[2].u.mem.ptr = UnsafeMutableRawPointer(mutating: k.baseAddress)
                    vus[2].u.mem.size = k.count
                    vus[3].vtype = RD_KAFKA_VTYPE_VALUE
                    vus[3].u.mem.ptr = UnsafeMutableRawPointer(mutating: v.baseAddress)
                    vus[3].u.mem.size = v.count
                    vus[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP
                    vus[4].u.i64 = timestamp
                    vus[5].vtype = RD_KAFKA_VTYPE_HEADERS
                    vus[5].u.headers = hdrs
                    vus[6].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    vus[6].u.i = RD_KAFKA_MSG_F_COPY
                    guard let error = rd_kafka_produceva(client, &vus, vus.count) else { return RD_KAFKA_RESP_ERR_NO_ERROR }
                    let code = rd_kafka_error_code(error)
                    rd_kafka_error_destroy(error)
                    return code
                }
            }
            if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                produced += 1
                return
            }
            rd_kafka_headers_destroy(hdrs)  // not taken over on failure
            guard err == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                throw KafkaError("kafka \(brokers): cannot produce to \(topic): \(KafkaError.text(err))")
            }
            poll(timeoutMs: 100)
        }
    }

    /// Serves delivery reports, waiting up to `timeoutMs` for one.
    public func poll(timeoutMs: Int32 = 0) { rd_kafka_poll(client, timeoutMs) }

    /// Waits until every queued record is acknowledged or failed, at most `timeoutMs`;
    /// returns how many are still unacknowledged (0: all done).
    @discardableResult
    public func flush(timeoutMs: Int32) -> Int {
        _ = rd_kafka_flush(client, timeoutMs)
        return Int(rd_kafka_outq_len(client))
    }

    /// Records queued but not yet acknowledged or failed.
    public var inFlight: Int { produced - delivered - failed }

    /// The high watermark (next offset) of partition 0 of `topic`: how many records it holds
    /// when written from offset 0. 0 for a topic that does not exist yet.
    public func endOffset(of topic: String, timeoutMs: Int32 = 5000) throws -> Int64 {
        try watermarks(client, topic: topic, brokers: brokers, timeoutMs: timeoutMs).high
    }

    private func handle(of topic: String) throws -> OpaquePointer {
        if let rkt = topics[topic] { return rkt }
        guard let rkt = rd_kafka_topic_new(client, topic, nil) else {
            throw KafkaError("kafka \(brokers): bad topic name '\(topic)'")
        }
        topics[topic] = rkt
        return rkt
    }
}

/// Delivery report counters; touched only on the thread that polls the producer.
final class DeliveryReports {
    var delivered = 0
    var failed = 0
    var firstError: String?

    func note(_ err: rd_kafka_resp_err_t) {
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            delivered += 1
        } else {
            failed += 1
            if firstError == nil { firstError = KafkaError.text(err) }
        }
    }
}

/// Low and high watermark offsets of partition 0 of `topic` (0, 0 if it does not exist).
func watermarks(_ client: OpaquePointer, topic: String, brokers: String, timeoutMs: Int32) throws -> (low: Int64, high: Int64) {
    var low: Int64 = 0, high: Int64 = 0
    let err = rd_kafka_query_watermark_offsets(client, topic, 0, &low, &high, timeoutMs)
    if err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION
        || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC {
        return (0, 0)
    }
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
        throw KafkaError("kafka \(brokers): cannot read the offsets of \(topic): \(KafkaError.text(err))")
    }
    return (low, high)
}

extension KafkaProducer {
    /// Creates the topics that do not exist yet, one partition each, with `retention.ms=-1`:
    /// ridematch records carry their scenario's event times as timestamps, often months
    /// old, which time-based retention (7 days by default) would delete at once.
    public func ensureTopics(_ names: [String], timeoutMs: Int32 = 10000) throws {
        let errstr = UnsafeMutablePointer<CChar>.allocate(capacity: 512)
        defer { errstr.deallocate() }
        var specs: [OpaquePointer?] = []
        defer { for spec in specs { rd_kafka_NewTopic_destroy(spec) } }
        for name in names {
            guard let spec = rd_kafka_NewTopic_new(name, 1, 1, errstr, 512) else {
                throw KafkaError("kafka \(brokers): topic \(name): \(String(cString: errstr))")
            }
            rd_kafka_NewTopic_set_config(spec, "retention.ms", "-1")
            specs.append(spec)
        }
        let queue = rd_kafka_queue_new(client)!
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, nil, 0)
        rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, nil, 0)
        specs.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(client, $0.baseAddress, $0.count, options, queue) }
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 1000) else {
            throw KafkaError("kafka \(brokers): no answer to CreateTopics")
        }
        defer { rd_kafka_event_destroy(event) }
        if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError("kafka \(brokers): cannot create topics: \(String(cString: rd_kafka_event_error_string(event)))")
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let topics = rd_kafka_CreateTopics_result_topics(result, &count)
        else { return }
        for i in 0..<count {
            let err = rd_kafka_topic_result_error(topics[i])
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
                throw KafkaError("kafka \(brokers): cannot create \(String(cString: rd_kafka_topic_result_name(topics[i]))): "
                    + KafkaError.text(err))
            }
        }
    }
}
