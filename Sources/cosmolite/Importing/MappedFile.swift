#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory, so that an import of a file larger than memory pages it in and out as the
/// kernel sees fit instead of copying it onto the heap (the file's pages are clean and can always be dropped).
final class MappedFile {
    /// The file's bytes; valid while this object lives.
    let bytes: UnsafeRawBufferPointer

    /// - Throws: ``ValidationErrorMessage`` naming the file and the system's reason.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ValidationErrorMessage("cannot read \(path): \(Self.reason(errno))") }
        defer { close(descriptor) }
        // The end of a regular file is its size; a pipe or a directory has none to map.
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else { throw ValidationErrorMessage("cannot read \(path): not a regular file (\(Self.reason(errno)))") }
        let size = Int(end)
        guard size > 0 else {
            self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw ValidationErrorMessage("cannot map \(path) into memory: \(Self.reason(errno))")
        }
        // Read front to back: let the kernel read ahead and drop what was read.
        madvise(address, size, Int32(MADV_SEQUENTIAL))
        self.bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = self.bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), self.bytes.count)
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
