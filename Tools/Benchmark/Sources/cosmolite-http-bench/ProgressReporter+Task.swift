import BenchmarkSupport

extension ProgressReporter {
    /// A task that reports `done` of `total` every quarter second (lines at the reporter's interval) until cancelled:
    /// the progress of a load whose requests run elsewhere.
    static func reportingTask(_ label: String, done: SharedCounter, total: Int, unit: String) -> Task<Void, Never> {
        Task {
            var progress = ProgressReporter()
            progress.begin(label)
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                progress.update(done: done.value, total: total, unit: unit)
            }
        }
    }
}
