"""Time to live with real waits. The timed scenarios run in parallel threads (one container each) so the whole test
takes about 13 s; every check is a point read, query, read feed or change feed on the real server."""

import time

import pytest
from azure.cosmos import PartitionKey, exceptions

from conftest import make_client, run_in_threads


def _exists(container, item_id, pk):
    try:
        container.read_item(item_id, partition_key=pk)
        return True
    except exceptions.CosmosResourceNotFoundError:
        return False


def _sleep_until(start, seconds):
    remaining = start + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


@pytest.mark.timeout(90)
def test_ttl_expiry_timeline(server, database):
    client = make_client(server.url)
    db = client.get_database_client(database.id)

    def default_ttl_expires_and_frees_the_id():
        c = db.create_container("default5", PartitionKey("/pk"), default_ttl=5)
        c.create_item({"id": "x", "pk": "a", "v": 1})
        start = time.monotonic()
        _sleep_until(start, 3)
        assert _exists(c, "x", "a"), "gone before its default ttl of 5 s"
        _sleep_until(start, 7)
        assert not _exists(c, "x", "a"), "still readable 7 s after a write under defaultTtl 5"
        assert list(c.query_items("SELECT VALUE COUNT(1) FROM c", enable_cross_partition_query=True)) == [0]
        assert list(c.query_items("SELECT * FROM c", enable_cross_partition_query=True)) == []
        assert list(c.read_all_items()) == []
        assert list(c.query_items_change_feed(start_time="Beginning")) == []
        recreated = c.create_item({"id": "x", "pk": "a", "v": 2})
        assert recreated["v"] == 2
        assert c.read_item("x", partition_key="a")["v"] == 2

    def item_ttl_minus_one_overrides_the_default():
        c = db.create_container("forever", PartitionKey("/pk"), default_ttl=5)
        c.create_item({"id": "keep", "pk": "a", "ttl": -1})
        c.create_item({"id": "drop", "pk": "a"})
        start = time.monotonic()
        _sleep_until(start, 7)
        assert _exists(c, "keep", "a"), "an item with ttl -1 expired under defaultTtl 5"
        assert not _exists(c, "drop", "a")

    def item_ttl_two_expires_first():
        c = db.create_container("short", PartitionKey("/pk"), default_ttl=-1)
        c.create_item({"id": "short", "pk": "a", "ttl": 2})
        c.create_item({"id": "plain", "pk": "a"})
        start = time.monotonic()
        _sleep_until(start, 0.8)
        assert _exists(c, "short", "a")
        _sleep_until(start, 4)
        assert not _exists(c, "short", "a"), "an item with ttl 2 is still there after 4 s"
        assert _exists(c, "plain", "a"), "defaultTtl -1 must keep items without their own ttl"
        assert [i["id"] for i in c.query_items("SELECT * FROM c", partition_key="a")] == ["plain"]

    def item_ttl_longer_than_the_default():
        c = db.create_container("longer", PartitionKey("/pk"), default_ttl=5)
        c.create_item({"id": "long", "pk": "a", "ttl": 8})
        start = time.monotonic()
        _sleep_until(start, 6)
        assert _exists(c, "long", "a"), "item ttl 8 must override defaultTtl 5"
        _sleep_until(start, 10)
        assert not _exists(c, "long", "a")

    def upsert_restarts_the_clock():
        c = db.create_container("default8", PartitionKey("/pk"), default_ttl=8)
        c.create_item({"id": "touched", "pk": "a", "v": 0})
        c.create_item({"id": "untouched", "pk": "b"})
        start = time.monotonic()
        _sleep_until(start, 3)
        c.upsert_item({"id": "touched", "pk": "a", "v": 1})
        _sleep_until(start, 10)
        assert _exists(c, "touched", "a"), "the upsert at +3 s must restart the 8 s clock"
        assert not _exists(c, "untouched", "b"), "defaultTtl 8: the untouched item must be gone at +10 s"
        _sleep_until(start, 13)
        assert not _exists(c, "touched", "a"), "gone 8 s after its last write (+3 s)"
        assert list(c.query_items("SELECT VALUE COUNT(1) FROM c", enable_cross_partition_query=True)) == [0]

    def no_default_ttl_ignores_item_ttl():
        c = db.create_container("nottl", PartitionKey("/pk"))
        c.create_item({"id": "stays", "pk": "a", "ttl": 5})
        start = time.monotonic()
        _sleep_until(start, 7)
        assert _exists(c, "stays", "a"), "without defaultTtl an item's ttl must be ignored"

    def removing_default_ttl_stops_expiry():
        c = db.create_container("removed", PartitionKey("/pk"), default_ttl=5)
        c.create_item({"id": "survivor", "pk": "a"})
        start = time.monotonic()
        db.replace_container(c, PartitionKey("/pk"))
        _sleep_until(start, 7)
        assert _exists(c, "survivor", "a"), "expired although defaultTtl was removed"

    started = time.monotonic()
    run_in_threads([
        default_ttl_expires_and_frees_the_id,
        item_ttl_minus_one_overrides_the_default,
        item_ttl_two_expires_first,
        item_ttl_longer_than_the_default,
        upsert_restarts_the_clock,
        no_default_ttl_ignores_item_ttl,
        removing_default_ttl_stops_expiry,
    ], timeout=60)
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("ttl", [0, None, -10, -2])
def test_invalid_item_ttl_is_400_when_ttl_is_on(database, ttl):
    container = database.create_container("ttlon", PartitionKey("/pk"), default_ttl=10)
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.create_item({"id": "bad", "pk": "a", "ttl": ttl})
    assert error.value.status_code == 400
    container.create_item({"id": "ok", "pk": "a", "ttl": 5})
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.replace_item("ok", {"id": "ok", "pk": "a", "ttl": ttl})
    assert error.value.status_code == 400
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.upsert_item({"id": "ok", "pk": "a", "ttl": ttl})
    assert error.value.status_code == 400
    assert not _exists(container, "bad", "a")
    assert container.read_item("ok", partition_key="a")["ttl"] == 5


def test_default_ttl_is_echoed_and_invalid_default_is_400(database):
    container = database.create_container("echo", PartitionKey("/pk"), default_ttl=10)
    assert container.read()["defaultTtl"] == 10
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        database.create_container("negative", PartitionKey("/pk"), default_ttl=-10)
    assert error.value.status_code == 400
