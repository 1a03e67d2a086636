#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Forbids starting a transaction on a thread that already runs one.
///
/// LMDB allows one transaction per thread, and a nested begin on the same thread can deadlock against a pending map
/// resize (the thread would wait for a lock it holds). Misuse is a programming error, so it is a precondition failure.
enum TransactionNesting {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let result = pthread_key_create(&key, nil)
        precondition(result == 0, "pthread_key_create failed: \(result)")
        return key
    }()

    /// Whether the calling thread is inside a transaction body.
    static var isActive: Bool {
        pthread_getspecific(self.key) != nil
    }

    static func enter() {
        precondition(
            !self.isActive,
            "LMDB transactions do not nest: this thread is already inside a transaction (read or write)."
        )
        pthread_setspecific(self.key, UnsafeRawPointer(bitPattern: 1))
    }

    static func leave() {
        pthread_setspecific(self.key, nil)
    }
}
