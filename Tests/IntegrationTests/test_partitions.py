"""Partitioning: hierarchical (MultiHash, three paths) keys, and a container with several partition key ranges
(offer_throughput=30000 -> five ranges) where queries, ORDER BY, feed ranges and the change feed must stay correct."""

import pytest
from azure.cosmos import PartitionKey, exceptions

# --------------------------------------------------------------------------------------------------------------
# Hierarchical partition keys


@pytest.fixture
def tenants(database):
    container = database.create_container("hier", PartitionKey(path=["/tenant", "/user", "/session"], kind="MultiHash"))
    rows = [("t1", "u1", "s1"), ("t1", "u1", "s2"), ("t1", "u2", "s1"), ("t2", "u1", "s1"), ("t2", "u3", "s9")]
    for index, (tenant, user, session) in enumerate(rows):
        container.create_item({"id": f"h{index}", "tenant": tenant, "user": user, "session": session, "n": index})
    return container


def test_hierarchical_definition_is_echoed(tenants):
    key = tenants.read()["partitionKey"]
    assert key["paths"] == ["/tenant", "/user", "/session"]
    assert key["kind"] == "MultiHash"
    assert key["version"] == 2


def test_hierarchical_full_key_crud(tenants):
    assert tenants.read_item("h1", partition_key=["t1", "u1", "s2"])["n"] == 1
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        tenants.read_item("h1", partition_key=["t1", "u1", "s1"])
    tenants.replace_item("h1", {"id": "h1", "tenant": "t1", "user": "u1", "session": "s2", "n": 10})
    assert tenants.patch_item("h1", ["t1", "u1", "s2"], [{"op": "incr", "path": "/n", "value": 1}])["n"] == 11
    rows = list(tenants.query_items("SELECT VALUE c.id FROM c", partition_key=["t1", "u1", "s2"]))
    assert rows == ["h1"]
    tenants.delete_item("h1", partition_key=["t1", "u1", "s2"])
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        tenants.read_item("h1", partition_key=["t1", "u1", "s2"])


def test_hierarchical_item_missing_a_level(tenants):
    tenants.create_item({"id": "partial", "tenant": "t3", "user": "u1"})
    read = tenants.read_item("partial", partition_key=["t3", "u1", None])
    assert read["id"] == "partial" and "session" not in read
    assert [r["id"] for r in tenants.query_items("SELECT * FROM c", partition_key=["t3"])] == ["partial"]
    tenants.upsert_item({"id": "partial", "tenant": "t3", "user": "u1", "v": 2})
    assert tenants.read_item("partial", partition_key=["t3", "u1", None])["v"] == 2
    tenants.delete_item("partial", partition_key=["t3", "u1", None])


def test_hierarchical_prefix_queries(tenants):
    def ids(key):
        return sorted(tenants.query_items("SELECT VALUE c.id FROM c", partition_key=key))

    assert ids(["t1"]) == ["h0", "h1", "h2"]
    assert ids(["t2"]) == ["h3", "h4"]
    assert ids(["t1", "u1"]) == ["h0", "h1"]
    assert ids(["t2", "u3"]) == ["h4"]
    assert ids(["t9"]) == []
    assert list(tenants.query_items("SELECT VALUE COUNT(1) FROM c", partition_key=["t1"])) == [3]
    ordered = list(tenants.query_items("SELECT VALUE c.n FROM c ORDER BY c.n DESC", partition_key=["t1"]))
    assert ordered == [2, 1, 0]
    changes = [c["id"] for c in tenants.query_items_change_feed(start_time="Beginning", partition_key=["t1", "u1", "s1"])]
    assert changes == ["h0"]
    prefix = tenants.feed_range_from_partition_key(["t2"])
    assert sorted(c["id"] for c in tenants.query_items_change_feed(start_time="Beginning", feed_range=prefix)) == ["h3", "h4"]


# --------------------------------------------------------------------------------------------------------------
# Several partition key ranges

ITEMS = 100


@pytest.fixture(scope="module")
def spread(client):
    """One container with offer_throughput=30000 (five ranges) and 100 items over 50 logical partitions."""
    name = "spread-" + __import__("uuid").uuid4().hex[:8]
    database = client.create_database(name)
    container = database.create_container("spread", PartitionKey("/pk"), offer_throughput=30000)
    for n in range(ITEMS):
        container.create_item({"id": f"s{n:03}", "pk": f"p{n % 50}", "n": n, "even": n % 2 == 0})
    yield container
    client.delete_database(name)


def cross(container, text, parameters=None, **kwargs):
    return list(container.query_items(text, parameters=parameters, enable_cross_partition_query=True, **kwargs))


def test_five_ranges_and_data_in_several_of_them(spread):
    ranges = list(spread.read_feed_ranges())
    assert len(ranges) == 5
    counts = [len(list(spread.query_items("SELECT VALUE c.id FROM c", feed_range=r))) for r in ranges]
    assert sum(counts) == ITEMS
    assert sum(1 for c in counts if c > 0) >= 3, f"items are not spread over the ranges: {counts}"


