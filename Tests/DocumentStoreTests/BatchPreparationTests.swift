@testable import DocumentStore
import StoreTestSupport
import Testing

/// Batch bodies are prepared before the commit, but a batch still fails at its first failing step, in step order,
/// and writes nothing.
@Suite struct BatchPreparationTests {
    static func failure(of steps: [BatchStep], in container: Container) async -> BatchFailure? {
        do {
            _ = try await container.batch(steps, partitionKey: .string("a"))
            return nil
        } catch let failure as BatchFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func anEarlierStepFailsFirstEvenWhenALaterBodyIsInvalid() async throws {
        try await withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let failure = await Self.failure(of: [
                .read(id: "missing", condition: .none),
                .create(body: Array("{not json".utf8)),
            ], in: container)
            #expect(failure?.index == 0)
            #expect(failure?.error.code == .notFound)
        }
    }

    @Test func anInvalidBodyFailsAtItsStepAndRollsBackTheOthers() async throws {
        try await withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let failure = await Self.failure(of: [
                .create(body: Array(#"{"id":"x","pk":"a"}"#.utf8)),
                .upsert(body: Array(#"{"id":"y","pk":"b"}"#.utf8), condition: .none),
            ], in: container)
            #expect(failure?.index == 1)
            #expect(failure?.error.code == .badRequest)
            #expect(try await container.read(id: "x", partitionKey: .string("a")) == nil)
        }
    }
}
