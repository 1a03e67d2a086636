import HTTPTypes

/// The `x-ms-*` headers the Cosmos REST protocol uses (standard ones such as `authorization` and `if-match` come
/// from HTTPTypes).
extension HTTPField.Name {
    static let msDate = HTTPField.Name("x-ms-date")!
    static let msVersion = HTTPField.Name("x-ms-version")!
    static let activityID = HTTPField.Name("x-ms-activity-id")!
    static let requestCharge = HTTPField.Name("x-ms-request-charge")!
    static let partitionKey = HTTPField.Name("x-ms-documentdb-partitionkey")!
    static let isUpsert = HTTPField.Name("x-ms-documentdb-is-upsert")!
    static let isQuery = HTTPField.Name("x-ms-documentdb-isquery")!
    static let enableCrossPartition = HTTPField.Name("x-ms-documentdb-query-enablecrosspartition")!
    static let maxItemCount = HTTPField.Name("x-ms-max-item-count")!
    static let continuation = HTTPField.Name("x-ms-continuation")!
    static let partitionKeyRangeID = HTTPField.Name("x-ms-documentdb-partitionkeyrangeid")!
    static let readKeyType = HTTPField.Name("x-ms-read-key-type")!
    static let startEPK = HTTPField.Name("x-ms-start-epk")!
    static let endEPK = HTTPField.Name("x-ms-end-epk")!
    static let isQueryPlanRequest = HTTPField.Name("x-ms-cosmos-is-query-plan-request")!
    static let supportedQueryFeatures = HTTPField.Name("x-ms-cosmos-supported-query-features")!
    static let isBatchRequest = HTTPField.Name("x-ms-cosmos-is-batch-request")!
    static let batchAtomic = HTTPField.Name("x-ms-cosmos-batch-atomic")!
    static let batchContinueOnError = HTTPField.Name("x-ms-cosmos-batch-continue-on-error")!
    static let aIM = HTTPField.Name("a-im")!
    static let etag = HTTPField.Name("etag")!
    static let itemCount = HTTPField.Name("x-ms-item-count")!
    static let offerThroughput = HTTPField.Name("x-ms-offer-throughput")!
    static let autopilotSettings = HTTPField.Name("x-ms-cosmos-offer-autopilot-settings")!
    static let prefer = HTTPField.Name("prefer")!
    static let substatus = HTTPField.Name("x-ms-substatus")!
    static let queryPlan = HTTPField.Name("x-ms-cosmolite-query-plan")!
    static let populateQueryMetrics = HTTPField.Name("x-ms-documentdb-populatequerymetrics")!
    static let queryMetrics = HTTPField.Name("x-ms-documentdb-query-metrics")!
    static let populateIndexMetrics = HTTPField.Name("x-ms-cosmos-populateindexmetrics")!
    static let indexUtilization = HTTPField.Name("x-ms-cosmos-index-utilization")!
    /// Cosmolite only, on create/upsert/replace/patch answers: `created`, `replaced` or `unchanged`. The status cannot say
    /// it (an upsert answers 200 both for a replace and for a re-delivered equal body), and importers count them apart.
    static let writeOutcome = HTTPField.Name("x-ms-cosmolite-write-outcome")!
    static let priorityLevel = HTTPField.Name("x-ms-cosmos-priority-level")!
    static let consistencyLevel = HTTPField.Name("x-ms-consistency-level")!
    static let serviceVersion = HTTPField.Name("x-ms-serviceversion")!
}
