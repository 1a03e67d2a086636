"""kill -9 of a server in the middle of SDK traffic: no acknowledged write is lost, no transactional batch is
kept in part, and the documents, counters and indexes still agree after the restart."""

import random
import threading
import time

import pytest
from azure.cosmos import PartitionKey

from conftest import make_client

SPATIAL_POLICY = {
    "indexingMode": "consistent",
    "includedPaths": [{"path": "/*"}],
    "spatialIndexes": [{"path": "/location/*", "types": ["Point"]}],
}
WRITERS = 16
BATCH_SIZE = 5
ROUNDS = 4
CENTER = [-80.84, 35.5]


class Ledger:
    """What the server acknowledged, shared by the writer threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.upserted = {}        # id -> (pk, sequence) of every acknowledged upsert
        self.deleting = set()     # ids whose delete was sent (the server may have done it without answering)
        self.deleted = set()      # ids whose delete was acknowledged
        self.batches = set()      # batch prefixes whose transactional batch was acknowledged
        self.errors_before_kill = []

    def record(self, kind, value):
        with self.lock:
            if kind == "upsert":
                self.upserted[value[0]] = value[1:]
            elif kind == "deleting":
                self.deleting.add(value)
            elif kind == "delete":
                self.deleted.add(value)
            else:
                self.batches.add(value)


def event(item_id, pk, sequence, generator):
    return {
        "id": item_id,
        "pk": pk,
        "sequence": sequence,
        "epoch": 1_593_099_980 + sequence,
        "location": {"type": "Point", "coordinates": [CENTER[0] + generator.uniform(-0.05, 0.05),
                                                      CENTER[1] + generator.uniform(-0.05, 0.05)]},
    }


def writer(url, round_number, number, seed, ledger, killed):
    """Upserts events; every 7th step deletes one of its acknowledged events, every 10th writes a batch of 5."""
    def run():
        generator = random.Random(seed * 1000 + number)
        container = None
        pk = f"device-{number % 6}"
        mine = []
        sequence = 0
        while True:
            try:
                if container is None:
                    # Inside the try: a client that cannot reach the server before the kill is an error to record.
                    container = make_client(url, connection_timeout=3, retry_total=0).get_database_client("crash") \
                        .get_container_client("events")
                    continue
                if sequence % 10 == 9:
                    prefix = f"r{round_number}-w{number}-b{sequence}"
                    container.execute_item_batch(
                        [("create", (event(f"{prefix}-{k}", pk, sequence, generator),)) for k in range(BATCH_SIZE)],
                        partition_key=pk)
                    ledger.record("batch", prefix)
                elif sequence % 7 == 6 and mine:
                    victim = mine.pop(generator.randrange(len(mine)))
                    ledger.record("deleting", victim)
                    container.delete_item(victim, partition_key=pk)
                    ledger.record("delete", victim)
                else:
                    item_id = f"r{round_number}-w{number}-{sequence}"
                    container.upsert_item(event(item_id, pk, sequence, generator))
                    ledger.record("upsert", (item_id, pk, sequence))
                    mine.append(item_id)
            except Exception as error:  # noqa: BLE001 - the server was killed (or something broke: recorded)
                if not killed.is_set():
                    with ledger.lock:
                        ledger.errors_before_kill.append(f"writer {number}: {error!r}"[:300])
                return
            sequence += 1
    run.__name__ = f"writer_{number}"
    return run


def check_store(container, ledger, seed):
    """Everything the ledger says was acknowledged is there (or gone), and every view of the data agrees."""
    context = f"(seed {seed})"
    stored = {item["id"]: item for item in container.read_all_items()}
    missing = [item_id for item_id in ledger.upserted if item_id not in ledger.deleting and item_id not in stored]
    assert not missing, f"{len(missing)} of {len(ledger.upserted)} acknowledged upserts lost {context}: {missing[:5]}"
    changed = [item_id for item_id, (pk, sequence) in ledger.upserted.items()
               if item_id in stored and (stored[item_id]["pk"], stored[item_id]["sequence"]) != (pk, sequence)]
    assert not changed, f"acknowledged upserts came back with other content {context}: {changed[:5]}"
    resurrected = sorted(ledger.deleted & stored.keys())
    assert not resurrected, f"acknowledged deletes came back {context}: {resurrected[:5]}"

    members = {}
    for item_id in stored:
        if "-b" in item_id:
            prefix, _, _ = item_id.rpartition("-")
            members[prefix] = members.get(prefix, 0) + 1
    partial = {prefix: count for prefix, count in members.items() if count != BATCH_SIZE}
    assert not partial, f"transactional batches kept in part {context}: {partial}"
    lost_batches = sorted(prefix for prefix in ledger.batches if prefix not in members)
    assert not lost_batches, f"acknowledged batches lost {context}: {lost_batches[:5]}"

    total = len(stored)
    count = list(container.query_items("SELECT VALUE COUNT(1) FROM c", enable_cross_partition_query=True))
    assert count == [total], f"COUNT(1) says {count}, the read feed has {total} {context}"
    by_epoch = list(container.query_items("SELECT c.id FROM c WHERE c.epoch >= 1593099980",
                                          enable_cross_partition_query=True))
    assert sorted(row["id"] for row in by_epoch) == sorted(stored), f"the range index disagrees with the documents {context}"
    nearby = list(container.query_items(
        "SELECT c.id FROM c WHERE ST_DISTANCE(c.location, @center) < 30000",
        parameters=[{"name": "@center", "value": {"type": "Point", "coordinates": CENTER}}],
        enable_cross_partition_query=True))
    assert sorted(row["id"] for row in nearby) == sorted(stored), f"the spatial index disagrees with the documents {context}"
    feed = {item["id"] for item in container.query_items_change_feed(start_time="Beginning", max_item_count=1000)}
    assert feed == set(stored), f"the change feed disagrees with the documents {context}"
    return total


@pytest.mark.timeout(240)
@pytest.mark.parametrize("durability", ["durable", "relaxed"])
def test_kill_9_during_sdk_writes_loses_no_acknowledged_write(server_factory, tmp_path, durability):
    """Relaxed durability skips the flushes, which only a power loss can punish: a killed process loses nothing."""
    seed = int(time.time())
    generator = random.Random(seed)
    data = str(tmp_path / "killed-data")
    ledger = Ledger()
    server = server_factory(data_path=data, durability=durability)
    make_client(server.url).create_database("crash").create_container(
        "events", PartitionKey("/pk"), indexing_policy=SPATIAL_POLICY, offer_throughput=11000)

    for round_number in range(ROUNDS):
        killed = threading.Event()
        threads = [threading.Thread(target=writer(server.url, round_number, n, seed, ledger, killed), daemon=True)
                   for n in range(WRITERS)]
        acknowledged_before = len(ledger.upserted)
        for thread in threads:
            thread.start()
        # Let the writers get going, then kill the server without warning at a random moment.
        deadline = time.monotonic() + 30
        while len(ledger.upserted) < acknowledged_before + 50 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(generator.uniform(0.1, 0.8))
        killed.set()
        server.kill()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads), "writers still running after the kill"
        assert not ledger.errors_before_kill, f"requests failed before the kill: {ledger.errors_before_kill[:3]}"
        assert len(ledger.upserted) >= acknowledged_before + 50, f"round {round_number}: the writers did not get going"

        # The same data directory opens at once (no recovery step), and nothing acknowledged is missing.
        started = time.monotonic()
        server = server_factory(data_path=data, durability=durability)
        assert time.monotonic() - started < 10
        container = make_client(server.url).get_database_client("crash").get_container_client("events")
        total = check_store(container, ledger, seed)
        assert total > 0

    assert len(ledger.batches) > 0 and len(ledger.deleted) > 0, "the rounds wrote no batch or deleted nothing"
    assert server.stop() == 0
