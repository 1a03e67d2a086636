@testable import CosmosGateway
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A request's task, resumed by a thread outside NIO (the store's completer), goes on on its connection's loop.
@Suite struct EventLoopTaskExecutorTests {
    @Test func aTaskResumedFromAnotherThreadContinuesOnThePreferredLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        for loop in group.makeIterator() {
            for _ in 0..<20 {
                let continuedOnLoop = await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: loop)) {
                    await withCheckedContinuation { continuation in
                        Thread.detachNewThread { continuation.resume() }
                    }
                    return loop.inEventLoop
                }
                #expect(continuedOnLoop)
            }
        }
        try await group.shutdownGracefully()
    }
}
