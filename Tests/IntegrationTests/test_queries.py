"""Queries through the SDK: ORDER BY, TOP, OFFSET LIMIT, DISTINCT, aggregates, GROUP BY, parameters, paging with
continuation tokens, partition-scoped and feed-range queries, spatial functions, the query-plan endpoint, computed
properties, and the 400s for bad SQL."""

import json
import time

import pytest
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos._execution_context.query_execution_info import _PartitionedQueryExecutionInfo

CATEGORIES = ["red", "green", "blue"]


@pytest.fixture
def people(database):
    """30 items over 6 logical partitions (pk k<n % 6>): n 0..29, cat red/green/blue by n // 6 (12 red, 12 green,
    6 blue), name "name-<n>"."""
    container = database.create_container("people", PartitionKey("/pk"))
    for n in range(30):
        container.create_item({"id": f"p{n:02}", "pk": f"k{n % 6}", "n": n, "cat": CATEGORIES[(n // 6) % 3], "name": f"name-{n}",
                               "tags": [f"t{n % 2}"]})
    return container


def q(container, text, parameters=None, **kwargs):
    if "partition_key" not in kwargs and "feed_range" not in kwargs:
        kwargs["enable_cross_partition_query"] = True
    return list(container.query_items(text, parameters=parameters, **kwargs))


def test_order_by_ascending_and_descending(people):
    assert q(people, "SELECT VALUE c.n FROM c ORDER BY c.n") == list(range(30))
    assert q(people, "SELECT VALUE c.n FROM c ORDER BY c.n DESC") == list(reversed(range(30)))
    names = q(people, "SELECT VALUE c.name FROM c ORDER BY c.name ASC")
    assert names == sorted(names) and len(names) == 30
    rows = q(people, "SELECT c.id, c.n FROM c WHERE c.n >= 10 ORDER BY c.n DESC")
    assert [r["n"] for r in rows] == list(range(29, 9, -1))
    assert set(rows[0].keys()) == {"id", "n"}


def test_order_by_timestamp(database):
    container = database.create_container("ts", PartitionKey("/pk"))
    for index in range(3):
        container.create_item({"id": f"t{index}", "pk": f"k{index}"})
        if index < 2:
            time.sleep(1.05)
    assert q(container, "SELECT VALUE c.id FROM c ORDER BY c._ts") == ["t0", "t1", "t2"]
    assert q(container, "SELECT VALUE c.id FROM c ORDER BY c._ts DESC") == ["t2", "t1", "t0"]


def test_top_and_offset_limit(people):
    assert q(people, "SELECT TOP 5 VALUE c.n FROM c ORDER BY c.n") == [0, 1, 2, 3, 4]
    assert q(people, "SELECT TOP 3 VALUE c.n FROM c ORDER BY c.n DESC") == [29, 28, 27]
    assert len(q(people, "SELECT TOP 7 * FROM c")) == 7
    assert q(people, "SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 5 LIMIT 4") == [5, 6, 7, 8]
    assert q(people, "SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 28 LIMIT 10") == [28, 29]
    assert q(people, "SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 40 LIMIT 10") == []
    assert q(people, "SELECT TOP @k VALUE c.n FROM c ORDER BY c.n", [{"name": "@k", "value": 2}]) == [0, 1]


def test_distinct(people):
    assert sorted(q(people, "SELECT DISTINCT VALUE c.cat FROM c")) == sorted(CATEGORIES)
    rows = q(people, "SELECT DISTINCT c.cat FROM c")
    assert sorted(r["cat"] for r in rows) == sorted(CATEGORIES) and all(set(r) == {"cat"} for r in rows)
    assert q(people, "SELECT DISTINCT VALUE c.cat FROM c ORDER BY c.cat") == sorted(CATEGORIES)
    assert sorted(q(people, "SELECT DISTINCT VALUE c.tags FROM c"), key=json.dumps) == [["t0"], ["t1"]]


def test_value_aggregates(people):
    assert q(people, "SELECT VALUE COUNT(1) FROM c") == [30]
    assert q(people, "SELECT VALUE SUM(c.n) FROM c") == [sum(range(30))]
    assert q(people, "SELECT VALUE AVG(c.n) FROM c") == [14.5]
    assert q(people, "SELECT VALUE MIN(c.n) FROM c") == [0]
    assert q(people, "SELECT VALUE MAX(c.n) FROM c") == [29]
    assert q(people, "SELECT VALUE MAX(c.name) FROM c") == ["name-9"]
    assert q(people, "SELECT VALUE COUNT(1) FROM c WHERE c.cat = 'red'") == [12]
    assert q(people, "SELECT VALUE COUNT(1) FROM c WHERE c.cat = 'blue' ORDER BY c.pk") == [6]
    assert q(people, "SELECT VALUE COUNT(1) FROM c", partition_key="k0") == [5]


def test_value_aggregates_over_empty_and_mixed_sets(database):
    container = database.create_container("mixed", PartitionKey("/pk"))
    values = [None, False, True, "abc", "xyz", 1, 2, 3.5]
    for index, value in enumerate(values):
        container.create_item({"id": str(index), "pk": f"k{index}", "v": value})
    container.create_item({"id": "nov", "pk": "k9"})
    # Empty set: exactly one element; COUNT is 0, the others are undefined (None).
    assert q(container, "SELECT VALUE COUNT(1) FROM c WHERE c.v = 'none'") == [0]
    for function in ("SUM", "AVG", "MIN", "MAX"):
        assert q(container, f"SELECT VALUE {function}(c.v) FROM c WHERE c.v = 'none'") == [None], function
    # Mixed types: SUM and AVG are undefined; MIN and MAX follow the type order null < bool < number < string.
    assert q(container, "SELECT VALUE SUM(c.v) FROM c") == [None]
    assert q(container, "SELECT VALUE AVG(c.v) FROM c") == [None]
    assert q(container, "SELECT VALUE MIN(c.v) FROM c") == [None]
    assert q(container, "SELECT VALUE MAX(c.v) FROM c") == ["xyz"]
    assert q(container, "SELECT VALUE COUNT(c.v) FROM c") == [8]
    assert q(container, "SELECT VALUE SUM(c.v) FROM c WHERE c.id IN ('5', '6', '7')") == [6.5]
    assert q(container, "SELECT VALUE AVG(c.v) FROM c WHERE c.id IN ('5', '6')") == [1.5]
    assert q(container, "SELECT VALUE MIN(c.v) FROM c WHERE c.id IN ('1', '2', '3')") == [False]
    assert q(container, "SELECT VALUE MAX(c.v) FROM c WHERE c.id IN ('1', '2', '5')") == [1]
    assert q(container, "SELECT VALUE SUM(c.v) FROM c WHERE IS_NUMBER(c.v)") == [6.5]
    assert q(container, "SELECT VALUE AVG(c.v) FROM c WHERE IS_STRING(c.v)") == [None]
    assert q(container, "SELECT VALUE MIN(c.v) FROM c WHERE IS_BOOL(c.v)") == [False]


@pytest.mark.parametrize("text", [
    "SELECT COUNT(1) FROM c",
    "SELECT COUNT(1) + 5 FROM c",
    "SELECT COUNT(1) + SUM(c.n) FROM c",
    "SELECT SUM(c.n) AS s FROM c",
])
def test_non_value_aggregate_across_partitions_is_400(people, text):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        q(people, text)
    assert error.value.status_code == 400


def test_non_value_aggregate_within_a_partition(people):
    assert q(people, "SELECT COUNT(1) AS n, SUM(c.n) AS s FROM c", partition_key="k1") == [{"n": 5, "s": 1 + 7 + 13 + 19 + 25}]


def test_group_by_with_partition_key(people):
    # k0 holds n = 0 (red), 6 (green), 12 (blue), 18 (red), 24 (green).
    rows = q(people, "SELECT c.cat, COUNT(1) AS n, SUM(c.n) AS s FROM c GROUP BY c.cat", partition_key="k0")
    assert sorted((r["cat"], r["n"], r["s"]) for r in rows) == [("blue", 1, 12), ("green", 2, 30), ("red", 2, 18)]
    assert all(set(r) == {"cat", "n", "s"} for r in rows)
    rows = q(people, "SELECT VALUE COUNT(1) FROM c GROUP BY c.cat", partition_key="k5")
    # k5 holds n = 5 (red), 11 (green), 17 (blue), 23 (red), 29 (green).
    assert sorted(rows) == [1, 2, 2]


def test_parameters_of_every_kind(people):
    assert q(people, "SELECT VALUE c.n FROM c WHERE c.name = @s", [{"name": "@s", "value": "name-7"}]) == [7]
    assert sorted(q(people, "SELECT VALUE c.n FROM c WHERE c.n > @n", [{"name": "@n", "value": 26}])) == [27, 28, 29]
    assert sorted(q(people, "SELECT VALUE c.n FROM c WHERE c.n IN (@x, @y)", [{"name": "@x", "value": 1}, {"name": "@y", "value": 2.0}])) == [1, 2]
    assert q(people, "SELECT VALUE c.n FROM c WHERE c.tags = @a AND c.n < 4 ORDER BY c.n", [{"name": "@a", "value": ["t1"]}]) == [1, 3]
    assert q(people, "SELECT VALUE c.n FROM c WHERE c.cat = @c AND c.n < @m ORDER BY c.n",
             [{"name": "@c", "value": "blue"}, {"name": "@m", "value": 15}]) == [12, 13, 14]
    assert q(people, "SELECT VALUE c.n FROM c WHERE c.name = @s", [{"name": "@s", "value": "nobody"}]) == []
    assert q(people, "SELECT VALUE @o.k FROM c WHERE c.n = 0", [{"name": "@o", "value": {"k": [1, "x"]}}]) == [[1, "x"]]


def test_array_parameter_with_array_contains(people):
    assert sorted(q(people, "SELECT VALUE c.n FROM c WHERE ARRAY_CONTAINS(@a, c.n)", [{"name": "@a", "value": [3, 5, 99]}])) == [3, 5]


def test_paging_with_continuation_tokens_resumed_later(people):
    text = "SELECT VALUE c.n FROM c ORDER BY c.n"
    pager = people.query_items(text, enable_cross_partition_query=True, max_item_count=7).by_page()
    first = list(next(pager))
    token = pager.continuation_token
    assert first == list(range(7)) and token
    # Other work on the same container and client in between.
    assert q(people, "SELECT VALUE COUNT(1) FROM c") == [30]
    resumed = people.query_items(text, enable_cross_partition_query=True, max_item_count=7).by_page(token)
    pages = [list(page) for page in resumed]
    assert all(len(page) <= 7 for page in pages)
    assert first + [n for page in pages for n in page] == list(range(30))

    # Unordered queries page too, and every item comes exactly once.
    seen = []
    for page in people.query_items("SELECT VALUE c.id FROM c", enable_cross_partition_query=True, max_item_count=4).by_page():
        items = list(page)
        assert len(items) <= 4
        seen += items
    assert sorted(seen) == sorted(f"p{n:02}" for n in range(30))


def test_paging_survives_a_ttl_change_but_not_an_indexing_policy_change(database, people):
    """A token names the container's indexes (they decide the plan and what a scan position means), not its other
    properties: a dashboard paging through a query is not broken by a `defaultTtl` change in between."""
    text = "SELECT VALUE c.n FROM c WHERE c.n >= 3 ORDER BY c.n"
    pager = people.query_items(text, enable_cross_partition_query=True, max_item_count=5).by_page()
    first = list(next(pager))
    token = pager.continuation_token
    database.replace_container(people, PartitionKey("/pk"), default_ttl=3600)
    rest = [n for page in people.query_items(text, enable_cross_partition_query=True, max_item_count=5).by_page(token)
            for n in page]
    assert first + rest == list(range(3, 30))

    pager = people.query_items(text, enable_cross_partition_query=True, max_item_count=5).by_page()
    next(pager)
    token = pager.continuation_token
    database.replace_container(people, PartitionKey("/pk"), default_ttl=3600,
                               indexing_policy={"includedPaths": [{"path": "/name/?"}], "excludedPaths": [{"path": "/*"}]})
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        list(next(people.query_items(text, enable_cross_partition_query=True, max_item_count=5).by_page(token)))
    assert error.value.status_code == 400 and "indexing policy" in error.value.message


@pytest.mark.parametrize("text,expected", [
    ("SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 5 LIMIT 10", list(range(5, 15))),
    ("SELECT TOP 7 VALUE c.n FROM c ORDER BY c.n DESC", list(range(29, 22, -1))),
    ("SELECT VALUE c.n FROM c OFFSET 25 LIMIT 10", None),
    ("SELECT DISTINCT VALUE c.cat FROM c ORDER BY c.cat", ["blue", "green", "red"]),
    ("SELECT VALUE COUNT(1) FROM c", [30]),
])
def test_every_query_shape_pages_correctly(people, text, expected):
    pages = [list(page) for page in people.query_items(text, enable_cross_partition_query=True, max_item_count=2).by_page()]
    assert all(len(page) <= 2 for page in pages)
    rows = [row for page in pages for row in page]
    if expected is None:
        assert len(rows) == 5 and len(set(rows)) == 5
    else:
        assert rows == expected
    grouped = [row for page in people.query_items("SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat", partition_key="k0",
                                                   max_item_count=1).by_page() for row in page]
    assert sorted((r["cat"], r["n"]) for r in grouped) == [("blue", 1), ("green", 2), ("red", 2)]


def test_query_pages_carry_a_request_charge_and_no_etag(people):
    headers = {}
    rows = list(people.query_items("SELECT * FROM c", enable_cross_partition_query=True, max_item_count=10,
                                   response_hook=lambda h, _: headers.update(h)))
    assert len(rows) == 30
    assert float(headers["x-ms-request-charge"]) > 0
    assert "etag" not in {k.lower() for k in headers}


def test_query_with_partition_key_returns_only_that_partition(people):
    rows = q(people, "SELECT * FROM c", partition_key="k2")
    assert sorted(r["n"] for r in rows) == [2, 8, 14, 20, 26]
    assert all(r["pk"] == "k2" for r in rows)
    assert q(people, "SELECT VALUE c.n FROM c WHERE c.n > 10 ORDER BY c.n DESC", partition_key="k2") == [26, 20, 14]
    assert q(people, "SELECT * FROM c", partition_key="nope") == []


def test_query_by_feed_range(people):
    feed_range = people.feed_range_from_partition_key("k3")
    rows = q(people, "SELECT VALUE c.n FROM c", feed_range=feed_range)
    assert sorted(rows) == [3, 9, 15, 21, 27]
    whole = list(people.read_feed_ranges())
    assert len(whole) == 1
    assert len(q(people, "SELECT * FROM c", feed_range=whole[0])) == 30


@pytest.fixture
def places(database):
    policy = {"indexingMode": "consistent", "automatic": True, "includedPaths": [{"path": "/*"}],
              "spatialIndexes": [{"path": "/location/*", "types": ["Point", "Polygon"]}]}
    container = database.create_container("geo", PartitionKey("/pk"), indexing_policy=policy)
    # Points along the equator near (0, 0); 0.01 degree of longitude is about 1,113 m.
    for index, longitude in enumerate([0.0, 0.01, 0.03, 0.2, 1.0]):
        container.create_item({"id": f"g{index}", "pk": f"k{index}", "location": {"type": "Point", "coordinates": [longitude, 0.0]}})
    container.create_item({"id": "nowhere", "pk": "k9", "location": "not geojson"})
    return container


def test_spatial_distance(places):
    origin = "{'type': 'Point', 'coordinates': [0.0, 0.0]}"
    near = q(places, f"SELECT VALUE c.id FROM c WHERE ST_DISTANCE(c.location, {origin}) < 5000")
    assert sorted(near) == ["g0", "g1", "g2"]
    distances = q(places, f"SELECT VALUE ST_DISTANCE(c.location, {origin}) FROM c WHERE c.id = 'g1'")
    assert 1100 < distances[0] < 1125
    ordered = q(places, "SELECT VALUE c.id FROM c WHERE ST_DISTANCE(c.location, @p) < 50000 ORDER BY c.id DESC",
                [{"name": "@p", "value": {"type": "Point", "coordinates": [0.0, 0.0]}}])
    assert ordered == ["g3", "g2", "g1", "g0"]


def test_spatial_within(places):
    box = {"type": "Polygon", "coordinates": [[[-0.05, -0.05], [0.05, -0.05], [0.05, 0.05], [-0.05, 0.05], [-0.05, -0.05]]]}
    within = q(places, "SELECT VALUE c.id FROM c WHERE ST_WITHIN(c.location, @box)", [{"name": "@box", "value": box}])
    assert sorted(within) == ["g0", "g1", "g2"]


def test_query_plan_endpoint(people):
    def plan(text):
        document = people.client_connection._GetQueryPlanThroughGateway(text, people.container_link)
        assert document["partitionedQueryExecutionInfoVersion"] == 2
        assert document["queryRanges"] and document["queryRanges"][0]["min"] == "" and document["queryRanges"][-1]["max"] == "FF"
        info = _PartitionedQueryExecutionInfo(document)
        assert info.has_rewritten_query()
        return document["queryInfo"], info

    raw, info = plan("Select top 10 value count(c.id) from c")
    assert info.get_top() == 10 and info.get_offset() is None and info.get_limit() is None
    assert info.get_order_by() == [] and info.get_aggregates() == ["Count"]
    assert info.has_select_value() is True and info.get_distinct_type() == "None"

    raw, info = plan("Select * from c order by c._ts offset 5 limit 10")
    assert info.get_top() is None and info.get_offset() == 5 and info.get_limit() == 10
    assert info.get_order_by() == ["Ascending"] and info.get_aggregates() == []
    assert info.has_select_value() is False and info.get_distinct_type() == "None"

    raw, info = plan("Select distinct value c.id from c order by c.id")
    assert info.get_top() is None and info.get_offset() is None and info.get_limit() is None
    assert info.get_order_by() == ["Ascending"] and info.get_aggregates() == []
    assert info.has_select_value() is True and info.get_distinct_type() == "Ordered"
    assert raw.get("hasNonStreamingOrderBy") in (None, False)


def test_bad_sql_is_400_with_position(people):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        q(people, "SELECT * FROM c WHERE c.n = = 3")
    assert error.value.status_code == 400
    message = error.value.message
    assert "SC1001" in message or "yntax" in message
    body = json.loads(error.value.response.text())
    inner = json.loads(body["message"])
    location = inner["errors"][0]["location"]
    assert location == {"start": len("SELECT * FROM c WHERE c.n = "), "end": len("SELECT * FROM c WHERE c.n = =")}
    assert inner["errors"][0]["code"] == "SC1001"
    assert "line 1, column 29" in inner["errors"][0]["message"]

    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        q(people, "SELECT *\nFROM c\nWHERE c.n >")
    assert error.value.status_code == 400
    inner = json.loads(json.loads(error.value.response.text())["message"])
    end = len("SELECT *\nFROM c\nWHERE c.n >")
    assert inner["errors"][0]["location"] == {"start": end, "end": end}
    assert inner["errors"][0]["code"] == "SC1002"
    assert "line 3, column 12" in inner["errors"][0]["message"]

    # The span covers the whole token, counted in UTF-16 code units ('é' one, '😀' two), as the service's positions.
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        q(people, "SELECT 'é😀' AS e FROM c WHERE c.n = 1 ANDD c.m = 2")
    location = json.loads(json.loads(error.value.response.text())["message"])["errors"][0]["location"]
    start = len("SELECT 'é😀' AS e FROM c WHERE c.n = 1 ".encode("utf-16-le")) // 2
    assert location == {"start": start, "end": start + len("ANDD")}


def test_unknown_function_is_400(people):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        q(people, "SELECT VALUE NO_SUCH_FUNCTION(c.n) FROM c")
    assert error.value.status_code == 400
    assert "NO_SUCH_FUNCTION" in error.value.message.upper()


def test_query_on_a_missing_container_is_404(database):
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        q(database.get_container_client("absent"), "SELECT * FROM c")


def test_computed_properties_are_evaluated_by_queries_and_never_stored(database):
    """`computedProperties` in the container definition: queries across two ranges see the computed values in
    projections, WHERE, ORDER BY (the SDK's plan and merge), GROUP BY and aggregates; a stored property of the same name
    is hidden from them but returned by SELECT * and reads; a replace changes them; a bad definition is a 400."""
    container = database.create_container(
        "computed", PartitionKey("/pk"), offer_throughput=11000,
        computed_properties=[
            {"name": "cp_lower", "query": "SELECT VALUE LOWER(c.name) FROM c"},
            {"name": "cp_total", "query": "SELECT VALUE r.price * r.qty FROM root r"},
        ])
    assert len(list(container.read_feed_ranges())) == 2
    assert [p["name"] for p in container.read()["computedProperties"]] == ["cp_lower", "cp_total"]
    items = [("Apple", 2, 3), ("banana", 1, 10), ("CHERRY", 5, 1), ("apple", 4, 4), ("Date", 3, 3)]
    for n, (name, price, qty) in enumerate(items):
        item = {"id": str(n), "pk": f"k{n}", "name": name, "price": price, "qty": qty}
        if n == 0:
            item["cp_lower"] = "stored"
        container.upsert_item(item)

    rows = q(container, "SELECT c.id, c.cp_lower, c.cp_total FROM c")
    assert sorted(rows, key=lambda r: r["id"]) == [
        {"id": str(n), "cp_lower": name.lower(), "cp_total": price * qty} for n, (name, price, qty) in enumerate(items)]
    assert sorted(q(container, "SELECT VALUE c.id FROM c WHERE c.cp_lower = 'apple'")) == ["0", "3"]
    assert q(container, "SELECT VALUE c.cp_total FROM c ORDER BY c.cp_total DESC") == [16, 10, 9, 6, 5]
    assert q(container, "SELECT TOP 2 c.id, c.cp_lower FROM c ORDER BY c.cp_lower") in (
        [{"id": "0", "cp_lower": "apple"}, {"id": "3", "cp_lower": "apple"}],
        [{"id": "3", "cp_lower": "apple"}, {"id": "0", "cp_lower": "apple"}])
    assert q(container, "SELECT VALUE SUM(c.cp_total) FROM c") == [46]
    assert sorted(q(container, "SELECT VALUE c.id FROM c WHERE c.cp_total > @t", parameters=[{"name": "@t", "value": 9}])) == ["1", "3"]
    assert sorted(q(container, "SELECT DISTINCT VALUE c.cp_lower FROM c")) == ["apple", "banana", "cherry", "date"]

    stored = q(container, "SELECT * FROM c WHERE c.id = '0'")[0]
    assert stored["cp_lower"] == "stored" and "cp_total" not in stored
    read = container.read_item("0", partition_key="k0")
    assert read["cp_lower"] == "stored" and "cp_total" not in read

    database.replace_container(container, PartitionKey("/pk"), computed_properties=[
        {"name": "cp_upper", "query": "SELECT VALUE UPPER(c.name) FROM c"}])
    assert q(container, "SELECT c.cp_upper, c.cp_lower FROM c WHERE c.id = '0'") == [{"cp_upper": "APPLE", "cp_lower": "stored"}]
    assert q(container, "SELECT VALUE c.cp_total FROM c WHERE c.id = '0'") == []

    for query, reason in [("SELECT LOWER(c.name) FROM c", "SELECT VALUE"),
                          ("SELECT VALUE GetCurrentDateTime() FROM c", "not deterministic"),
                          ("SELECT VALUE c.name FROM c WHERE c.price > 1", "WHERE")]:
        with pytest.raises(exceptions.CosmosHttpResponseError) as refused:
            database.create_container("refused", PartitionKey("/pk"), computed_properties=[{"name": "cp", "query": query}])
        assert refused.value.status_code == 400 and reason in refused.value.message and "'cp'" in refused.value.message
        with pytest.raises(exceptions.CosmosHttpResponseError) as refused:
            database.replace_container(container, PartitionKey("/pk"), computed_properties=[{"name": "cp", "query": query}])
        assert refused.value.status_code == 400 and reason in refused.value.message
    with pytest.raises(exceptions.CosmosHttpResponseError) as refused:
        database.create_container("refused", PartitionKey("/pk"), computed_properties=[{"name": "_ts", "query": "SELECT VALUE 1 FROM c"}])
    assert refused.value.status_code == 400 and "system property" in refused.value.message
    assert "refused" not in [c["id"] for c in database.list_containers()]
    assert [p["name"] for p in container.read()["computedProperties"]] == ["cp_upper"]
