import Core

/// Event-time progress of a set of input streams, in the manner of Flink's bounded
/// out-of-orderness watermarks.
///
/// A stream's watermark is the largest event time seen on it minus `outOfOrderness`; the
/// joint watermark is the minimum over the streams that have carried a record (a stream
/// that has carried none yet is idle and does not hold time back). A record whose event
/// time is older than the joint watermark minus `allowedLateness` is late.
public struct Watermarks: Sendable {
    /// The watermark lag behind the largest event time seen.
    public let outOfOrderness: Millis
    /// How far behind the watermark a record is still on time.
    public let allowedLateness: Millis
    private var maxEventTime: [Millis]

    /// No watermark yet.
    public static let none = Millis.min

    /// Creates trackers for every stream.
    public init(outOfOrderness: Millis, allowedLateness: Millis) {
        self.outOfOrderness = outOfOrderness
        self.allowedLateness = allowedLateness
        maxEventTime = Array(repeating: Watermarks.none, count: StreamName.allCases.count)
    }

    /// The watermark of one stream, or ``none`` before its first record.
    public func watermark(of stream: StreamName) -> Millis {
        let seen = maxEventTime[stream.index]
        return seen == Watermarks.none ? Watermarks.none : seen - outOfOrderness
    }

    /// The joint watermark: the minimum over the engine's input streams that have carried a record.
    public var joint: Millis {
        var result = Watermarks.none
        for stream in StreamName.engineInputs {
            let mark = watermark(of: stream)
            if mark != Watermarks.none { result = result == Watermarks.none ? mark : min(result, mark) }
        }
        return result
    }

    /// Whether a record with this event time would be late against the current joint watermark.
    public func isLate(eventTime: Millis) -> Bool {
        let mark = joint
        return mark != Watermarks.none && eventTime < mark - allowedLateness
    }

    /// Advances the stream's watermark with a record's event time (never moves it back).
    public mutating func observe(_ stream: StreamName, eventTime: Millis) {
        let i = stream.index
        if eventTime > maxEventTime[i] { maxEventTime[i] = eventTime }
    }
}

extension StreamName {
    @usableFromInline var index: Int {
        switch self {
        case .rideRequests: 0
        case .driverLocations: 1
        case .driverStatus: 2
        case .riderCancels: 3
        case .matches: 4
        }
    }
}
