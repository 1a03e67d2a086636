import Foundation
import JSON
import QueryEngine

/// The opt-in query diagnostics of the REST API, built from what the engine really measured: the metrics line asked
/// for by `x-ms-documentdb-populatequerymetrics` and the index report asked for by `x-ms-cosmos-populateindexmetrics`
/// (`populate_query_metrics` and `populate_index_metrics` in the Python SDK), for tuning a dashboard's queries.
enum QueryDiagnostics {
    /// `key=value` pairs separated by `;`, in the service's names. Only measured quantities are listed (the service's
    /// split of the time into compile, index lookup, load and so on is not: one timer covers the page).
    static func metrics(_ page: QueryPage, rows: QueryRows, elapsed: Duration) -> String {
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        let examined = page.metrics.documentsExamined
        // The share of the documents read that the filter kept: 1 when the access path delivered only matches.
        let utilization = examined == 0 ? 1.0 : Double(page.metrics.rowsMatched) / Double(examined)
        return [
            "totalExecutionTimeInMs=\(RequestCharge.format(milliseconds))",
            "retrievedDocumentCount=\(examined)",
            "outputDocumentCount=\(rows.count)",
            "outputDocumentSize=\(rows.byteCount)",
            "indexUtilizationRatio=\(RequestCharge.format(utilization))",
        ].joined(separator: ";")
    }

    /// Base64 of the service's JSON report: the range or spatial index the plan used (none for point reads, partition
    /// scans, counters and full scans), with the WHERE it served. Cosmolite never suggests indexes, so the
    /// "potential" lists stay empty.
    static func indexUtilization(_ plan: QueryPlan) -> String {
        var utilized: [JSONValue] = []
        switch plan.accessPath {
        case .rangeIndex(let path, _, _):
            utilized.append(Self.index(path, filter: plan.filter, precise: true))
        case .spatialIndex(let path, _, _):
            // The index narrows to a bounding box; the exact distance or containment is checked on each candidate.
            utilized.append(Self.index(path, filter: plan.filter, precise: false))
        case .pointRead, .partition, .counters, .fullScan, .noInput:
            break
        }
        let report: JSONValue = [
            "UtilizedSingleIndexes": .array(utilized),
            "PotentialSingleIndexes": [],
            "UtilizedCompositeIndexes": [],
            "PotentialCompositeIndexes": [],
        ]
        return Data(JSONWriter.bytes(from: report)).base64EncodedString()
    }

    private static func index(_ path: [String], filter: String?, precise: Bool) -> JSONValue {
        [
            "FilterExpression": .string(filter ?? ""),
            "IndexSpec": .string("/" + path.joined(separator: "/") + "/?"),
            "FilterPreciseSet": .bool(precise),
            "IndexPreciseSet": true,
            "IndexImpactScore": "High",
        ]
    }
}
