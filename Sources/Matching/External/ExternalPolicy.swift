import Core
import Foundation
import Traffic

/// A run failed because of its external policy: the one stderr line (after `error: `) names
/// the policy command, the decision epoch's time and what went wrong, e.g.
/// `policy 'python3 p.py': t=12.000 s: assign[0]: unknown request 99 (not pending in this decide)`.
/// An input error: the command exits with status 2 and writes no report.
public struct ExternalPolicyError: InputError, Equatable {
    /// The one-line message, without `error: `.
    public let description: String
}

/// The stateful side of ``ExternalStrategy``: the policy child process and the protocol
/// conversation with it (docs/external.md). The strategy value is copied freely; every copy
/// shares this one object, and a lock serialises the conversation.
///
/// The child starts at the first decision epoch (or at ``finish(summary:)`` if there was
/// none), gets `start`, then one `decide` per epoch in which at least one pending request has
/// a candidate, and `end` with the summary row. The first problem — the child cannot start,
/// exits, answers late, malformed or wrong — kills the child, becomes ``failure`` and raises
/// ``stopFlag``; from then on the policy decides nothing.
public final class ExternalPolicy: @unchecked Sendable {
    /// The command and the run facts of the `start` message.
    public let settings: ExternalPolicySettings
    /// The batch window (`start.batch_window_s`).
    public let batchWindow: Millis
    /// Fare rules of the `fare_quote` of each request.
    public let fare: FareRule
    /// Raised when the policy fails.
    public let stopFlag = StopFlag()
    private let lock = NSLock()
    private var process: PolicyProcess?
    private var error: ExternalPolicyError?
    private var finished = false
    /// Decision epochs sent to the policy so far.
    public private(set) var epochs = 0
    /// Until when each vehicle the policy moved counts as repositioning (by driver id).
    private var movingUntil: [Millis] = []
    /// When each vehicle the policy moved was sent (a later status change ends the move).
    private var movingSince: [Millis] = []
    /// The min-cost-flow rebalancer that carries out `idle_targets` (keeps who is en route).
    private var rebalancer = RebalancePolicy(settings: RepositioningSettings(interval: 1, maxMeters: 0, cruiseSpeed: 1, cruiseMeters: 0))

    /// A policy that has not started yet.
    public init(settings: ExternalPolicySettings, batchWindow: Millis, fare: FareRule) {
        self.settings = settings
        self.batchWindow = batchWindow
        self.fare = fare
    }

    /// The first problem of the run, if any.
    public var failure: ExternalPolicyError? {
        lock.lock(); defer { lock.unlock() }
        return error
    }

    private var command: String { settings.command ?? "" }

    /// One decision epoch: sends `decide` with every candidate of `requests` (the search the
    /// built-in strategies use, nearest first), waits for the answer, checks it and carries it
    /// out: every assigned driver is marked taken and returned, every move (`reposition`, and
    /// the rebalancer's plan for `idle_targets`) is appended to `moves`. Decides nothing once
    /// the policy has failed.
    func decide(
        _ requests: [PendingRequest], search: inout CandidateSearch, moves: inout [RepositionDecision]
    ) -> [Assignment] {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, !finished, !requests.isEmpty else { return [] }
        let candidates = requests.map { search.candidates(for: $0) }
        let vehicles = vehicleList(candidates, search: search)
        guard settings.listsAvailableVehicles ? !vehicles.isEmpty : candidates.contains(where: { !$0.isEmpty }) else { return [] }
        let time = search.now
        do {
            let process = try running(at: time, zones: PolicyMessages.cityZones(search.traffic).map { search.traffic.table.zones[$0] })
            try process.send(bytes: PolicyMessages.decide(
                requests, candidates: candidates, vehicles: vehicles, search: search, fare: fare, seats: settings.seats,
                columns: settings.columns, repositioning: { [movingSince, movingUntil] d in
                    Int(d) < movingUntil.count && time < movingUntil[Int(d)]
                        && search.drivers.rows[Int(d)].statusTime <= movingSince[Int(d)]
                }))
            epochs += 1
            let line = try process.readLine(timeout: Double(settings.timeout) / 1000)
            let answer = try PolicyMessages.answer(line, requests: requests, candidates: candidates, search: search)
            for a in answer.assignments { search.take(a.candidate.driver) }
            carryOut(answer, search: search, into: &moves)
            return answer.assignments
        } catch let problem as AnswerProblem {
            fail(at: time, problem.message)
        } catch let io as PolicyIOError {
            fail(at: time, describe(io, answering: true))
        } catch {
            fail(at: time, "\(error)")
        }
        return []
    }

