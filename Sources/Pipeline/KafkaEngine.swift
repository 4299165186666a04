import Core
import Foundation
import KafkaIO
import Matching
import Reporter
import Scenario
import Simulator
import Streams

/// `ridematch engine --kafka`: the join engine as a long-lived consumer of the four input
/// topics, publishing its decisions to `<out-prefix>matches`.
///
/// Order: the topics are read each from its own queue and merged by the `arrival-time`
/// header (ties by `seq`): a record is processed only when every topic has a record
/// buffered or is at its end, so the engine sees the records in the order the run
/// delivered them. Delivery: decisions are produced, acknowledged (acks=all, idempotent),
/// and only then are the input offsets committed. Restart: the engine is a deterministic
/// function of its input, so its state is rebuilt by re-reading the input topics from
/// offset 0; the decisions it makes again are not re-published while the output topic
/// already holds them (its end offset counts them), so a crash at any point — after the
/// acknowledgement and before the commit included — neither loses nor duplicates one.
public struct KafkaEngine {
    /// What a consumer run did.
    public struct Outcome: Sendable {
        /// Input records processed (including those re-read to rebuild state).
        public var records: Int64 = 0
        /// Of those, the ones before the committed offsets it started from.
        public var rebuilt: Int64 = 0
        /// Timer ticks fired.
        public var ticks: Int64 = 0
        /// Decisions published by this run.
        public var published: Int64 = 0
        /// Decisions the output topic already held (not published again).
        public var alreadyPublished: Int64 = 0
        /// Offsets committed last, per input topic.
        public var committed: [Int64] = []
        /// Records that are not ridematch records: (topic, offset), every one.
        public var skipped: [(topic: String, offset: Int64)] = []
        /// Wall-clock seconds.
        public var wallSeconds = 0.0
    }

    /// Brokers and input topic prefix.
    public var input: KafkaTarget
    /// Prefix of the output topic (`<outPrefix>matches`).
    public var outPrefix: String
    /// Consumer group whose offsets are committed.
    public var group: String
    /// Exit at the end of the topics (firing the timer ticks left before the horizon).
    public var untilEnd: Bool
    /// Input records processed between two commits (at most).
    public var commitEvery: Int = 10000

    /// A consumer configuration.
    public init(input: KafkaTarget, outPrefix: String, group: String, untilEnd: Bool) {
        self.input = input
        self.outPrefix = outPrefix
        self.group = group
        self.untilEnd = untilEnd
    }

    /// Runs the engine for `scenario` until the end of the topics (``untilEnd``) or until `stop` is raised.
    public func run(scenario: Scenario, stop: StopFlag) throws -> Outcome {
        let started = Date()
        let assembly = try RunAssembler.assemble(scenario)
        let manifest = StreamManifest(scenario: scenario, drivers: assembly.fleet.plans.count)
        var driver = StreamReplay.makeDriver(assembly, drivers: manifest.drivers)
        let startMs = KafkaRecords.startUnixMs(scenario.start)
        let streams = StreamName.engineInputs
        let topics = streams.map(input.topic)
        let outTopic = outPrefix + StreamName.matches.rawValue
        let producer = try KafkaProducer(brokers: input.brokers)
        try producer.ensureTopics(topics + [outTopic])
        let consumer = try KafkaConsumer(brokers: input.brokers, group: group, topics: topics)
        let committedAtStart = try consumer.committed()
        var outcome = Outcome()
        outcome.alreadyPublished = try producer.endOffset(of: outTopic)
        outcome.committed = committedAtStart
        try consumer.assign(from: topics.map { _ in 0 })

        var buffers: [[KafkaMessage]] = topics.map { _ in [] }
        var heads = topics.map { _ in 0 }
        var atEnd = topics.map { _ in false }
        var next = topics.map { _ in Int64(0) }  // next offset to read per topic, after what was processed
        var decoded: [Record?] = topics.map { _ in nil }
        var decodedOffset = topics.map { _ in Int64(0) }
        var pending: [Record] = []
        var scratch: [UInt8] = []
        var sinceCommit = 0

        func publishAndCommit() throws {
            for m in pending where m.offset >= outcome.alreadyPublished {
                try KafkaRecords.produce(m, topic: outTopic, startUnixMs: startMs, on: producer, scratch: &scratch)
                outcome.published += 1
            }
            pending.removeAll(keepingCapacity: true)
            let left = producer.flush(timeoutMs: 30000)
            guard left == 0, producer.failed == 0 else {
                throw KafkaError("kafka \(input.brokers): \(producer.inFlight + producer.failed) decisions not acknowledged "
                    + "on \(outTopic) (\(producer.firstError ?? "no acknowledgement in time")); offsets not committed")
            }
            // Never commit behind the group's committed position (while state is being rebuilt).
            if zip(next, committedAtStart).allSatisfy({ $0 >= $1 }), next != outcome.committed {
                try consumer.commit(next)
                outcome.committed = next
            }
            sinceCommit = 0
        }

        /// Fills topic i's head (a decoded record), skipping non-ridematch records; false if none is buffered.
        func fill(_ i: Int, timeoutMs: Int32) throws -> Bool {
            while decoded[i] == nil {
                if heads[i] == buffers[i].count {
                    buffers[i].removeAll(keepingCapacity: true)
                    heads[i] = 0
                    switch try consumer.read(i, timeoutMs: timeoutMs) {
                    case .records(let batch, let end): buffers[i] = batch; atEnd[i] = end
                    case .end: atEnd[i] = true; return false
                    case .nothing: return false
                    }
                }
                let m = buffers[i][heads[i]]
                heads[i] += 1
                if let r = KafkaRecords.decode(m, stream: streams[i], startUnixMs: startMs) {
                    decoded[i] = r
                    decodedOffset[i] = m.offset
                } else {
                    outcome.skipped.append((topics[i], m.offset))
                    next[i] = m.offset + 1  // every earlier record of this topic is processed
                }
            }
            return true
        }
        // A topic at its end is asked again for new records every 20 ms, not for every record.
        var endChecked = Date.distantPast
        while !stop.isRaised {
            var ready = true
            let recheck = endChecked.timeIntervalSinceNow < -0.02
            if recheck { endChecked = Date() }
            for i in topics.indices where decoded[i] == nil && (recheck || !atEnd[i] || heads[i] < buffers[i].count) {
                if try !fill(i, timeoutMs: 0), !atEnd[i] {
                    ready = false
                    _ = try fill(i, timeoutMs: 100)
                }
            }
            guard ready else { continue }
            var best = -1
            for i in topics.indices {
                guard let r = decoded[i] else { continue }
                if best < 0 || (r.arrivalTime, r.sequence) < (decoded[best]!.arrivalTime, decoded[best]!.sequence) { best = i }
            }
            if best < 0 {
                // Every topic is at its end.
                if untilEnd {
                    driver.finish(before: manifest.horizon, into: &pending)
                    break
                }
                if !pending.isEmpty || sinceCommit > 0 { try publishAndCommit() }
                continue
            }
            let record = decoded[best]!
            decoded[best] = nil
            next[best] = decodedOffset[best] + 1
            if next[best] <= committedAtStart[best] { outcome.rebuilt += 1 }
            driver.deliver(record, into: &pending)
            outcome.records += 1
            sinceCommit += 1
            if sinceCommit >= commitEvery { try publishAndCommit() }
        }
        if let failure = driver.engine.strategy.failure { throw failure }  // an external policy failed
        driver.engine.strategy.finish { [] }
        try publishAndCommit()
        outcome.ticks = driver.ticksFired
        outcome.wallSeconds = Date().timeIntervalSince(started)
        return outcome
    }
}
