import Dispatch
import Foundation
import Traffic

/// Data-parallel loops with results in index order, so a parallel build equals a one-thread one.
enum Parallel {
    /// Threads for `items` independent insertion checks with `travel`: every active core for
    /// the straight-line model (closed-form, no scratch state) and enough work; one otherwise
    /// (a searching model's queries go through one workspace and one memo).
    static func workers(for travel: any TravelModel, items: Int) -> Int {
        guard travel.straightLineModel != nil, items >= 64 else { return 1 }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `(0..<count).map(body)`, computed on up to `workers` threads (`body` must be safe to call concurrently).
    static func map<T>(_ count: Int, workers: Int, _ body: (Int) -> T) -> [T] {
        guard workers > 1, count > 1 else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let results = UnsafeMutablePointer<T>.allocate(capacity: count)
            defer { results.deallocate() }
            nonisolated(unsafe) let out = results
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { i in (out + i).initialize(to: work(i)) }
            return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                (buffer.baseAddress!).moveInitialize(from: results, count: count)
                initialized = count
            }
        }
    }
}
