#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable, for the writer's and the readers' queues: callers signal, the threads wait.
// @unchecked Sendable: the pthread mutex and condition are themselves the synchronisation.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(self.mutex, nil)
        pthread_cond_init(self.condition, nil)
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deallocate()
        self.mutex.deallocate()
    }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        return try body()
    }

    /// Waits for a signal; call only while holding the lock (inside ``withLock(_:)``).
    func wait() {
        pthread_cond_wait(self.condition, self.mutex)
    }

    /// Waits for a signal or until `deadlineMillis` (wall clock, milliseconds since 1970); call only while holding
    /// the lock.
    func wait(untilMillis deadlineMillis: Int64) {
        var deadline = timespec()
        deadline.tv_sec = time_t(deadlineMillis / 1000)
        deadline.tv_nsec = Int((deadlineMillis % 1000) * 1_000_000)
        pthread_cond_timedwait(self.condition, self.mutex, &deadline)
    }

    func signal() {
        pthread_cond_signal(self.condition)
    }

    func broadcast() {
        pthread_cond_broadcast(self.condition)
    }
}
