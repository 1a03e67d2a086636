import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts the store's own threads under names the operating system shows (`top -H`, `perf`, `gdb`,
/// `/proc/PID/task/*/comm`). On Linux, Foundation's `Thread.name` set before `start()` never reaches the kernel, so
/// every store thread carried the name of whichever thread opened the store (an event loop of the server).
enum NamedThread {
    /// Starts `body` on a new thread called `name` (at most 15 bytes: the kernel keeps no more).
    static func start(_ name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        precondition(name.utf8.count <= 15, "thread name '\(name)' is longer than the kernel keeps")
        let thread = Thread {
            self.nameCurrentThread(name)
            body()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// Writes the name where Linux keeps it for the calling thread (`pthread_setname_np` and `prctl` are not
    /// importable into Swift); elsewhere, and if `/proc` is missing, the thread keeps its inherited name.
    private static func nameCurrentThread(_ name: String) {
        #if canImport(Glibc)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var bytes = Array(name.utf8)
        _ = write(descriptor, &bytes, bytes.count)
        #endif
    }
}
