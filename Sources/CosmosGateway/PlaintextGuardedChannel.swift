import HummingbirdCore
import Logging
import NIOCore

/// A TLS child channel with a ``PlaintextRequestDetector`` in front of its TLS handler, so that plain HTTP sent to
/// the TLS port is answered with a readable 400 instead of being dropped.
struct PlaintextGuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(PlaintextRequestDetector(), position: .first)
        }.flatMap {
            self.base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}
