import Core

/// Event-time progress of a set of input streams, in the manner of Flink's bounded
/// out-of-orderness watermarks with idleness.
///
/// A stream's watermark is the largest event time seen on it minus `outOfOrderness`. The
/// joint watermark is the minimum over the input streams that are active: that have
/// carried a record, and carried one within the last `idleTimeout` of processing time (a
/// sparse stream — rider cancels — would otherwise hold time back for minutes). If every
/// stream that has carried a record is idle, the minimum is over all of them. The joint
/// watermark never moves back. A record whose event time is older than the joint
/// watermark minus `allowedLateness` is late.
public struct Watermarks: Sendable {
    /// The watermark lag behind the largest event time seen.
    public let outOfOrderness: Millis
    /// How far behind the watermark a record is still on time.
    public let allowedLateness: Millis
    /// Processing time without a record after which a stream is idle.
    public let idleTimeout: Millis
    private var maxEventTime: [Millis]
    private var lastArrival: [Millis]
    private var now = Watermarks.none
    private var nextIdleChange = Millis.max  // earliest processing time a stream may turn idle
    /// The joint watermark over the engine's input streams, or ``none`` before any record.
    public private(set) var joint = Watermarks.none

    /// No watermark yet.
    public static let none = Millis.min

    /// Creates trackers for every stream; by default no stream ever becomes idle.
    public init(outOfOrderness: Millis, allowedLateness: Millis, idleTimeout: Millis = .farFuture) {
        self.outOfOrderness = outOfOrderness
        self.allowedLateness = allowedLateness
        self.idleTimeout = idleTimeout
        maxEventTime = Array(repeating: Watermarks.none, count: StreamName.allCases.count)
        lastArrival = maxEventTime
    }

    /// The watermark of one stream, or ``none`` before its first record.
    public func watermark(of stream: StreamName) -> Millis {
        let seen = maxEventTime[stream.index]
        return seen == Watermarks.none ? Watermarks.none : seen - outOfOrderness
    }

    /// Whether `stream` has carried a record but none within the idle timeout before the
    /// current processing time.
    public func isIdle(_ stream: StreamName) -> Bool {
        let last = lastArrival[stream.index]
        return last != Watermarks.none && now - last > idleTimeout
    }

    /// Whether a record with this event time would be late against the current joint watermark.
    public func isLate(eventTime: Millis) -> Bool {
        joint != Watermarks.none && eventTime < joint - allowedLateness
    }

    /// Moves processing time forward to `time` (never back): streams may become idle, and
    /// the joint watermark may advance.
    public mutating func advance(to time: Millis) {
        guard time > now else { return }
        now = time
        if now > nextIdleChange { recompute() }
    }

    /// Advances the stream's watermark with a record's event time (never moves it back);
    /// `arrivalTime` (processing time) marks the stream active.
    public mutating func observe(_ stream: StreamName, eventTime: Millis, arrivalTime: Millis? = nil) {
        let i = stream.index
        var changed = now > nextIdleChange
        if eventTime > maxEventTime[i] { maxEventTime[i] = eventTime; changed = true }
        let wasIdle = isIdle(stream)
        if let arrivalTime {
            if arrivalTime > now { now = arrivalTime }
            if arrivalTime > lastArrival[i] { lastArrival[i] = arrivalTime }
        } else if lastArrival[i] == Watermarks.none {
            lastArrival[i] = now  // no processing time given: active from now on
        }
        if wasIdle || changed || isIdle(stream) { recompute() } else if lastArrival[i] &+ idleTimeout < nextIdleChange {
            nextIdleChange = lastArrival[i] &+ idleTimeout
        }
    }

    private mutating func recompute() {
        var active = Watermarks.none, any = Watermarks.none
        nextIdleChange = .max
        for stream in StreamName.engineInputs {
            let mark = watermark(of: stream)
            guard mark != Watermarks.none else { continue }
            any = any == Watermarks.none ? mark : min(any, mark)
            if !isIdle(stream) {
                active = active == Watermarks.none ? mark : min(active, mark)
                let last = lastArrival[stream.index]
                if last != Watermarks.none { nextIdleChange = min(nextIdleChange, last &+ idleTimeout) }
            }
        }
        let candidate = active != Watermarks.none ? active : any
        if candidate > joint { joint = candidate }
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
