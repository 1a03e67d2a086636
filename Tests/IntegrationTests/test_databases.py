"""Databases through the SDK: create, create_if_not_exists, read, list, query with parameters, delete, 409."""

import pytest
from azure.cosmos import exceptions

from conftest import unique_name


def test_create_read_list_query_delete(client):
    name = unique_name("db")
    created = client.create_database(name)
    try:
        properties = created.read()
        assert properties["id"] == name
        assert properties["_rid"] and properties["_self"] and properties["_etag"]
        assert isinstance(properties["_ts"], int)

        assert name in [d["id"] for d in client.list_databases()]

        found = list(client.query_databases("SELECT * FROM r WHERE r.id = @id", parameters=[{"name": "@id", "value": name}]))
        assert [d["id"] for d in found] == [name]
        none = list(client.query_databases("SELECT * FROM r WHERE r.id = @id", parameters=[{"name": "@id", "value": name + "x"}]))
        assert none == []
    finally:
        client.delete_database(name)
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        client.get_database_client(name).read()
    assert name not in [d["id"] for d in client.list_databases()]


def test_duplicate_database_is_409(client):
    name = unique_name("db")
    client.create_database(name)
    try:
        with pytest.raises(exceptions.CosmosResourceExistsError) as error:
            client.create_database(name)
        assert error.value.status_code == 409
    finally:
        client.delete_database(name)


def test_create_if_not_exists_returns_the_existing_database(client):
    name = unique_name("db")
    first = client.create_database_if_not_exists(name)
    try:
        rid = first.read()["_rid"]
        second = client.create_database_if_not_exists(name)
        assert second.read()["_rid"] == rid
    finally:
        client.delete_database(name)


def test_delete_missing_database_is_404(client):
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        client.delete_database(unique_name("missing"))


def test_delete_database_cascades_to_containers(client):
    from azure.cosmos import PartitionKey

    name = unique_name("db")
    database = client.create_database(name)
    container = database.create_container("c", PartitionKey("/pk"))
    container.create_item({"id": "1", "pk": "a"})
    client.delete_database(name)
    database = client.create_database(name)
    try:
        assert list(database.list_containers()) == []
    finally:
        client.delete_database(name)


def test_database_account(client, server):
    account = client.get_database_account()
    assert account.ConsistencyPolicy["defaultConsistencyLevel"] == "Session"
    assert [location["databaseAccountEndpoint"] for location in account.WritableLocations] == [server.url]
    assert [location["databaseAccountEndpoint"] for location in account.ReadableLocations] == [server.url]
