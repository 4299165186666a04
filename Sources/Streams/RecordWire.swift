import Core

/// The Kafka value of a ridematch record: a fixed little-endian binary layout, one size per
/// stream, that carries the whole record (docs/streams.md, "Wire format").
///
///     byte 0      'r' (0x72)            magic
///     byte 1      1                     layout version
///     byte 2      stream                0 ride-requests, 1 driver-locations, 2 driver-status,
///                                       3 rider-cancels, 4 matches
///     byte 3      source                0 rider-app, 1 driver-app, 2 dispatch, 3 engine
///     4..<8       key                   Int32
///     8..<16      event time           Int64, ms since the scenario start
///     16..<24     arrival time         Int64, ms since the scenario start
///     24..<32     offset               Int64, in its stream's log
///     32..<40     sequence             Int64, in the run's global log
///     40..<48     ticks                Int64, engine timer ticks before it
///     48...       payload              request: 4 × Float64 (origin x, y, destination x, y, metres),
///                                       then 1 byte 1 if the rider accepts sharing (absent if not);
///                                       location: 2 × Float64; status: 1 byte (0 available,
///                                       1 busy, 2 offline), or a stop event: 1 byte (3 pickup,
///                                       4 dropoff, 5 withdrawn, 6 reassigned) and Int32 request id;
///                                       cancel: nothing; match: Int32 driver,
///                                       Float64 quoted pickup ETA (s), Float64 quoted fare
public enum RecordWire {
    /// Bytes before the payload.
    public static let headerSize = 48
    private static let magic: UInt8 = 0x72
    private static let version: UInt8 = 1

    /// The size of a value on `stream` (the shorter form where a stream has two: a request
    /// of a rider who accepts sharing is 1 byte longer, a stop event 4 bytes longer than a status).
    public static func size(of stream: StreamName) -> Int {
        switch stream {
        case .rideRequests: headerSize + 32
        case .driverLocations: headerSize + 16
        case .driverStatus: headerSize + 1
        case .riderCancels: headerSize
        case .matches: headerSize + 20
        }
    }

    /// Encodes a record into `bytes` (cleared first).
    public static func encode(_ r: Record, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: [magic, version, UInt8(r.stream.index), r.source.rawValue])
        put(r.key, &bytes)
        for v in [r.eventTime, r.arrivalTime, r.offset, r.sequence, r.ticks] { put(v, &bytes) }
        switch r.payload {
        case .request(let q):
            for v in [q.origin.x, q.origin.y, q.destination.x, q.destination.y] { put(v.bitPattern, &bytes) }
            if q.shares { bytes.append(1) }
        case .location(let p):
            put(p.x.bitPattern, &bytes)
            put(p.y.bitPattern, &bytes)
        case .status(let s):
            bytes.append(s.rawValue)
        case .stop(let request, let event):
            bytes.append(3 + event.rawValue)
            put(request, &bytes)
        case .cancel:
            break
        case .match(let driver, let eta, let fare):
            put(driver, &bytes)
            put(eta.bitPattern, &bytes)
            put(fare.bitPattern, &bytes)
        }
    }

    /// Decodes a value, or nil if it is not a ridematch record of `expected` (when given).
    public static func decode(_ bytes: UnsafeRawBufferPointer, expected: StreamName? = nil) -> Record? {
        guard bytes.count >= headerSize, bytes[0] == magic, bytes[1] == version,
            Int(bytes[2]) < StreamName.allCases.count, let source = RecordSource(rawValue: bytes[3])
        else { return nil }
        let stream = StreamName.allCases[Int(bytes[2])]
        let extra = bytes.count - size(of: stream)
        let longer = (stream == .rideRequests && extra == 1) || (stream == .driverStatus && extra == 4)
        guard extra == 0 || longer, expected == nil || expected == stream else { return nil }
        func i64(_ at: Int) -> Int64 { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self)) }
        func f64(_ at: Int) -> Double { Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))) }
        func i32(_ at: Int) -> Int32 { Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)) }
        let h = headerSize
        let payload: Record.Payload
        switch stream {
        case .rideRequests:
            payload = .request(RideRequest(
                origin: PlanePoint(x: f64(h), y: f64(h + 8)), destination: PlanePoint(x: f64(h + 16), y: f64(h + 24)),
                shares: longer && bytes[h + 32] == 1))
        case .driverLocations:
            payload = .location(PlanePoint(x: f64(h), y: f64(h + 8)))
        case .driverStatus:
            if longer {
                guard bytes[h] >= 3, let event = StopEvent(rawValue: bytes[h] - 3) else { return nil }
                payload = .stop(request: i32(h + 1), event: event)
            } else {
                guard let status = DriverStatus(rawValue: bytes[h]) else { return nil }
                payload = .status(status)
            }
        case .riderCancels:
            payload = .cancel
        case .matches:
            payload = .match(driver: i32(h), quotedPickupEta: f64(h + 4), quotedFare: f64(h + 12))
        }
        var record = Record(key: i32(4), eventTime: i64(8), arrivalTime: i64(16), payload: payload, source: source, offset: i64(24))
        record.sequence = i64(32)
        record.ticks = i64(40)
        return record
    }

    private static func put<T: FixedWidthInteger>(_ v: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
