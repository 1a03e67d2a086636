#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock that lets the map be resized safely.
///
/// `mdb_env_set_mapsize` may only run while no transaction of this process is alive, and LMDB does not check that.
/// Every transaction therefore holds this lock shared for its whole life, and a resize takes it exclusively. The lock
/// prefers writers so that a stream of readers cannot starve a pending resize.
// @unchecked Sendable: the only state is a pthread rwlock, which is itself the synchronisation.
final class MapGate: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        self.lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if os(Linux)
        pthread_rwlockattr_setkind_np(&attributes, CInt(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        let result = pthread_rwlock_init(self.lock, &attributes)
        precondition(result == 0, "pthread_rwlock_init failed: \(result)")
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(self.lock)
        self.lock.deallocate()
    }

    @inline(__always)
    func lockShared() {
        let result = pthread_rwlock_rdlock(self.lock)
        precondition(result == 0, "pthread_rwlock_rdlock failed: \(result)")
    }

    @inline(__always)
    func unlockShared() {
        pthread_rwlock_unlock(self.lock)
    }

    func withExclusiveAccess<R>(_ body: () throws -> R) rethrows -> R {
        let result = pthread_rwlock_wrlock(self.lock)
        precondition(result == 0, "pthread_rwlock_wrlock failed: \(result)")
        defer { pthread_rwlock_unlock(self.lock) }
        return try body()
    }
}
