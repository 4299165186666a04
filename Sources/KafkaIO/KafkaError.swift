import CRdKafka

/// A failure talking to Kafka (not bad user input): the command line prints it as one
/// `error:` line and exits with status 1.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the brokers or topic.
    public let description: String

    /// Creates the error from its message.
    public init(_ description: String) { self.description = description }

    /// librdkafka's text for an error code.
    static func text(_ code: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2str(code)) }
}

/// A librdkafka configuration under construction.
struct KafkaConfig {
    let handle: OpaquePointer

    /// A configuration with `settings` applied; throws a ``KafkaError`` naming a rejected setting.
    init(_ settings: [(String, String)]) throws {
        handle = rd_kafka_conf_new()
        var errstr = [CChar](repeating: 0, count: 512)
        for (name, value) in settings where rd_kafka_conf_set(handle, name, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
            rd_kafka_conf_destroy(handle)
            throw KafkaError("kafka: setting \(name)=\(value): \(cText(errstr))")
        }
        // librdkafka's own log lines (connection retries, …) would break the one-line error
        // rule; failures reach the caller as errors instead.
        rd_kafka_conf_set_log_cb(handle) { _, _, _, _ in }
    }
}

/// Creates a client of `type` from `config` (which it takes over).
func makeClient(_ type: rd_kafka_type_t, _ config: KafkaConfig, brokers: String) throws -> OpaquePointer {
    var errstr = [CChar](repeating: 0, count: 512)
    guard let client = rd_kafka_new(type, config.handle, &errstr, errstr.count) else {
        rd_kafka_conf_destroy(config.handle)
        throw KafkaError("kafka \(brokers): \(cText(errstr))")
    }
    return client
}

/// Waits until a broker answers a metadata request, within `timeoutMs`; throws a ``KafkaError`` otherwise.
func checkReachable(_ client: OpaquePointer, brokers: String, timeoutMs: Int32) throws {
    var metadata: UnsafePointer<rd_kafka_metadata>?
    let err = rd_kafka_metadata(client, 0, nil, &metadata, timeoutMs)
    if let metadata { rd_kafka_metadata_destroy(metadata) }
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
        throw KafkaError(
            "kafka \(brokers): no broker answered within \(timeoutMs / 1000) s (\(KafkaError.text(err)))")
    }
}

/// The text of a NUL-terminated C buffer.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
