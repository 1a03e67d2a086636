"""The asynchronous client of the same SDK (`azure.cosmos.aio`, over aiohttp) against a real server: the client that
asyncio stream consumers and Functions use. It has its own transport, retry and query pipeline, so the sink and
dashboard flows are driven through it end to end: concurrent idempotent upserts with re-deliveries, point reads,
cross-partition queries (ORDER BY, TOP, OFFSET LIMIT, DISTINCT, aggregates, GROUP BY, parameters, range and spatial
filters), paging resumed from a continuation token, change feed, transactional batch, patch, TTL, several partition key
ranges and the errors the SDK maps to exceptions. Each test runs one coroutine with `asyncio.run`."""

import asyncio
import json
import math
import time
import uuid

import pytest
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos.aio import CosmosClient

from conftest import EMULATOR_KEY

ORIGIN = (-80.84, 35.5)


def run(scenario, server, **client_options):
    """Runs `scenario(database)` in a fresh database of the shared server, through an async client of its own."""

    async def main():
        async with CosmosClient(server.url, credential=EMULATOR_KEY, connection_timeout=10, **client_options) as client:
            database = await client.create_database(f"aio-{uuid.uuid4().hex[:12]}")
            try:
                return await scenario(database)
            finally:
                await client.delete_database(database.id)

    return asyncio.run(main())


async def collect(iterator):
    return [item async for item in iterator]


def event(number, devices=7):
    """An event like the simulator's: epoch seconds, a sender, a point near Charlotte (about 90 m apart eastward)."""
    return {
        "id": f"event-{number:05d}",
        "deviceId": f"device-{number % devices}",
        "epoch": 1593099980 + number,
        "sender": "python_kafka_sdk" if number % 2 else "spark",
        "temperature": round(20 + (number % 13) * 0.5, 1),
        "location": {"type": "Point", "coordinates": [ORIGIN[0] + number * 0.001, ORIGIN[1]]},
    }


def metres_from_origin(document):
    """Great-circle distance on the mean Earth radius: close enough to the server's geodesic for points 10 km apart."""
    longitude, latitude = (math.radians(v) for v in document["location"]["coordinates"])
    origin_longitude, origin_latitude = (math.radians(v) for v in ORIGIN)
    cosine = (math.sin(latitude) * math.sin(origin_latitude)
              + math.cos(latitude) * math.cos(origin_latitude) * math.cos(longitude - origin_longitude))
    return 6371008.8 * math.acos(min(1.0, cosine))


def user_fields(document):
    return {key: value for key, value in document.items() if not key.startswith("_")}


@pytest.mark.timeout(120)
def test_concurrent_upserts_with_redeliveries_keep_one_copy(server):
    """An asyncio sink: 600 events with 30 re-deliveries (some with a changed field), 64 requests in flight."""

    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"))
        events = [event(n) for n in range(600)]
        redelivered = [dict(events[n * 20], temperature=-1.0) for n in range(30)]
        limit = asyncio.Semaphore(64)

        async def upsert(document):
            async with limit:
                return await container.upsert_item(document)

        written = await asyncio.gather(*(upsert(d) for d in events + redelivered))
        assert all(w["id"] == d["id"] for w, d in zip(written, events + redelivered))
        count = await collect(container.query_items("SELECT VALUE COUNT(1) FROM c"))
        ids = await collect(container.query_items("SELECT VALUE c.id FROM c"))
        stored = await container.read_item(events[20]["id"], partition_key=events[20]["deviceId"])
        untouched = await container.read_item(events[21]["id"], partition_key=events[21]["deviceId"])
        return count, ids, stored, untouched, events

    count, ids, stored, untouched, events = run(scenario, server)
    assert count == [600]
    assert sorted(ids) == sorted(e["id"] for e in events)
    assert stored["temperature"] == -1.0 and user_fields(stored) == dict(events[20], temperature=-1.0)
    assert user_fields(untouched) == events[21]


