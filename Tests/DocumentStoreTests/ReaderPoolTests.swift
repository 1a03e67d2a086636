@testable import DocumentStore
import Synchronization
import StoreTestSupport
import Testing

/// The reader threads behind the async read API: every job runs exactly once, from any number of callers, and a
/// stopped pool refuses new work but finishes what was queued.
@Suite struct ReaderPoolTests {
    @Test func everyJobRunsExactlyOnce() async {
        let pool = ReaderPool(threadCount: 3)
        let runs = Shared<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<2000 {
                group.addTask {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let accepted = pool.submit {
                            runs.withLock { $0.append(index) }
                            continuation.resume()
                        }
                        #expect(accepted)
                    }
                }
            }
        }
        #expect(runs.withLock { $0.sorted() } == Array(0..<2000))
        pool.stop()
    }

    @Test func aStoppedPoolFinishesQueuedWorkAndRefusesNewWork() async {
        let pool = ReaderPool(threadCount: 1)
        let release = ConditionLock()
        let gate = Shared(false)
        let finished = Shared(0)
        // The first job holds the only thread until the pool has been stopped; the second waits in the queue.
        await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
            _ = pool.submit {
                started.resume()
                release.withLock { while !gate.withLock({ $0 }) { release.wait() } }
                finished.withLock { $0 += 1 }
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            #expect(pool.submit {
                finished.withLock { $0 += 1 }
                done.resume()
            })
            pool.stop()
            #expect(!pool.submit { Issue.record("a job submitted after stop ran") })
            release.withLock {
                gate.withLock { $0 = true }
                release.signal()
            }
        }
        #expect(finished.withLock { $0 } == 2)
    }

    @Test func asyncReadsStillWorkAfterClose() async throws {
        try await withTemporaryStore { store in
            let container = try makeContainer(in: store)
            _ = try await container.write(Array(#"{"id":"a","pk":"p"}"#.utf8), mode: .upsert, partitionKey: .string("p"))
            store.close()
            let count = try await store.read { snapshot in snapshot.catalog.allContainers.count }
            #expect(count == 1)
        }
    }
}

/// A value shared between a test and the pool's threads.
private final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { self.value.withLock { body(&$0) } }
}
