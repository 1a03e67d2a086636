import BenchmarkSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One keep-alive HTTP/1.1 connection to the server on 127.0.0.1, driven by blocking calls from one thread.
///
/// The load rows measure the server, but client and server share the machine's two cores: AsyncHTTPClient spent
/// 200-400 µs of CPU per request, more than the server, so it capped what could be measured. This client writes a
/// request prepared as bytes and reads the answer with a minimal parser (status line, `Content-Length` body, a header
/// on request), a few microseconds per request besides the two system calls.
final class LoopbackConnection {
    /// One answer: its status, header block and body, valid until the next ``exchange(_:)``.
    struct Response {
        let status: Int
        /// The header lines, `name: value` separated by CRLF, as received.
        let headerBlock: ArraySlice<UInt8>
        let body: ArraySlice<UInt8>

        /// The value of the first header named `name` (compared without regard to ASCII case).
        func header(_ name: String) -> String? {
            let wanted = Array(name.lowercased().utf8)
            var lineStart = self.headerBlock.startIndex
            while lineStart < self.headerBlock.endIndex {
                let lineEnd = self.headerBlock[lineStart...].firstIndex(of: UInt8(ascii: "\r")) ?? self.headerBlock.endIndex
                let line = self.headerBlock[lineStart..<lineEnd]
                if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon - lineStart == wanted.count,
                    zip(line[lineStart..<colon], wanted).allSatisfy({ Self.lowercased($0.0) == $0.1 })
                {
                    let value = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }
                    return String(decoding: value, as: UTF8.self)
                }
                lineStart = lineEnd + 2
            }
            return nil
        }

        private static func lowercased(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        }
    }

    private let socket: Int32
    /// Received bytes live in `buffer[0..<filled]`; the answer being read starts at 0 and `consumed` bytes of it were
    /// handed out. The buffer keeps its size between answers (growing only for an answer larger than it), so a
    /// `recv` costs no clearing of fresh memory.
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var filled = 0
    private var consumed = 0

    /// Connects to `127.0.0.1:port` (Nagle off: a request is one write and must leave at once).
    init(port: Int) throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw BenchmarkError("connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.socket = descriptor
    }

    deinit {
        close(self.socket)
    }

    /// Sends `request` (a complete HTTP/1.1 request) and reads its answer.
    func exchange(_ request: [UInt8]) throws -> Response {
        try self.send(request)
        while true {
            if let response = try self.nextResponse() { return response }
            _ = try self.receiveMore(waiting: true)
        }
    }

    /// Sends `request` whole (a complete HTTP/1.1 request); its answer is read later with ``receiveReady()``.
    func send(_ request: [UInt8]) throws {
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let written = Glibc.send(self.socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw BenchmarkError("send failed: errno \(errno)") }
                sent += written
            }
        }
    }

    /// The descriptor to wait on (with `poll`) for an answer to arrive.
    var descriptor: Int32 { self.socket }

    /// Reads what has arrived without waiting, and returns the answer once it is complete.
    func receiveReady() throws -> Response? {
        if let response = try self.nextResponse() { return response }
        while try self.receiveMore(waiting: false) {
            if let response = try self.nextResponse() { return response }
        }
        return nil
    }

    /// The next complete answer among the bytes received, if there is one; the previous answer's bytes are dropped.
    private func nextResponse() throws -> Response? {
        if self.consumed > 0 {
            // Keep what arrived after the last answer (nothing, normally: one request is in flight at a time).
            let remaining = self.filled - self.consumed
            if remaining > 0 {
                let consumed = self.consumed
                self.buffer.withUnsafeMutableBytes { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + consumed, remaining)
                }
            }
            self.filled = remaining
            self.consumed = 0
        }
        guard let headerEnd = Self.endOfHeaders(in: self.buffer[0..<self.filled], from: 0) else { return nil }
        let head = self.buffer[0..<headerEnd]
        guard let firstLineEnd = head.firstIndex(of: UInt8(ascii: "\r")), firstLineEnd >= 12,
            let status = Int(String(decoding: head[9..<12], as: UTF8.self))
        else {
            throw BenchmarkError("not an HTTP response: \(String(decoding: head.prefix(80), as: UTF8.self))")
        }
        let headerRange = (firstLineEnd + 2)..<max(firstLineEnd + 2, headerEnd - 4)
        let lengthText = Response(status: status, headerBlock: self.buffer[headerRange], body: []).header("content-length")
        guard let length = lengthText.map({ Int($0) }) ?? 0 else { throw BenchmarkError("bad Content-Length: \(lengthText ?? "")") }
        guard self.filled >= headerEnd + length else { return nil }
        self.consumed = headerEnd + length
        return Response(status: status, headerBlock: self.buffer[headerRange], body: self.buffer[headerEnd..<(headerEnd + length)])
    }

    /// The index just past `\r\n\r\n`, if `bytes` holds it at or after `start`.
    private static func endOfHeaders(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 3 < bytes.endIndex {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index + 4 }
            index += 1
        }
        return nil
    }

    /// Receives what the socket has into the free end of the buffer, doubling the buffer first when it is full.
    /// Without `waiting`, returns false at once when nothing has arrived.
    private func receiveMore(waiting: Bool) throws -> Bool {
        if self.filled == self.buffer.count {
            self.buffer.append(contentsOf: repeatElement(0, count: self.buffer.count))
        }
        let filled = self.filled
        let count = self.buffer.withUnsafeMutableBytes { bytes in
            recv(self.socket, bytes.baseAddress! + filled, bytes.count - filled, waiting ? 0 : Int32(MSG_DONTWAIT))
        }
        if count < 0 && !waiting && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
        if count == 0 { throw BenchmarkError("the server closed the connection") }
        if count < 0 { throw BenchmarkError("recv failed: errno \(errno)") }
        self.filled += count
        return true
    }
}
