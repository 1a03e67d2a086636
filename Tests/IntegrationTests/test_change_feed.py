"""The change feed through the SDK (LatestVersion): from the beginning, from now, continuations, by partition key,
by partition key range id, from a point in time; latest version only; deleted items absent; `_lsn` on each change."""

import datetime
import time

import pytest
from azure.cosmos import PartitionKey


@pytest.fixture
def container(database):
    return database.create_container("feed", PartitionKey("/pk"))


def ids(items):
    return [item["id"] for item in items]


def last_etag(container):
    etag = container.client_connection.last_response_headers.get("etag")
    assert etag, "the change feed answer carries no etag"
    return etag


def test_from_beginning_in_modification_order(container):
    for i in range(5):
        container.create_item({"id": f"i{i}", "pk": f"k{i % 2}", "n": i})
    container.upsert_item({"id": "i1", "pk": "k1", "n": 100})
    changes = list(container.query_items_change_feed(start_time="Beginning"))
    assert ids(changes) == ["i0", "i2", "i3", "i4", "i1"]
    assert changes[-1]["n"] == 100
    assert all(isinstance(c["_ts"], int) and c["_etag"] for c in changes)
    # Each change carries `_lsn`, its position, as the service's feed does: the six writes were positions 1 to 6, and
    # i1's first version (2) was replaced by its upsert (6).
    assert [c["_lsn"] for c in changes] == [1, 3, 4, 5, 6]
    # Point reads and queries do not show it.
    assert "_lsn" not in container.read_item("i1", partition_key="k1")
    assert all("_lsn" not in item for item in container.query_items("SELECT * FROM c", enable_cross_partition_query=True))


def test_from_now_sees_only_new_writes(container):
    container.create_item({"id": "old", "pk": "a"})
    assert list(container.query_items_change_feed(start_time="Now")) == []
    now_token = last_etag(container)
    assert list(container.query_items_change_feed()) == []  # "Now" is the default
    container.create_item({"id": "new", "pk": "b"})
    assert ids(container.query_items_change_feed(continuation=now_token)) == ["new"]


def test_continuation_round_trip(container):
    for i in range(4):
        container.create_item({"id": f"i{i}", "pk": "a", "v": 0})
    assert len(list(container.query_items_change_feed(start_time="Beginning"))) == 4
    first = last_etag(container)
    # Nothing new: empty, but the token is still valid and usable again.
    assert list(container.query_items_change_feed(continuation=first)) == []
    container.upsert_item({"id": "i1", "pk": "a", "v": 1})
    container.create_item({"id": "i9", "pk": "b", "v": 0})
    changes = list(container.query_items_change_feed(continuation=first))
    assert ids(changes) == ["i1", "i9"] and changes[0]["v"] == 1
    second = last_etag(container)
    assert second != first
    assert list(container.query_items_change_feed(continuation=second)) == []
    # An older token can be replayed.
    assert ids(container.query_items_change_feed(continuation=first)) == ["i1", "i9"]


def test_paging_with_max_item_count(container):
    for i in range(7):
        container.create_item({"id": f"i{i}", "pk": f"k{i}"})
    pages = [list(page) for page in container.query_items_change_feed(start_time="Beginning", max_item_count=3).by_page()]
    assert [len(p) for p in pages if p] == [3, 3, 1]
    assert [item["id"] for page in pages for item in page] == [f"i{i}" for i in range(7)]


def test_paging_through_one_batch_commit(container):
    container.execute_item_batch([("create", ({"id": f"b{i}", "pk": "z"},)) for i in range(5)], partition_key="z")
    pages = [[i["id"] for i in page] for page in container.query_items_change_feed(start_time="Beginning", max_item_count=2).by_page()]
    assert [i for page in pages for i in page] == [f"b{i}" for i in range(5)]
    assert all(len(page) <= 2 for page in pages)


def test_by_partition_key_returns_only_that_key(container):
    for i in range(12):
        container.create_item({"id": f"i{i}", "pk": ["a", "b", "c"][i % 3]})
    changes = list(container.query_items_change_feed(start_time="Beginning", partition_key="b"))
    assert ids(changes) == ["i1", "i4", "i7", "i10"]
    token = last_etag(container)
    container.create_item({"id": "late-a", "pk": "a"})
    container.create_item({"id": "late-b", "pk": "b"})
    assert ids(container.query_items_change_feed(continuation=token)) == ["late-b"]


@pytest.mark.filterwarnings("ignore:'partition_key_range_id' is deprecated:DeprecationWarning")
def test_partition_key_range_id(container):
    for i in range(3):
        container.create_item({"id": f"i{i}", "pk": f"k{i}"})
    assert ids(container.query_items_change_feed(partition_key_range_id="0", start_time="Beginning")) == ["i0", "i1", "i2"]
    raw_token = last_etag(container)
    container.create_item({"id": "i3", "pk": "k3"})
    assert ids(container.query_items_change_feed(partition_key_range_id="0", continuation=raw_token)) == ["i3"]


def test_start_time(container):
    container.create_item({"id": "before", "pk": "a"})
    time.sleep(1.2)
    start = datetime.datetime.now(datetime.timezone.utc)
    time.sleep(1.2)
    container.create_item({"id": "after", "pk": "a"})
    assert ids(container.query_items_change_feed(start_time=start)) == ["after"]
    past = start - datetime.timedelta(hours=1)
    assert ids(container.query_items_change_feed(start_time=past)) == ["before", "after"]


def test_latest_version_only_and_deletes_absent(container):
    container.create_item({"id": "x", "pk": "a", "v": 0})
    for v in range(1, 4):
        container.replace_item("x", {"id": "x", "pk": "a", "v": v})
    container.create_item({"id": "doomed", "pk": "a"})
    container.patch_item("x", "a", [{"op": "set", "path": "/v", "value": 9}])
    container.delete_item("doomed", partition_key="a")
    changes = list(container.query_items_change_feed(start_time="Beginning"))
    assert ids(changes) == ["x"]
    assert changes[0]["v"] == 9


def test_empty_container_answers_with_an_etag(container):
    assert list(container.query_items_change_feed(start_time="Beginning")) == []
    first = last_etag(container)
    container.create_item({"id": "x", "pk": "a"})
    list(container.query_items_change_feed(start_time="Beginning"))
    assert last_etag(container) != first
