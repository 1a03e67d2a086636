import NIOCore

/// The first handler of a TLS connection: a client that speaks plain HTTP to the TLS port (an `http://` endpoint
/// against the default `https://` server) gets a readable plain-text 400 that says to use https, instead of a TLS
/// alert or a silent close that SDKs report as a dropped connection and retry.
///
/// A TLS connection starts with a handshake record (first byte 0x16; SSL 2 hellos 0x80 and above), an HTTP/1 request
/// with its method in capitals, so the first byte tells them apart. After that byte the handler removes itself.
final class PlaintextRequestDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let answer: String = {
        let body = #"{"code":"BadRequest","message":"This port serves HTTPS and the request came as plain HTTP: use an https:// endpoint (or start the server with --tls off)."}"#
        return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + body
    }()

    /// Set once the plain-text answer is on its way: anything more the client sends is dropped.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if self.refused { return }
        let bytes = self.unwrapInboundIn(data)
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else {
            return context.fireChannelRead(data)  // an empty read: decide on the next one
        }
        guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        self.refused = true
        let channel = context.channel
        var answer = channel.allocator.buffer(capacity: Self.answer.utf8.count)
        answer.writeString(Self.answer)
        context.writeAndFlush(self.wrapOutboundOut(answer)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