@pytest.mark.timeout(120)
def test_dashboard_queries_across_partitions(server):
    async def scenario(database):
        container = await database.create_container(
            "events", PartitionKey("/deviceId"), offer_throughput=11000,
            indexing_policy={"includedPaths": [{"path": "/*"}],
                             "spatialIndexes": [{"path": "/location/*", "types": ["Point"]}]})
        events = [event(n) for n in range(150)]
        await asyncio.gather(*(container.create_item(d) for d in events))

        async def query(text, **options):
            return await collect(container.query_items(text, **options))

        results = {
            "filter": await query("SELECT * FROM c WHERE c.epoch >= 1593100100 AND c.sender = 'python_kafka_sdk'"),
            "top": await query("SELECT TOP 5 c.id FROM c ORDER BY c.epoch DESC"),
            "page": await query("SELECT VALUE c.epoch FROM c ORDER BY c.epoch OFFSET 40 LIMIT 3"),
            "distinct": await query("SELECT DISTINCT VALUE c.sender FROM c"),
            "aggregates": [
                await query("SELECT VALUE COUNT(1) FROM c"),
                await query("SELECT VALUE SUM(c.temperature) FROM c"),
                await query("SELECT VALUE MIN(c.epoch) FROM c"),
                await query("SELECT VALUE MAX(c.epoch) FROM c"),
                await query("SELECT VALUE AVG(c.temperature) FROM c WHERE c.deviceId = 'device-3'"),
            ],
            "group": await query("SELECT c.deviceId, COUNT(1) AS n FROM c GROUP BY c.deviceId"),
            "parameters": await query("SELECT VALUE c.id FROM c WHERE c.epoch BETWEEN @low AND @high",
                                      parameters=[{"name": "@low", "value": 1593099990},
                                                  {"name": "@high", "value": 1593099994}]),
            "partition": await query("SELECT VALUE c.id FROM c", partition_key="device-4"),
            "spatial": await query(
                'SELECT c.id FROM c WHERE ST_DISTANCE(c.location, {"type": "Point", "coordinates": [-80.84, 35.5]}) < 5000'),
        }
        return events, results

    events, results = run(scenario, server)
    by_epoch = sorted(events, key=lambda e: e["epoch"])
    assert sorted(d["id"] for d in results["filter"]) == sorted(
        e["id"] for e in events if e["epoch"] >= 1593100100 and e["sender"] == "python_kafka_sdk")
    assert [d["id"] for d in results["top"]] == [e["id"] for e in reversed(by_epoch)][:5]
    assert results["page"] == [e["epoch"] for e in by_epoch][40:43]
    assert sorted(results["distinct"]) == ["python_kafka_sdk", "spark"]
    count, total, low, high, average = results["aggregates"]
    assert count == [150]
    assert total[0] == pytest.approx(sum(e["temperature"] for e in events))
    assert low == [by_epoch[0]["epoch"]] and high == [by_epoch[-1]["epoch"]]
    device3 = [e["temperature"] for e in events if e["deviceId"] == "device-3"]
    assert average[0] == pytest.approx(sum(device3) / len(device3))
    assert sorted((g["deviceId"], g["n"]) for g in results["group"]) == sorted(
        (f"device-{d}", sum(1 for e in events if e["deviceId"] == f"device-{d}")) for d in range(7))
    assert sorted(results["parameters"]) == [f"event-{n:05d}" for n in range(10, 15)]
    assert sorted(results["partition"]) == sorted(e["id"] for e in events if e["deviceId"] == "device-4")
    near = sorted(e["id"] for e in events if metres_from_origin(e) < 5000)
    assert 40 < len(near) < 60  # points 90 m apart: the first ~55 are within 5 km
    assert sorted(d["id"] for d in results["spatial"]) == near