def test_cross_partition_queries_over_several_ranges(spread):
    assert sorted(cross(spread, "SELECT VALUE c.n FROM c")) == list(range(ITEMS))
    assert cross(spread, "SELECT VALUE c.n FROM c ORDER BY c.n") == list(range(ITEMS))
    assert cross(spread, "SELECT VALUE c.n FROM c ORDER BY c.n DESC") == list(reversed(range(ITEMS)))
    assert cross(spread, "SELECT TOP 5 VALUE c.n FROM c ORDER BY c.n DESC") == [99, 98, 97, 96, 95]
    assert cross(spread, "SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 40 LIMIT 3") == [40, 41, 42]
    assert cross(spread, "SELECT VALUE COUNT(1) FROM c") == [ITEMS]
    assert cross(spread, "SELECT VALUE SUM(c.n) FROM c WHERE c.even") == [sum(range(0, ITEMS, 2))]
    assert cross(spread, "SELECT VALUE MAX(c.n) FROM c") == [99]
    assert sorted(cross(spread, "SELECT DISTINCT VALUE c.even FROM c")) == [False, True]
    assert cross(spread, "SELECT VALUE c.n FROM c WHERE c.n >= @n ORDER BY c.n", [{"name": "@n", "value": 97}]) == [97, 98, 99]
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        cross(spread, "SELECT COUNT(1) FROM c")
    assert error.value.status_code == 400


def test_paging_over_several_ranges(spread):
    pages = [list(p) for p in spread.query_items("SELECT VALUE c.n FROM c ORDER BY c.n", enable_cross_partition_query=True,
                                                 max_item_count=9).by_page()]
    assert all(len(p) <= 9 for p in pages)
    assert [n for p in pages for n in p] == list(range(ITEMS))
    pager = spread.query_items("SELECT VALUE c.id FROM c", enable_cross_partition_query=True, max_item_count=11).by_page()
    first = list(next(pager))
    token = pager.continuation_token
    rest = [i for p in spread.query_items("SELECT VALUE c.id FROM c", enable_cross_partition_query=True,
                                          max_item_count=11).by_page(token) for i in p]
    assert sorted(first + rest) == sorted(f"s{n:03}" for n in range(ITEMS))


def test_partition_key_queries_and_point_operations_over_several_ranges(spread):
    for key in ("p0", "p17", "p49"):
        rows = list(spread.query_items("SELECT * FROM c", partition_key=key))
        number = int(key[1:])
        assert sorted(r["n"] for r in rows) == [number, number + 50]
        assert spread.read_item(f"s{number:03}", partition_key=key)["n"] == number
        feed_range = spread.feed_range_from_partition_key(key)
        assert sorted(r["n"] for r in spread.query_items("SELECT * FROM c", feed_range=feed_range)) == [number, number + 50]


def test_feed_ranges_partition_the_items(spread):
    seen = []
    for feed_range in spread.read_feed_ranges():
        in_range = sorted(spread.query_items("SELECT VALUE c.id FROM c", feed_range=feed_range))
        changes = sorted(c["id"] for c in spread.query_items_change_feed(feed_range=feed_range, start_time="Beginning"))
        assert changes == in_range, "change feed and query disagree on a feed range"
        seen += in_range
    assert sorted(seen) == sorted(f"s{n:03}" for n in range(ITEMS))
    assert len(seen) == len(set(seen))


def test_change_feed_over_several_ranges(spread):
    changes = [c["id"] for c in spread.query_items_change_feed(start_time="Beginning")]
    assert sorted(changes) == sorted(f"s{n:03}" for n in range(ITEMS))
    assert len(changes) == len(set(changes))
    by_key = [c["id"] for c in spread.query_items_change_feed(start_time="Beginning", partition_key="p7")]
    assert by_key == ["s007", "s057"]


def test_writes_and_change_feed_continuation_over_several_ranges(database):
    container = database.create_container("splitwrites", PartitionKey("/pk"), offer_throughput=30000)
    for n in range(20):
        container.create_item({"id": f"a{n}", "pk": f"p{n}", "n": n})
    assert len(list(container.query_items_change_feed(start_time="Beginning"))) == 20
    token = container.client_connection.last_response_headers["etag"]
    for n in range(0, 20, 2):
        container.upsert_item({"id": f"a{n}", "pk": f"p{n}", "n": n + 100})
    container.create_item({"id": "late", "pk": "p-late", "n": -1})
    changes = list(container.query_items_change_feed(continuation=token))
    assert sorted(c["id"] for c in changes) == sorted([f"a{n}" for n in range(0, 20, 2)] + ["late"])
    assert all(c["n"] >= 100 or c["id"] == "late" for c in changes)
    container.delete_all_items_by_partition_key("p3")
    container.delete_item("a4", partition_key="p4")
    remaining = list(container.query_items("SELECT VALUE c.id FROM c", enable_cross_partition_query=True))
    assert len(remaining) == 19 and "a3" not in remaining and "a4" not in remaining
    assert list(container.query_items("SELECT VALUE COUNT(1) FROM c", enable_cross_partition_query=True)) == [19]
    assert sorted(c["id"] for c in container.query_items_change_feed(start_time="Beginning")) == sorted(remaining)
