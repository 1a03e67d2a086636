import Foundation
import NIOCore

/// Why the server could not open its listening socket, in words that say what to do: NIO reports only the system
/// call and its errno ("bind(descriptor:ptr:bytes:): Address already in use").
public struct ListenFailure: Error, CustomStringConvertible {
    /// `host:port` as configured.
    public let address: String
    public let reason: String

    /// `nil` for errors that are not about the address itself.
    init?(_ error: IOError, address: String) {
        switch error.errnoCode {
        case EADDRINUSE:
            self.reason = "the address is already in use (is another server running on this port? choose another with --port)"
        case EACCES:
            self.reason = "permission denied (ports below 1024 need privileges; choose another with --port)"
        case EADDRNOTAVAIL:
            self.reason = "no network interface of this machine has this address (check --host)"
        default:
            return nil
        }
        self.address = address
    }

    public var description: String {
        "cannot listen on \(self.address): \(self.reason)"
    }
}