    /// The vehicles a `decide` lists, by id: every available vehicle with a fresh location
    /// (`vehicles: available`), else those that are a candidate of at least one request.
    private func vehicleList(_ candidates: [[Candidate]], search: CandidateSearch) -> [Int32] {
        if settings.listsAvailableVehicles {
            return (0..<Int32(search.drivers.rows.count)).filter { search.isFreeAndFresh($0) }
        }
        var vehicles = Set<Int32>()
        for list in candidates { for c in list { vehicles.insert(c.driver) } }
        return vehicles.sorted()
    }

    /// The answer's moves as reposition decisions: its own `reposition` list first, then the
    /// min-cost-flow rebalancer's plan (``RebalancePolicy``) towards its `idle_targets`, over
    /// the idle vehicles it neither assigned nor moved. A moved vehicle counts as
    /// `repositioning` until its predicted arrival (at least one batch window).
    private func carryOut(_ answer: PolicyAnswer, search: CandidateSearch, into moves: inout [RepositionDecision]) {
        let now = search.now, count = search.drivers.rows.count
        if movingUntil.count != count {
            movingUntil = Array(repeating: .min, count: count)
            movingSince = Array(repeating: .min, count: count)
        }
        var sent = answer.moves.map { RepositionDecision(driver: $0.driver, target: $0.to, time: now) }
        if let targets = answer.idleTargets {
            var view = search
            for d in sent.map(\.driver) + answer.assignments.map(\.candidate.driver) { view.drivers.rows[Int(d)].status = .busy }
            let settings = RepositioningSettings(
                interval: batchWindow, maxMeters: .infinity, cruiseSpeed: 1, cruiseMeters: 0)
            sent += rebalancer.reposition(PlatformView(
                now: now, hourOfWeek: search.hourOfWeek, interval: batchWindow, forecast: targets, search: view,
                settings: settings))
        }
        let rows = search.drivers.rows
        for decision in sent {
            let d = Int(decision.driver)
            let eta = search.travel.trip(from: rows[d].location, to: decision.target, hourOfWeek: search.hourOfWeek).seconds
            movingUntil[d] = now + max(batchWindow, .fromSeconds(eta.isFinite ? eta : 0))
            movingSince[d] = now
        }
        moves += sent
    }

    /// Ends the conversation: sends `end` with the summary row and gives the child its
    /// timeout to exit (then kills it). Does nothing after a failure or a second time.
    func finish(summary: () -> [(name: String, json: String)]) {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, !finished, settings.command != nil else { return }
        finished = true
        guard let process = try? running(at: nil, zones: []) else { return }
        try? process.send(PolicyMessages.end(summary: summary()))
        process.finish(grace: Double(settings.timeout) / 1000)
        self.process = nil
    }

    /// The child, started (with its `start` message listing `zones`) if it is not yet.
    private func running(at time: Millis?, zones: [TrafficZone]) throws -> PolicyProcess {
        if let process { return process }
        let process: PolicyProcess
        do {
            process = try PolicyProcess(command: command)
        } catch PolicyIOError.spawn(let reason) {
            throw AnswerProblem(message: "could not start: \(reason)")
        }
        self.process = process
        try process.send(PolicyMessages.start(settings, batchWindow: batchWindow, zones: zones))
        return process
    }

    private func describe(_ io: PolicyIOError, answering: Bool) -> String {
        let tail = process?.lastStderrLine ?? ""
        let last = "last stderr line: " + (tail.isEmpty ? "(none)" : "'\(tail)'")
        switch io {
        case .spawn(let reason): return "could not start: \(reason)"
        case .exited(let status?): return "exited with status \(status) before answering; \(last)"
        case .exited(nil): return "closed its stdout before answering; \(last)"
        case .timedOut:
            return "no answer within \(PolicyMessages.number(Double(settings.timeout) / 1000)) s (killed); \(last)"
        }
    }

    private func fail(at time: Millis?, _ message: String) {
        let when = time.map { String(format: "t=%.3f s: ", $0.seconds) } ?? ""
        error = ExternalPolicyError(description: oneLine("policy '\(command)': \(when)\(message)"))
        process?.close(kill: true)
        process = nil
        stopFlag.raise()
    }
}
