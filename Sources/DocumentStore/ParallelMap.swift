import Dispatch

/// Maps indexes to values on all cores (for CPU-bound preparation of many documents).
enum ParallelMap {
    static func map<T: Sendable>(count: Int, _ transform: (Int) -> T) -> [T] {
        let workers = max(1, min(count / 32, 8))
        let chunk = (count + workers - 1) / workers
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = SendableBuffer(buffer: buffer)
            withoutActuallyEscaping(transform) { transform in
                let work = UnsafeTransform(transform: transform)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let start = worker * chunk
                    let end = min(count, start + chunk)
                    guard start < end else { return }
                    for index in start..<end {
                        output.buffer[index] = work.transform(index)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// The output buffer shared by the workers.
    // @unchecked Sendable: each worker writes a disjoint index range, and the buffer outlives concurrentPerform.
    private struct SendableBuffer<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T?>
    }

    /// The transform shared by the workers.
    // @unchecked Sendable: the callers' transforms only read their captures (documents, properties), never write.
    private struct UnsafeTransform<T>: @unchecked Sendable {
        let transform: (Int) -> T
    }
}
