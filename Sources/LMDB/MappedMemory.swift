import CLMDB

/// Hints for reading values in the memory map, whose pages are often cold when a scan reaches them.
public enum MappedMemory {
    /// Starts loading `bytes` into cache, so that a value about to be copied or parsed costs one overlapped wait
    /// instead of one cache miss per line.
    @inline(__always)
    public static func prefetch(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress else { return }
        cosmolite_prefetch(start, bytes.count)
    }
}
