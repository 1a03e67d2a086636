"""Transactional batches through the SDK: all six operation kinds, atomic rollback (207 ->
CosmosBatchOperationError), and the whole-request limits (empty, more than 100 operations, too large)."""

import pytest
from azure.cosmos import PartitionKey, exceptions


@pytest.fixture
def container(database):
    return database.create_container("batch", PartitionKey("/pk"))


def test_successful_batch_with_every_operation(container):
    container.create_item({"id": "existing", "pk": "z", "n": 1})
    container.create_item({"id": "to-delete", "pk": "z"})
    results = container.execute_item_batch([
        ("create", ({"id": "b1", "pk": "z", "message": "created"},)),
        ("upsert", ({"id": "b2", "pk": "z", "message": "upserted", "n": 1},)),
        ("read", ("existing",)),
        ("replace", ("b1", {"id": "b1", "pk": "z", "message": "replaced"})),
        ("patch", ("b2", [{"op": "incr", "path": "/n", "value": 5}])),
        ("delete", ("to-delete",)),
        ("upsert", ({"id": "existing", "pk": "z", "n": 2},)),
    ], partition_key="z")
    assert [r["statusCode"] for r in results] == [201, 201, 200, 200, 200, 204, 200]
    assert results[0]["resourceBody"]["message"] == "created"
    assert results[1]["resourceBody"]["message"] == "upserted"
    assert results[2]["resourceBody"]["n"] == 1
    assert results[3]["resourceBody"]["message"] == "replaced"
    assert results[4]["resourceBody"]["n"] == 6
    assert "resourceBody" not in results[5] or not results[5]["resourceBody"]
    for result in results[:5]:
        assert result["eTag"] == result["resourceBody"]["_etag"]
    assert container.read_item("b1", partition_key="z")["message"] == "replaced"
    assert container.read_item("b2", partition_key="z")["n"] == 6
    assert container.read_item("existing", partition_key="z")["n"] == 2
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("to-delete", partition_key="z")


def test_failed_batch_rolls_back_everything(container):
    container.create_item({"id": "dup", "pk": "z", "v": "original"})
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([
            ("create", ({"id": "new1", "pk": "z"},)),
            ("upsert", ({"id": "dup", "pk": "z", "v": "changed"},)),
            ("create", ({"id": "dup", "pk": "z"},)),
            ("create", ({"id": "new2", "pk": "z"},)),
        ], partition_key="z")
    assert error.value.error_index == 2
    assert error.value.status_code == 409
    statuses = [r["statusCode"] for r in error.value.operation_responses]
    assert statuses == [424, 424, 409, 424]
    assert container.read_item("dup", partition_key="z")["v"] == "original"
    assert sorted(i["id"] for i in container.read_all_items()) == ["dup"]


def test_failed_batch_on_a_missing_item_and_a_stale_etag(container):
    created = container.create_item({"id": "e", "pk": "z", "n": 0})
    container.replace_item("e", {"id": "e", "pk": "z", "n": 1})
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([
            ("create", ({"id": "x", "pk": "z"},)),
            ("replace", ("e", {"id": "e", "pk": "z", "n": 2}), {"if_match_etag": created["_etag"]}),
        ], partition_key="z")
    assert error.value.error_index == 1 and error.value.status_code == 412
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([("create", ({"id": "y", "pk": "z"},)), ("read", ("absent",))], partition_key="z")
    assert error.value.error_index == 1 and error.value.status_code == 404
    assert sorted(i["id"] for i in container.read_all_items()) == ["e"]


def test_batch_item_in_another_partition_fails(container):
    # cosmos-wire.md 10.2: an atomic failure is 207; the operation whose item is in another partition carries 400 and
    # every other operation 424, so the SDK raises CosmosBatchOperationError pointing at it.
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([("create", ({"id": "a", "pk": "z"},)), ("create", ({"id": "b", "pk": "other"},)),
                                      ("upsert", ({"id": "c", "pk": "z"},))], partition_key="z")
    assert error.value.error_index == 1
    assert error.value.status_code == 400
    assert [r["statusCode"] for r in error.value.operation_responses] == [424, 400, 424]
    assert list(container.read_all_items()) == []
    # An item without the partition key property fails the same way (its key is undefined, not "z").
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([("upsert", ({"id": "d"},))], partition_key="z")
    assert error.value.error_index == 0 and error.value.status_code == 400
    assert list(container.read_all_items()) == []


def test_empty_batch_is_400(container):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.execute_item_batch([], partition_key="z")
    assert error.value.status_code == 400
    assert "Batch request has no operations." in error.value.message


def test_batch_of_101_operations_is_400(container):
    operations = [("create", ({"id": f"i{i}", "pk": "z"},)) for i in range(101)]
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.execute_item_batch(operations, partition_key="z")
    assert error.value.status_code == 400
    assert "Batch request has more operations than what is supported." in error.value.message
    assert list(container.read_all_items()) == []
    # Exactly 100 is allowed.
    results = container.execute_item_batch(operations[:100], partition_key="z")
    assert len(results) == 100 and all(r["statusCode"] == 201 for r in results)


def test_too_large_batch_is_413(container):
    big = {"id": "big", "pk": "z", "blob": "x" * (2 * 1024 * 1024 + 100)}
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.execute_item_batch([("create", (big,))], partition_key="z")
    assert error.value.status_code == 413
    assert error.value.message.startswith("(RequestEntityTooLarge)")
    many = [("create", ({"id": f"m{i}", "pk": "z", "blob": "y" * 700_000},)) for i in range(4)]
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.execute_item_batch(many, partition_key="z")
    assert error.value.status_code == 413
    assert list(container.read_all_items()) == []


def test_batch_with_etag_precondition_succeeds_when_current(container):
    created = container.create_item({"id": "e", "pk": "z", "n": 0})
    results = container.execute_item_batch([
        ("replace", ("e", {"id": "e", "pk": "z", "n": 1}), {"if_match_etag": created["_etag"]}),
        ("read", ("e",)),
    ], partition_key="z")
    assert [r["statusCode"] for r in results] == [200, 200]
    assert results[1]["resourceBody"]["n"] == 1


def test_batch_patch_condition(container):
    container.create_item({"id": "c", "pk": "z", "n": 1})
    results = container.execute_item_batch([
        ("patch", ("c", [{"op": "incr", "path": "/n", "value": 1}]), {"filter_predicate": "from c where c.n = 1"}),
    ], partition_key="z")
    assert results[0]["statusCode"] == 200 and results[0]["resourceBody"]["n"] == 2
    with pytest.raises(exceptions.CosmosBatchOperationError) as error:
        container.execute_item_batch([
            ("upsert", ({"id": "d", "pk": "z"},)),
            ("patch", ("c", [{"op": "incr", "path": "/n", "value": 1}]), {"filter_predicate": "from c where c.n = 1"}),
        ], partition_key="z")
    assert error.value.error_index == 1 and error.value.status_code == 412
    assert container.read_item("c", partition_key="z")["n"] == 2
    assert sorted(i["id"] for i in container.read_all_items()) == ["c"]
