/// The targets of performance.md ("Targets"), each checked on ratios measured in the same run.
enum PerformanceTarget: String, Codable, Sendable {
    /// Durable ingest, batch 1000: at least 2x SQLite WAL FULL and at least 0.8x the insertion-ordered C floor.
    case durableIngest
    /// No-sync ingest: at least 2x SQLite WAL NORMAL.
    case noSyncIngest
    /// Point read p50 at most 1.5x the floor.
    case pointRead
    /// Epoch range, range + filter and geo 5 km: p50 at or below SQLite's.
    case notSlowerThanSQLite

    var text: String {
        switch self {
        case .durableIngest: "≥ 2x SQLite FULL and ≥ 0.8x floor"
        case .noSyncIngest: "≥ 2x SQLite NORMAL"
        case .pointRead: "p50 ≤ 1.5x floor"
        case .notSlowerThanSQLite: "p50 ≤ SQLite p50"
        }
    }

    /// Whether the row meets the target; `nil` when a needed engine was not measured.
    func verdict(sqliteRatio: Double?, floorRatio: Double?) -> Bool? {
        switch self {
        case .durableIngest:
            guard let sqliteRatio, let floorRatio else { return nil }
            return sqliteRatio >= 2 && floorRatio >= 0.8
        case .noSyncIngest:
            return sqliteRatio.map { $0 >= 2 }
        case .pointRead:
            return floorRatio.map { $0 <= 1.5 }
        case .notSlowerThanSQLite:
            return sqliteRatio.map { $0 <= 1 }
        }
    }
}
