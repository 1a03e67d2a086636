/// The sizes and limits of one run, as the command line set them.
struct HTTPBenchmarkOptions: Sendable {
    var events: Int
    var seed: UInt64
    /// Concurrent clients of the single-upsert and concurrent-read rows.
    var clients: Int
    /// Rounds of the single-upsert row (the median is reported).
    var upsertRounds: Int
    /// Concurrent clients of the transactional batch row.
    var batchClients: Int
    /// Largest batch (the service's limit is 100 operations).
    var batchSize: Int
    /// Measured single-client point reads.
    var reads: Int
    /// Measured point reads across the concurrent readers.
    var concurrentReads: Int
    /// Measured queries.
    var queries: Int
    /// Documents of the start-up data set; 0 skips the start-up row.
    var startupDocuments: Int
    var startupRuns: Int
    var idleSeconds: Double
    /// No phase runs longer than this (it stops early and the table says so).
    var phaseSeconds: Double
}
