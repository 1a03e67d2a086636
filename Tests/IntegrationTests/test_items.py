"""Items through the SDK: create, upsert (201/200), read, replace, patch (six operations, conditions), delete, read
all with paging, delete by partition key, awkward ids, 404s and etag preconditions."""

import pytest
from azure.core import MatchConditions
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos.partition_key import NullPartitionKeyValue


@pytest.fixture
def container(database):
    return database.create_container("items", PartitionKey("/pk"))


def _status_hook(statuses):
    return lambda pipeline_response: statuses.append(pipeline_response.http_response.status_code)


def test_create_read_replace_delete(container):
    created = container.create_item({"id": "i1", "pk": "a", "n": 1})
    assert created["id"] == "i1" and created["n"] == 1
    assert created["_etag"].startswith('"') and created["_rid"] and created["_self"] and isinstance(created["_ts"], int)

    read = container.read_item("i1", partition_key="a")
    assert read["n"] == 1 and read["_etag"] == created["_etag"]

    replaced = container.replace_item("i1", {"id": "i1", "pk": "a", "n": 2})
    assert replaced["n"] == 2 and replaced["_etag"] != created["_etag"]
    assert container.read_item("i1", partition_key="a")["n"] == 2

    container.delete_item("i1", partition_key="a")
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("i1", partition_key="a")
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.delete_item("i1", partition_key="a")


def test_duplicate_create_is_409_but_same_id_in_another_partition_is_fine(container):
    container.create_item({"id": "same", "pk": "a", "v": "a"})
    with pytest.raises(exceptions.CosmosResourceExistsError):
        container.create_item({"id": "same", "pk": "a"})
    container.create_item({"id": "same", "pk": "b", "v": "b"})
    assert container.read_item("same", partition_key="a")["v"] == "a"
    assert container.read_item("same", partition_key="b")["v"] == "b"


def test_upsert_answers_201_then_200(container):
    statuses = []
    first = container.upsert_item({"id": "u", "pk": "a", "n": 1}, raw_response_hook=_status_hook(statuses))
    second = container.upsert_item({"id": "u", "pk": "a", "n": 2}, raw_response_hook=_status_hook(statuses))
    assert statuses == [201, 200]
    assert first["n"] == 1 and second["n"] == 2
    assert container.read_item("u", partition_key="a")["n"] == 2


def test_not_found_cases(container):
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("missing", partition_key="a")
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.replace_item("missing", {"id": "missing", "pk": "a"})
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.patch_item("missing", "a", [{"op": "set", "path": "/x", "value": 1}])
    container.create_item({"id": "there", "pk": "a"})
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("there", partition_key="other")


@pytest.mark.parametrize("item_id", ["with space", "a b é", "日本語 ✓", "x+y=z&w", "percent%20literal", "emoji 🎉", "...", ".a", "a."])
def test_awkward_ids_round_trip(container, item_id):
    container.create_item({"id": item_id, "pk": "a", "v": 1})
    assert container.read_item(item_id, partition_key="a")["id"] == item_id
    assert container.replace_item(item_id, {"id": item_id, "pk": "a", "v": 2})["v"] == 2
    assert container.patch_item(item_id, "a", [{"op": "incr", "path": "/v", "value": 1}])["v"] == 3
    found = list(container.query_items("SELECT VALUE c.id FROM c", partition_key="a"))
    assert found == [item_id]
    container.delete_item(item_id, partition_key="a")
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item(item_id, partition_key="a")


def test_etag_preconditions(container):
    created = container.create_item({"id": "e", "pk": "a", "n": 0})
    stale = created["_etag"]
    fresh = container.replace_item("e", {"id": "e", "pk": "a", "n": 1}, etag=stale, match_condition=MatchConditions.IfNotModified)
    assert fresh["_etag"] != stale
    with pytest.raises(exceptions.CosmosAccessConditionFailedError) as error:
        container.replace_item("e", {"id": "e", "pk": "a", "n": 2}, etag=stale, match_condition=MatchConditions.IfNotModified)
    assert error.value.status_code == 412
    with pytest.raises(exceptions.CosmosAccessConditionFailedError):
        container.upsert_item({"id": "e", "pk": "a", "n": 2}, etag=stale, match_condition=MatchConditions.IfNotModified)
    with pytest.raises(exceptions.CosmosAccessConditionFailedError):
        container.patch_item("e", "a", [{"op": "set", "path": "/n", "value": 9}], etag=stale, match_condition=MatchConditions.IfNotModified)
    with pytest.raises(exceptions.CosmosAccessConditionFailedError):
        container.delete_item("e", partition_key="a", etag=stale, match_condition=MatchConditions.IfNotModified)
    assert container.read_item("e", partition_key="a")["n"] == 1
    patched = container.patch_item("e", "a", [{"op": "set", "path": "/n", "value": 5}], etag=fresh["_etag"],
                                   match_condition=MatchConditions.IfNotModified)
    assert patched["n"] == 5
    container.delete_item("e", partition_key="a", etag=patched["_etag"], match_condition=MatchConditions.IfNotModified)
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("e", partition_key="a")


