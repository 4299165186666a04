import Foundation

/// The registered entries of one kind (strategies, repositioning policies), by name, in
/// registration order: the only list of their names. The built-ins are listed where the
/// registry is declared; ``register(_:name:)`` adds one more (an embedding program's own
/// type). A registry is also scoped to a task: see ``StrategyRegistry/withRegistered(_:_:)``,
/// which a test uses so that its own types are seen by its runs alone. Safe from any thread.
public final class Registry<Entry>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(name: String, entry: Entry)]

    /// A registry holding `entries` (name, entry), in that order.
    public init(_ entries: [(String, Entry)]) {
        self.entries = entries.map { (name: $0.0, entry: $0.1) }
    }

    /// Every entry, in registration order.
    public var all: [Entry] { lock.withLock { entries.map(\.entry) } }

    /// Every name, in registration order.
    public var names: [String] { lock.withLock { entries.map(\.name) } }

    /// The entry registered under `name`, if any.
    public func entry(named name: String) -> Entry? {
        lock.withLock { entries.first { $0.name == name }?.entry }
    }

    /// A new registry with the same entries (registering into it leaves this one as it is).
    public func copy() -> Registry<Entry> {
        lock.withLock { Registry(entries.map { ($0.name, $0.entry) }) }
    }

    /// Registers `entry` under `name`; registering a name again replaces its entry (in place).
    public func register(_ entry: Entry, name: String) {
        lock.withLock {
            if let i = entries.firstIndex(where: { $0.name == name }) {
                entries[i].entry = entry
            } else {
                entries.append((name, entry))
            }
        }
    }
}
