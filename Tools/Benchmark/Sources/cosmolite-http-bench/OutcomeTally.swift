import BenchmarkSupport

/// Counts what concurrent writes answered (created, replaced or unchanged, anything else), so that a run that
/// measured fast but wrote the wrong thing says so.
final class OutcomeTally: Sendable {
    let created = SharedCounter()
    /// Replaced or unchanged: a re-delivered event.
    let rewritten = SharedCounter()
    let failed = SharedCounter()

    /// Counts one HTTP write status: 201 created, 200 replaced or unchanged, anything else failed.
    func count(status: Int) {
        switch status {
        case 201: self.created.add()
        case 200: self.rewritten.add()
        default: self.failed.add()
        }
    }

    func add(created: Int, rewritten: Int, failed: Int) {
        self.created.add(created)
        self.rewritten.add(rewritten)
        self.failed.add(failed)
    }

    /// Every write counted.
    var total: Int {
        self.created.value + self.rewritten.value + self.failed.value
    }

    /// `49,950 created + 50 re-deliveries`, and the failures if any.
    var text: String {
        let failed = self.failed.value
        return "\(Format.integer(self.created.value)) created + "
            + "\(Format.integer(self.rewritten.value)) re-deliveries" + (failed > 0 ? " + \(failed) FAILED" : "")
    }

    /// A warning when the counts differ from `distinct` new events and `redelivered` re-deliveries.
    func mismatch(distinct: Int, redelivered: Int, what: String) -> String? {
        let created = self.created.value
        let rewritten = self.rewritten.value
        let failed = self.failed.value
        guard created != distinct || rewritten != redelivered || failed != 0 else { return nil }
        return "WARNING: \(what): \(created) created, \(rewritten) replaced or unchanged, \(failed) failed; expected \(distinct) created "
            + "and \(redelivered) re-deliveries"
    }
}