def test_patch_all_six_operations(container):
    container.create_item({"id": "p", "pk": "a", "n": 1, "name": "old", "gone": True, "tags": ["x"], "src": {"v": 7}})
    patched = container.patch_item("p", "a", [
        {"op": "add", "path": "/added", "value": "new"},
        {"op": "add", "path": "/tags/1", "value": "y"},
        {"op": "set", "path": "/setted", "value": {"deep": 1}},
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "remove", "path": "/gone"},
        {"op": "incr", "path": "/n", "value": 41},
        {"op": "incr", "path": "/f", "value": 0.5},
        {"op": "move", "from": "/src", "path": "/dst"},
    ])
    assert patched["added"] == "new"
    assert patched["tags"] == ["x", "y"]
    assert patched["setted"] == {"deep": 1}
    assert patched["name"] == "renamed"
    assert "gone" not in patched
    assert patched["n"] == 42
    assert patched["f"] == 0.5
    assert "src" not in patched and patched["dst"] == {"v": 7}
    assert container.read_item("p", partition_key="a")["dst"] == {"v": 7}


@pytest.mark.parametrize("operations", [
    [{"op": "replace", "path": "/missing", "value": 1}],
    [{"op": "remove", "path": "/missing"}],
    [{"op": "incr", "path": "/name", "value": 1}],
    [{"op": "move", "from": "/missing", "path": "/x"}],
    [{"op": "set", "path": "/id", "value": "other"}],
    [{"op": "bogus", "path": "/x", "value": 1}],
])
def test_invalid_patch_is_400_and_changes_nothing(container, operations):
    container.create_item({"id": "p", "pk": "a", "name": "n"})
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.patch_item("p", "a", [{"op": "set", "path": "/first", "value": 1}] + operations)
    assert error.value.status_code == 400
    assert "first" not in container.read_item("p", partition_key="a")


def test_patch_with_filter_predicate(container):
    container.create_item({"id": "f", "pk": "a", "n": 1})
    ok = container.patch_item("f", "a", [{"op": "incr", "path": "/n", "value": 1}], filter_predicate="from c where c.n = 1")
    assert ok["n"] == 2
    with pytest.raises(exceptions.CosmosAccessConditionFailedError) as error:
        container.patch_item("f", "a", [{"op": "incr", "path": "/n", "value": 1}], filter_predicate="from c where c.n = 1")
    assert error.value.status_code == 412
    assert container.read_item("f", partition_key="a")["n"] == 2


def test_read_all_items_with_paging(container):
    for i in range(25):
        container.create_item({"id": f"r{i:02}", "pk": f"p{i % 4}", "n": i})
    pages = list(container.read_all_items(max_item_count=7).by_page())
    sizes = [len(list(page)) for page in pages]
    assert sum(sizes) == 25 and len(sizes) >= 4 and max(sizes) <= 7
    all_ids = [item["id"] for item in container.read_all_items(max_item_count=7)]
    assert sorted(all_ids) == [f"r{i:02}" for i in range(25)]
    assert len(set(all_ids)) == 25


def test_delete_all_items_by_partition_key(container):
    for i in range(10):
        container.create_item({"id": f"d{i}", "pk": "doomed" if i < 6 else "kept"})
    container.delete_all_items_by_partition_key("doomed")
    remaining = sorted(item["id"] for item in container.query_items("SELECT * FROM c", enable_cross_partition_query=True))
    assert remaining == ["d6", "d7", "d8", "d9"]
    assert list(container.query_items("SELECT * FROM c", partition_key="doomed")) == []
    container.create_item({"id": "d0", "pk": "doomed"})


def test_partition_key_types(container):
    for key in ["s", 5, 5.5, True, None]:
        item = {"id": f"k-{key}", "pk": key}
        container.create_item(item)
        assert container.read_item(item["id"], partition_key=key)["pk"] == key
    # 5 and 5.0 are the same partition key value.
    assert container.read_item("k-5", partition_key=5.0)["pk"] == 5
    assert [i["id"] for i in container.query_items("SELECT * FROM c", partition_key=NullPartitionKeyValue)] == ["k-None"]
    assert [i["id"] for i in container.query_items("SELECT * FROM c", partition_key=True)] == ["k-True"]


@pytest.mark.parametrize("item_id", [".", ".."])
def test_dot_segment_ids_are_refused_when_written(database, container, item_id):
    """The SDK's HTTP client resolves `docs/.` and `docs/..` as path segments, so such an item could be written but
    never read, replaced or deleted by id: it is refused with 400 like an id with `/` (databases and containers too)."""
    for write in (container.create_item, container.upsert_item):
        with pytest.raises(exceptions.CosmosHttpResponseError) as error:
            write({"id": item_id, "pk": "a"})
        assert error.value.status_code == 400 and "path segment" in error.value.message
    with pytest.raises(exceptions.CosmosBatchOperationError):
        container.execute_item_batch([("create", ({"id": item_id, "pk": "a"},))], partition_key="a")
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        database.create_container(item_id, PartitionKey("/pk"))
    assert error.value.status_code == 400
    assert list(container.read_all_items()) == []


def test_item_without_id_is_400(container, raw):
    path = "/" + container.container_link + "/docs/"
    response = raw.request("POST", path, json_body={"pk": "a"}, headers={"x-ms-documentdb-partitionkey": '["a"]'})
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"
    assert list(container.read_all_items()) == []


def test_no_response_on_write_still_writes(container):
    result = container.create_item({"id": "quiet", "pk": "a"}, no_response=True)
    assert not result
    assert container.read_item("quiet", partition_key="a")["id"] == "quiet"


def test_read_items_many_at_once(container):
    for i in range(6):
        container.create_item({"id": f"m{i}", "pk": f"k{i % 3}", "n": i})
    # m1 lives in k1, so ("m1", "k0") names nothing, like ("absent", "k0").
    found = container.read_items([("m0", "k0"), ("m4", "k1"), ("m5", "k2"), ("m1", "k0"), ("absent", "k0")])
    assert sorted(item["n"] for item in found) == [0, 4, 5]

