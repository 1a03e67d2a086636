"""What the SDK reads from the wire beyond the bodies: activity ids, item counts, the partition key range of document
answers (and so no /pkranges polling after writes, trap 14.3), no session token; plus SDK paths that depend on them:
replace_container with a new indexing policy, the undefined partition key, GROUP BY across partitions (an
extension: the emulator refuses it), consistency levels a request may ask for, and the opt-in query and index
metrics."""

import uuid

import pytest
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos.partition_key import NonePartitionKeyValue, NullPartitionKeyValue

from conftest import RawCosmos, make_client, metric_value, read_metrics


@pytest.fixture
def container(database):
    return database.create_container("protocol", PartitionKey("/pk"))


class Exchanges:
    """Every request and response the SDK makes through a `raw_response_hook`."""

    def __init__(self):
        self.seen = []

    def __call__(self, pipeline_response):
        self.seen.append((dict(pipeline_response.http_request.headers), dict(pipeline_response.http_response.headers),
                          pipeline_response.http_request.method, pipeline_response.http_request.url))

    def responses(self):
        return [{k.lower(): v for k, v in response.items()} for _, response, _, _ in self.seen]


def test_activity_ids_item_counts_range_ids_and_no_session_token(container, server):
    exchanges = Exchanges()
    container.create_item({"id": "a", "pk": "x"}, raw_response_hook=exchanges)
    container.upsert_item({"id": "b", "pk": "x"}, raw_response_hook=exchanges)
    container.read_item("a", partition_key="x", raw_response_hook=exchanges)
    container.replace_item("a", {"id": "a", "pk": "x", "v": 1}, raw_response_hook=exchanges)
    container.patch_item("a", "x", [{"op": "set", "path": "/v", "value": 2}], raw_response_hook=exchanges)
    documents = 0
    for request, response, _, url in exchanges.seen:
        lowered = {k.lower(): v for k, v in response.items()}
        # The SDK sends an activity id; the answer echoes it.
        assert lowered["x-ms-activity-id"] == {k.lower(): v for k, v in request.items()}["x-ms-activity-id"], url
        assert "x-ms-session-token" not in lowered, url
        if "/docs/" in url:
            # Document answers name their range, so the SDK does not refresh its routing map after each write.
            assert lowered["x-ms-documentdb-partitionkeyrangeid"] == "0", url
            documents += 1
    assert documents == 5

    pages = []
    rows = list(container.query_items("SELECT * FROM c", partition_key="x", max_item_count=1,
                                      response_hook=lambda headers, _: pages.append({k.lower(): v for k, v in headers.items()})))
    assert len(rows) == 2
    assert [page["x-ms-item-count"] for page in pages] == ["1", "1"]
    assert all("x-ms-session-token" not in page for page in pages)
    # (read_all_items(response_hook=...) raises TypeError inside azure-cosmos 4.17.1, so read the client's last headers.)
    assert len(list(container.read_all_items())) == 2
    feed = {k.lower(): v for k, v in container.client_connection.last_response_headers.items()}
    assert feed["x-ms-item-count"] == "2"
    assert "etag" not in feed and "x-ms-session-token" not in feed

    # Without an activity id, the server makes one (a GUID), different for each answer.
    raw = RawCosmos(server.url)
    first = raw.request("GET", "/dbs").headers["x-ms-activity-id"]
    second = raw.request("GET", "/dbs").headers["x-ms-activity-id"]
    assert str(uuid.UUID(first)) == first.lower() and first != second


def test_writes_do_not_make_the_sdk_reread_partition_key_ranges(container, server):
    # Warm up: the client reads the container (and its ranges, once) on the first operations.
    container.create_item({"id": "warm", "pk": "w"})
    container.read_item("warm", partition_key="w")
    list(container.query_items("SELECT * FROM c", partition_key="w"))
    before = metric_value(read_metrics(server), "cosmolite_requests_total", operation="ReadPartitionKeyRanges")
    for i in range(15):
        container.upsert_item({"id": f"i{i}", "pk": f"p{i % 3}", "n": i})
        container.read_item(f"i{i}", partition_key=f"p{i % 3}")
        container.patch_item(f"i{i}", f"p{i % 3}", [{"op": "incr", "path": "/n", "value": 1}])
    container.delete_item("i0", partition_key="p0")
    after = metric_value(read_metrics(server), "cosmolite_requests_total", operation="ReadPartitionKeyRanges")
    assert after - before <= 2, f"{after - before} /pkranges reads for 46 operations"


