/// Counts the documents a page parsed whole into a JSON tree (``QueryMetrics/documentsMaterialized``), so tests can
/// prove that filters and projections on fields work on stored bytes. A class so that every ``LazyDocument`` of a
/// page adds to one count; a page runs on one thread, so a plain integer suffices.
final class MaterializationCounter {
    private(set) var count = 0

    init() {}

    func record() {
        self.count += 1
    }
}