@pytest.mark.timeout(120)
def test_paging_resumes_from_a_continuation_token(server):
    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"))
        await asyncio.gather(*(container.create_item(event(n)) for n in range(45)))

        pager = container.query_items("SELECT VALUE c.id FROM c ORDER BY c.epoch", max_item_count=10).by_page()
        first_pages = []
        async for page in pager:
            first_pages.append(await collect(page))
            if len(first_pages) == 2:
                break
        token = pager.continuation_token
        rest = []
        async for page in container.query_items("SELECT VALUE c.id FROM c ORDER BY c.epoch",
                                                max_item_count=10).by_page(token):
            rest.append(await collect(page))
        feed_pages = []
        async for page in container.read_all_items(max_item_count=20).by_page():
            feed_pages.append(await collect(page))
        return first_pages, token, rest, feed_pages

    first_pages, token, rest, feed_pages = run(scenario, server)
    assert [len(p) for p in first_pages] == [10, 10] and token
    assert [len(p) for p in rest] == [10, 10, 5]
    assert [i for p in first_pages + rest for i in p] == [f"event-{n:05d}" for n in range(45)]
    assert [len(p) for p in feed_pages] == [20, 20, 5]
    assert sorted(d["id"] for p in feed_pages for d in p) == [f"event-{n:05d}" for n in range(45)]


@pytest.mark.timeout(120)
def test_change_feed_from_the_beginning_then_from_a_continuation(server):
    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"))
        for n in range(12):
            await container.create_item(event(n, devices=3))
        feed = container.query_items_change_feed(start_time="Beginning")
        everything = await collect(feed)
        token = container.client_connection.last_response_headers["etag"]
        await container.upsert_item(dict(event(3, devices=3), temperature=99.0))
        await container.create_item(event(12, devices=3))
        newer = await collect(container.query_items_change_feed(continuation=token))
        one_partition = await collect(container.query_items_change_feed(partition_key="device-1",
                                                                        start_time="Beginning"))
        return everything, newer, one_partition

    everything, newer, one_partition = run(scenario, server)
    assert [d["id"] for d in everything] == [f"event-{n:05d}" for n in range(12)]
    assert [(d["id"], d["temperature"]) for d in newer] == [("event-00003", 99.0), ("event-00012", 26.0)]
    # device-1's latest versions, in the order of their last change (event 12 belongs to device-0).
    assert [d["id"] for d in one_partition] == [f"event-{n:05d}" for n in range(12) if n % 3 == 1]


@pytest.mark.timeout(120)
def test_batch_patch_and_conditional_writes(server):
    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"))
        device = "device-9"
        done = await container.execute_item_batch([
            ("create", ({"id": "a", "deviceId": device, "n": 1},)),
            ("upsert", ({"id": "b", "deviceId": device, "n": 2},)),
            ("read", ("a",)),
        ], partition_key=device)
        with pytest.raises(exceptions.CosmosBatchOperationError) as failed:
            await container.execute_item_batch([
                ("create", ({"id": "c", "deviceId": device},)),
                ("create", ({"id": "a", "deviceId": device},)),
            ], partition_key=device)
        after_rollback = sorted([d["id"] async for d in container.read_all_items()])

        patched = await container.patch_item("a", partition_key=device, patch_operations=[
            {"op": "incr", "path": "/n", "value": 5},
            {"op": "add", "path": "/tags", "value": ["x"]},
            {"op": "set", "path": "/state", "value": "seen"},
        ])
        with pytest.raises(exceptions.CosmosAccessConditionFailedError):
            await container.patch_item("a", partition_key=device, filter_predicate="FROM c WHERE c.n > 100",
                                       patch_operations=[{"op": "remove", "path": "/state"}])
        stale = patched["_etag"]
        await container.upsert_item({"id": "a", "deviceId": device, "n": 7})
        with pytest.raises(exceptions.CosmosAccessConditionFailedError):
            await container.replace_item("a", {"id": "a", "deviceId": device, "n": 8},
                                         etag=stale, match_condition=_if_match())
        with pytest.raises(exceptions.CosmosResourceExistsError):
            await container.create_item({"id": "b", "deviceId": device})
        with pytest.raises(exceptions.CosmosResourceNotFoundError):
            await container.read_item("missing", partition_key=device)
        final = await container.read_item("a", partition_key=device)
        return done, failed.value, after_rollback, patched, final

    done, failed, after_rollback, patched, final = run(scenario, server)
    assert [r["statusCode"] for r in done] == [201, 201, 200]
    assert failed.status_code == 409 and failed.error_index == 1
    assert [r["statusCode"] for r in failed.operation_responses] == [424, 409]
    assert after_rollback == ["a", "b"]
    assert (patched["n"], patched["tags"], patched["state"]) == (6, ["x"], "seen")
    assert user_fields(final) == {"id": "a", "deviceId": "device-9", "n": 7}


