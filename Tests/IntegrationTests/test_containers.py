"""Containers through the SDK: create with every policy, read, list, query, replace (default_ttl), delete, and the
partition key ranges that provisioned throughput implies."""

import pytest
from azure.cosmos import PartitionKey, exceptions

SPATIAL_POLICY = {
    "indexingMode": "consistent",
    "automatic": True,
    "includedPaths": [{"path": "/*"}],
    "excludedPaths": [{"path": "/\"_etag\"/?"}],
    "spatialIndexes": [{"path": "/location/*", "types": ["Point", "Polygon"]}],
}


def test_create_with_policies_and_read_back(database):
    container = database.create_container(
        "full", PartitionKey("/pk"), default_ttl=3600, indexing_policy=SPATIAL_POLICY,
        unique_key_policy={"uniqueKeys": [{"paths": ["/email"]}]},
    )
    properties = container.read()
    assert properties["id"] == "full"
    assert properties["partitionKey"]["paths"] == ["/pk"]
    assert properties["partitionKey"]["kind"] == "Hash"
    assert properties["partitionKey"]["version"] == 2
    assert properties["defaultTtl"] == 3600
    assert properties["uniqueKeyPolicy"] == {"uniqueKeys": [{"paths": ["/email"]}]}
    assert properties["indexingPolicy"]["spatialIndexes"][0]["path"] == "/location/*"
    assert set(properties["indexingPolicy"]["spatialIndexes"][0]["types"]) >= {"Point", "Polygon"}
    assert properties["_rid"] and properties["_self"] and properties["_etag"]


def test_unique_key_policy_is_enforced(database):
    container = database.create_container("uk", PartitionKey("/pk"), unique_key_policy={"uniqueKeys": [{"paths": ["/email"]}]})
    container.create_item({"id": "1", "pk": "a", "email": "x@example.com"})
    with pytest.raises(exceptions.CosmosResourceExistsError):
        container.create_item({"id": "2", "pk": "a", "email": "x@example.com"})
    # Unique keys are scoped to the logical partition.
    container.create_item({"id": "2", "pk": "b", "email": "x@example.com"})


def test_duplicate_container_is_409_and_missing_is_404(database):
    database.create_container("dup", PartitionKey("/pk"))
    with pytest.raises(exceptions.CosmosResourceExistsError):
        database.create_container("dup", PartitionKey("/pk"))
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        database.get_container_client("nope").read()
    existing = database.create_container_if_not_exists("dup", PartitionKey("/pk"))
    assert existing.read()["id"] == "dup"


def test_list_query_and_delete(database):
    for name in ("alpha", "beta", "gamma"):
        database.create_container(name, PartitionKey("/pk"))
    assert sorted(c["id"] for c in database.list_containers()) == ["alpha", "beta", "gamma"]
    found = list(database.query_containers("SELECT * FROM c WHERE c.id = @id", parameters=[{"name": "@id", "value": "beta"}]))
    assert [c["id"] for c in found] == ["beta"]
    database.delete_container("beta")
    assert sorted(c["id"] for c in database.list_containers()) == ["alpha", "gamma"]
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        database.get_container_client("beta").read()
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        database.delete_container("beta")


def test_replace_changes_and_removes_default_ttl(database):
    container = database.create_container("ttl", PartitionKey("/pk"), default_ttl=10)
    assert container.read()["defaultTtl"] == 10
    replaced = database.replace_container(container, PartitionKey("/pk"), default_ttl=100)
    assert replaced.read()["defaultTtl"] == 100
    removed = database.replace_container(container, PartitionKey("/pk"))
    assert "defaultTtl" not in removed.read()
    assert removed.read()["partitionKey"]["version"] == 2


def test_invalid_default_ttl_is_400(database):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        database.create_container("bad", PartitionKey("/pk"), default_ttl=-10)
    assert error.value.status_code == 400
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        database.create_container("bad0", PartitionKey("/pk"), default_ttl=0)
    assert error.value.status_code == 400
    container = database.create_container("good", PartitionKey("/pk"))
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        database.replace_container(container, PartitionKey("/pk"), default_ttl=-10)
    assert error.value.status_code == 400


def test_planar_geometry_is_refused_rather_than_answered_on_the_ellipsoid(database):
    """The Python SDK has no argument for `geospatialConfig`; other SDKs and tools send it in the body. Geography (the
    default) is kept and echoed; Geometry would have every spatial query answered on the ellipsoid, so it is a 400."""
    connection = database.client_connection
    body = {"id": "geography", "partitionKey": {"paths": ["/pk"], "kind": "Hash"}, "geospatialConfig": {"type": "Geography"}}
    assert connection.CreateContainer(database.database_link, body)["geospatialConfig"] == {"type": "Geography"}
    for config in [{"type": "Geometry"}, {"type": "Flat"}]:
        body = {"id": "geometry", "partitionKey": {"paths": ["/pk"], "kind": "Hash"}, "geospatialConfig": config}
        with pytest.raises(exceptions.CosmosHttpResponseError) as error:
            connection.CreateContainer(database.database_link, body)
        assert error.value.status_code == 400 and "geospatialConfig" in error.value.message
    assert [c["id"] for c in database.list_containers()] == ["geography"]


def _ranges(container):
    return [r["Range"] for r in container.read_feed_ranges(force_refresh=True)]


def _assert_partition_of_space(ranges):
    ordered = sorted(ranges, key=lambda r: r["min"])
    assert ordered[0]["min"] == ""
    assert ordered[-1]["max"] == "FF"
    for left, right in zip(ordered, ordered[1:]):
        assert left["max"] == right["min"], f"gap or overlap between {left} and {right}"
    for r in ordered:
        assert r["isMinInclusive"] is True and r["isMaxInclusive"] is False
        assert r["min"] < r["max"] or r["max"] == "FF"


@pytest.mark.parametrize("throughput,expected", [(400, 1), (30000, 5)])
def test_throughput_decides_the_number_of_feed_ranges(database, throughput, expected):
    container = database.create_container(f"tp{throughput}", PartitionKey("/pk"), offer_throughput=throughput)
    ranges = _ranges(container)
    assert len(ranges) == expected
    _assert_partition_of_space(ranges)


def test_11000_ru_gives_more_than_one_range(database, raw):
    container = database.create_container("tp11000", PartitionKey("/pk"), offer_throughput=11000)
    ranges = _ranges(container)
    assert len(ranges) > 1
    _assert_partition_of_space(ranges)
    # The pkranges feed itself agrees with the SDK's view, and answers 304 to its own etag.
    path = f"/dbs/{database.id}/colls/tp11000/pkranges/"
    response = raw.request("GET", path, headers={"A-IM": "Incremental Feed", "x-ms-max-item-count": "-1"})
    assert response.status_code == 200
    listed = response.json()["PartitionKeyRanges"]
    assert sorted((r["minInclusive"], r["maxExclusive"]) for r in listed) == sorted((r["min"], r["max"]) for r in ranges)
    etag = response.headers["etag"]
    again = raw.request("GET", path, headers={"A-IM": "Incremental Feed", "If-None-Match": etag})
    assert again.status_code == 304


def test_autoscale_throughput_also_splits(database):
    from azure.cosmos import ThroughputProperties

    container = database.create_container("auto", PartitionKey("/pk"), offer_throughput=ThroughputProperties(auto_scale_max_throughput=30000))
    assert len(_ranges(container)) == 5