def test_replace_container_indexing_policy_is_used_by_queries(database):
    excluded = {"indexingMode": "consistent", "automatic": True, "includedPaths": [{"path": "/pk/?"}], "excludedPaths": [{"path": "/*"}]}
    container = database.create_container("reindexed", PartitionKey("/pk"), indexing_policy=excluded)
    for i in range(30):
        container.create_item({"id": f"i{i}", "pk": f"p{i % 5}", "score": i})

    def scores_and_plan():
        headers = {}
        rows = list(container.query_items("SELECT VALUE c.score FROM c WHERE c.score >= 27", enable_cross_partition_query=True,
                                          response_hook=lambda h, _: headers.update({k.lower(): v for k, v in h.items()})))
        return sorted(rows), headers.get("x-ms-cosmolite-query-plan")

    assert scores_and_plan() == ([27, 28, 29], "fullScan")
    indexed = {"indexingMode": "consistent", "automatic": True, "includedPaths": [{"path": "/pk/?"}, {"path": "/score/?"}],
               "excludedPaths": [{"path": "/*"}]}
    replaced = database.replace_container(container, PartitionKey("/pk"), indexing_policy=indexed)
    paths = [p["path"] for p in replaced.read()["indexingPolicy"]["includedPaths"]]
    assert "/score/?" in paths
    # Existing items were indexed by the replace: the same query now uses the range index and finds the same rows.
    assert scores_and_plan() == ([27, 28, 29], "rangeIndex")


def test_items_without_a_partition_key_value(container):
    # No "pk" property: the SDK sends the undefined key [{}]; NonePartitionKeyValue (or {}) addresses it.
    created = container.create_item({"id": "loose", "n": 1})
    assert "pk" not in created
    assert container.read_item("loose", partition_key=NonePartitionKeyValue)["n"] == 1
    assert container.read_item("loose", partition_key={})["n"] == 1
    # Undefined is not null: a null key is another logical partition, where the same id is free.
    container.create_item({"id": "loose", "pk": None, "n": 2})
    assert container.read_item("loose", partition_key=NullPartitionKeyValue)["n"] == 2
    assert container.read_item("loose", partition_key=NonePartitionKeyValue)["n"] == 1
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("loose", partition_key="loose")
    assert [r["n"] for r in container.query_items("SELECT * FROM c", partition_key=NonePartitionKeyValue)] == [1]
    assert container.upsert_item({"id": "loose", "n": 3})["n"] == 3
    patched = container.patch_item("loose", NonePartitionKeyValue, [{"op": "incr", "path": "/n", "value": 1}])
    assert patched["n"] == 4
    container.delete_item("loose", partition_key=NonePartitionKeyValue)
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("loose", partition_key=NonePartitionKeyValue)
    assert container.read_item("loose", partition_key=NullPartitionKeyValue)["n"] == 2


def test_group_by_across_partitions_is_answered(database):
    # Cosmolite answers GROUP BY across partitions in full (an extension; the emulator refuses it), here over five ranges.
    container = database.create_container("grouped", PartitionKey("/pk"), offer_throughput=30000)
    expected = {}
    for i in range(60):
        colour = ["red", "green", "blue", "amber"][i % 4]
        container.create_item({"id": f"g{i}", "pk": f"p{i}", "colour": colour, "n": i})
        count, total = expected.get(colour, (0, 0))
        expected[colour] = (count + 1, total + i)
    assert len(list(container.read_feed_ranges())) == 5
    rows = list(container.query_items("SELECT c.colour, COUNT(1) AS members, SUM(c.n) AS total FROM c GROUP BY c.colour",
                                      enable_cross_partition_query=True))
    assert {r["colour"]: (r["members"], r["total"]) for r in rows} == expected
    values = list(container.query_items("SELECT VALUE COUNT(1) FROM c GROUP BY c.colour", enable_cross_partition_query=True))
    assert sorted(values) == [15, 15, 15, 15]
    paged = [row for page in container.query_items("SELECT c.colour, MAX(c.n) AS highest FROM c GROUP BY c.colour",
                                                   enable_cross_partition_query=True, max_item_count=1).by_page() for row in page]
    assert {r["colour"]: r["highest"] for r in paged} == {"red": 56, "green": 57, "blue": 58, "amber": 59}


def test_checked_request_headers(container, raw):
    container.create_item({"id": "x", "pk": "a"})
    # Priority: High and Low are accepted, anything else is 400 (the SDK test suite expects it).
    assert container.read_item("x", partition_key="a", priority="Low")["id"] == "x"
    assert container.upsert_item({"id": "x", "pk": "a", "v": 1}, priority="High")["v"] == 1
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.read_item("x", partition_key="a", priority="Medium")
    assert error.value.status_code == 400
    assert "priority" in error.value.message
    # The all-versions-and-deletes change feed is not served: a clear 400, not the latest-version feed.
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        list(container.query_items_change_feed(mode="AllVersionsAndDeletes"))
    assert error.value.status_code == 400
    assert "not supported" in error.value.message
    assert [c["id"] for c in container.query_items_change_feed(start_time="Beginning")] == ["x"]
    # Non-atomic batches (which this SDK cannot send) are refused, and write nothing.
    path = "/" + container.container_link + "/docs/"
    batch = [{"operationType": "Create", "resourceBody": {"id": "b1", "pk": "a"}}]
    for headers in ({"x-ms-cosmos-batch-atomic": "False"}, {"x-ms-cosmos-batch-atomic": "True", "x-ms-cosmos-batch-continue-on-error": "True"}):
        response = raw.request("POST", path, json_body=batch, headers={"x-ms-documentdb-partitionkey": '["a"]',
                                                                        "x-ms-cosmos-is-batch-request": "True", **headers})
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "BadRequest"
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("b1", partition_key="a")