def _if_match():
    from azure.core import MatchConditions

    return MatchConditions.IfNotModified


@pytest.mark.timeout(60)
def test_item_ttl_expires_and_errors_map_to_exceptions(server):
    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"), default_ttl=-1)
        await container.upsert_item({"id": "short", "deviceId": "d", "ttl": 2})
        await container.upsert_item({"id": "kept", "deviceId": "d"})
        readable_at_once = (await container.read_item("short", partition_key="d"))["id"]
        deadline = time.monotonic() + 10
        expired_after = None
        while time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            try:
                await container.read_item("short", partition_key="d")
            except exceptions.CosmosResourceNotFoundError:
                expired_after = time.monotonic()
                break
        remaining = await collect(container.query_items("SELECT VALUE c.id FROM c"))
        with pytest.raises(exceptions.CosmosHttpResponseError) as bad_sql:
            await collect(container.query_items("SELECT * FROM c WHERE c.n = = 3"))
        return readable_at_once, expired_after, remaining, bad_sql.value

    started = time.monotonic()
    readable_at_once, expired_after, remaining, bad_sql = run(scenario, server)
    assert readable_at_once == "short"
    assert expired_after is not None, "the item with ttl 2 was still readable after 10 s"
    assert expired_after - started > 1.5
    assert remaining == ["kept"]
    assert bad_sql.status_code == 400
    inner = json.loads(json.loads(bad_sql.response.text())["message"])
    assert inner["errors"][0]["location"]["start"] == len("SELECT * FROM c WHERE c.n = ")


@pytest.mark.timeout(60)
def test_several_partition_key_ranges_and_throughput(server):
    async def scenario(database):
        container = await database.create_container("events", PartitionKey("/deviceId"), offer_throughput=30000)
        ranges = await collect(container.read_feed_ranges())
        await asyncio.gather(*(container.create_item(event(n, devices=40)) for n in range(200)))
        per_range = [await collect(container.query_items("SELECT VALUE c.id FROM c", feed_range=r)) for r in ranges]
        throughput = (await container.get_throughput()).offer_throughput
        await container.replace_throughput(40000)
        replaced = (await container.get_throughput()).offer_throughput
        return ranges, per_range, throughput, replaced

    ranges, per_range, throughput, replaced = run(scenario, server)
    assert len(ranges) == 5
    assert all(ids for ids in per_range), "200 documents over 40 partition keys left a range empty"
    assert sorted(i for ids in per_range for i in ids) == [f"event-{n:05d}" for n in range(200)]
    assert (throughput, replaced) == (30000, 40000)


@pytest.mark.timeout(60)
def test_wrong_key_is_refused(server):
    """The async client reads the database account when it opens: a wrong key fails there, with 401."""

    async def main():
        client = CosmosClient(server.url, credential="A" * 86 + "==", connection_timeout=10)
        try:
            async with client:
                await collect(client.list_databases())
        finally:
            await client.close()  # the failed open leaves the aiohttp session to close

    with pytest.raises(exceptions.CosmosHttpResponseError) as refused:
        asyncio.run(main())
    assert refused.value.status_code == 401
    assert "string to sign" in refused.value.message.lower() or "payload" in refused.value.message.lower()
