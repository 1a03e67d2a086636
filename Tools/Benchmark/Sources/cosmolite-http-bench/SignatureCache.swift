import CosmosClient
import HTTPDates
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `x-ms-date` of the current second and the signature of the most recent (verb, link) under it, shared by the
/// load threads: a request to the same link in the same second reuses both, any other is signed afresh.
final class SignatureCache: Sendable {
    private struct Entry {
        var second: Int64
        var verb: String
        var link: String
        var date: String
        var authorization: String
    }

    private let signer: MasterKeySigner
    private let entry = Mutex<Entry?>(nil)

    init(signer: MasterKeySigner) {
        self.signer = signer
    }

    /// The date header value and the authorization header value for a request with `verb` on `link` now.
    func value(verb: String, link: String) -> (date: String, authorization: String) {
        let second = Self.wallClockSecond()
        if let cached = self.entry.withLock({ $0 }), cached.second == second, cached.verb == verb, cached.link == link {
            return (cached.date, cached.authorization)
        }
        let date = HTTPDate.string(secondsSince1970: second)
        let authorization = self.signer.authorization(verb: verb, resourceType: "docs", resourceLink: link, date: date)
        self.entry.withLock { $0 = Entry(second: second, verb: verb, link: link, date: date, authorization: authorization) }
        return (date, authorization)
    }

    /// Whole seconds since 1970 (`x-ms-date` has no finer resolution).
    private static func wallClockSecond() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &time)
        return Int64(time.tv_sec)
    }
}