def test_consistency_level_may_weaken_but_not_strengthen_the_account(server, container, raw):
    """The account's consistency is Session: a client asking for Strong or BoundedStaleness fails on its first data
    request with the service's 400 (not on the account read its health check repeats), weaker levels work."""
    container.create_item({"id": "x", "pk": "a"})
    database_id, container_id = container.container_link.split("/")[1], container.container_link.split("/")[3]
    for level in ("Eventual", "ConsistentPrefix", "Session"):
        weaker = make_client(server.url, consistency_level=level)
        assert weaker.get_database_client(database_id).get_container_client(container_id).read_item("x", "a")["id"] == "x"
    for level in ("Strong", "BoundedStaleness"):
        stronger = make_client(server.url, consistency_level=level)  # reads the account: accepted
        with pytest.raises(exceptions.CosmosHttpResponseError) as error:
            stronger.get_database_client(database_id).get_container_client(container_id).read_item("x", "a")
        assert error.value.status_code == 400
        assert f"ConsistencyLevel {level} specified in the request is invalid" in error.value.message
    path = "/" + container.container_link + "/docs/x"
    headers = {"x-ms-documentdb-partitionkey": '["a"]'}
    assert raw.request("GET", path, headers={**headers, "x-ms-consistency-level": "eventual"}).status_code == 200
    assert raw.request("GET", path, headers={**headers, "x-ms-consistency-level": "Linearizable"}).status_code == 400
    assert raw.request("GET", "/", headers={"x-ms-consistency-level": "Strong"}).status_code == 200


def test_query_and_index_metrics_when_asked_for(database):
    """`populate_query_metrics` and `populate_index_metrics`: the service's metrics line (documents read against rows
    returned) and its index report (the index the plan used), only on request."""
    container = database.create_container("metrics", PartitionKey("/pk"), indexing_policy={
        "includedPaths": [{"path": "/*"}], "spatialIndexes": [{"path": "/loc/*", "types": ["Point"]}]})
    for i in range(40):
        container.create_item({"id": str(i), "pk": f"p{i % 4}", "n": i, "s": "x" if i % 2 else "y",
                               "loc": {"type": "Point", "coordinates": [-80.84 + i * 0.01, 35.5]}})

    def diagnostics(text):
        rows = list(container.query_items(text, enable_cross_partition_query=True, populate_query_metrics=True,
                                          populate_index_metrics=True))
        headers = container.client_connection.last_response_headers
        metrics = dict(pair.split("=") for pair in headers["x-ms-documentdb-query-metrics"].split(";"))
        return rows, metrics, headers["x-ms-cosmos-index-utilization"]  # the SDK decodes the base64 JSON

    rows, metrics, index = diagnostics("SELECT * FROM c WHERE c.n >= 30")
    assert len(rows) == 10
    assert (metrics["retrievedDocumentCount"], metrics["outputDocumentCount"], metrics["indexUtilizationRatio"]) == ("10", "10", "1.00")
    assert int(metrics["outputDocumentSize"]) > 10 * 60 and float(metrics["totalExecutionTimeInMs"]) >= 0
    assert [(u["IndexSpec"], u["FilterExpression"]) for u in index["UtilizedSingleIndexes"]] == [("/n/?", "c.n >= 30")]
    assert index["PotentialSingleIndexes"] == [] and index["UtilizedCompositeIndexes"] == []

    rows, metrics, index = diagnostics("SELECT c.id FROM c WHERE ST_DISTANCE(c.loc, {'type': 'Point', 'coordinates': [-80.84, 35.5]}) < 1500")
    assert sorted(r["id"] for r in rows) == ["0", "1"]
    assert index["UtilizedSingleIndexes"][0]["IndexSpec"] == "/loc/?"
    assert index["UtilizedSingleIndexes"][0]["FilterPreciseSet"] is False

    # A function of the field cannot use the index: every document is read and half of them kept.
    rows, metrics, index = diagnostics("SELECT VALUE c.id FROM c WHERE LOWER(c.s) = 'x'")
    assert len(rows) == 20
    assert (metrics["retrievedDocumentCount"], metrics["outputDocumentCount"], metrics["indexUtilizationRatio"]) == ("40", "20", "0.50")
    assert index["UtilizedSingleIndexes"] == []

    list(container.query_items("SELECT * FROM c", enable_cross_partition_query=True))
    headers = container.client_connection.last_response_headers
    assert "x-ms-documentdb-query-metrics" not in headers and "x-ms-cosmos-index-utilization" not in headers
