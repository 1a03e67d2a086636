"""Operating the server: /health, /ready and /metrics without credentials, request counters by operation and status,
graceful shutdown under load (acknowledged writes survive a restart on the same data directory), and group commit
under a durable server (fewer commits than writes)."""

import signal
import subprocess
import threading
import time

import pytest
import requests
from azure.cosmos import PartitionKey, exceptions

from conftest import make_client, metric_value, parse_metrics, read_metrics, run_in_threads


def test_health_ready_and_metrics_need_no_credentials(server, client):
    list(client.list_databases())  # at least one counted request
    for path in ("health", "ready"):
        response = requests.get(server.url + path, verify=False, timeout=10)
        assert response.status_code == 200
        assert response.json()["status"] in ("ok", "ready")
        assert "x-ms-request-charge" not in {k.lower() for k in response.headers}
    metrics = requests.get(server.url + "metrics", verify=False, timeout=10)
    assert metrics.status_code == 200
    assert metrics.headers["Content-Type"].startswith("text/plain")
    samples = parse_metrics(metrics.text)
    assert any(name == "cosmolite_commits_total" for name, _ in samples)
    assert any(name == "cosmolite_requests_total" and dict(labels).get("operation") for name, labels in samples)


def test_metrics_count_requests_by_operation_and_status(server, database):
    container = database.create_container("metered", PartitionKey("/pk"))
    before = read_metrics(server)
    for i in range(3):
        container.create_item({"id": f"m{i}", "pk": "a"})
    with pytest.raises(exceptions.CosmosResourceExistsError):
        container.create_item({"id": "m0", "pk": "a"})
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("absent", partition_key="a")
    container.read_item("m1", partition_key="a")
    list(container.query_items("SELECT * FROM c", partition_key="a"))
    container.upsert_item({"id": "m1", "pk": "a", "v": 1})
    after = read_metrics(server)

    def delta(operation, status):
        name = "cosmolite_requests_total"
        labels = {"operation": operation, "status": str(status)}
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert delta("CreateDocument", 201) == 3
    assert delta("CreateDocument", 409) == 1
    assert delta("ReadDocument", 404) == 1
    assert delta("ReadDocument", 200) == 1
    assert delta("Query", 200) >= 1
    assert delta("UpsertDocument", 200) == 1
    assert metric_value(after, "cosmolite_documents") >= 3
    assert metric_value(after, "cosmolite_commits_total") > metric_value(before, "cosmolite_commits_total")


@pytest.mark.timeout(120)
def test_graceful_shutdown_keeps_every_acknowledged_write(server_factory, tmp_path):
    data = str(tmp_path / "shutdown-data")
    first = server_factory(data_path=data, durability="relaxed")
    setup = make_client(first.url)
    database = setup.create_database("shutdown")
    database.create_container("c", PartitionKey("/pk"))

    acknowledged = []
    failures = []
    lock = threading.Lock()
    stop = threading.Event()
    started = threading.Barrier(21)

    def writer(number):
        def run():
            client = make_client(first.url, connection_timeout=3, retry_total=0)
            container = client.get_database_client("shutdown").get_container_client("c")
            started.wait(timeout=30)
            sequence = 0
            while not stop.is_set():
                item_id = f"w{number}-{sequence}"
                try:
                    container.upsert_item({"id": item_id, "pk": f"w{number}", "sequence": sequence})
                except Exception as error:  # noqa: BLE001 - expected once the server stops
                    with lock:
                        failures.append(repr(error)[:200])
                    return
                with lock:
                    acknowledged.append((item_id, f"w{number}"))
                sequence += 1
        run.__name__ = f"writer_{number}"
        return run

    threads = [threading.Thread(target=writer(n), daemon=True) for n in range(20)]
    for thread in threads:
        thread.start()
    started.wait(timeout=30)
    time.sleep(1.0)
    in_flight_before = len(acknowledged)
    first.process.send_signal(signal.SIGTERM)
    try:
        code = first.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the server did not exit within 15 s of SIGTERM:\n{first.log()[-3000:]}")
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "writers still running"
    assert code == 0, f"exit code {code}:\n{first.log()[-3000:]}"
    assert in_flight_before > 20, "the writers did not get going before SIGTERM"

    second = server_factory(data_path=data, durability="relaxed")
    container = make_client(second.url).get_database_client("shutdown").get_container_client("c")
    stored = {(item["id"], item["pk"]) for item in container.query_items("SELECT c.id, c.pk FROM c", enable_cross_partition_query=True)}
    missing = [entry for entry in acknowledged if entry not in stored]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes are missing after the restart: {missing[:5]}"
    assert second.stop() == 0


@pytest.mark.timeout(120)
def test_group_commit_under_a_durable_server(server_factory):
    durable = server_factory(durability="durable")
    setup = make_client(durable.url)
    setup.create_database("groupcommit").create_container("c", PartitionKey("/pk"))
    clients = [make_client(durable.url) for _ in range(32)]
    containers = [c.get_database_client("groupcommit").get_container_client("c") for c in clients]
    for container in containers:
        container.read()  # warm each client's container cache before the burst
    writes_per_client = 10
    barrier = threading.Barrier(32)
    before = read_metrics(durable)

    def client_writer(number):
        def run():
            barrier.wait(timeout=30)
            for sequence in range(writes_per_client):
                result = containers[number].upsert_item({"id": f"g{number}-{sequence}", "pk": f"g{number % 8}", "n": sequence})
                assert result["n"] == sequence
        run.__name__ = f"client_{number}"
        return run

    run_in_threads([client_writer(n) for n in range(32)], timeout=90)
    after = read_metrics(durable)
    writes = 32 * writes_per_client
    commits = metric_value(after, "cosmolite_commits_total") - metric_value(before, "cosmolite_commits_total")
    upserts = (metric_value(after, "cosmolite_requests_total", operation="UpsertDocument", status="201")
               - metric_value(before, "cosmolite_requests_total", operation="UpsertDocument", status="201"))
    assert upserts == writes
    assert 0 < commits < writes, f"{commits} commits for {writes} concurrent durable writes: no group commit"
    count = list(containers[0].query_items("SELECT VALUE COUNT(1) FROM c", enable_cross_partition_query=True))
    assert count == [writes]
    assert durable.stop() == 0


@pytest.mark.timeout(120)
def test_sigint_finishes_in_flight_work_and_keeps_it(server_factory, tmp_path):
    data = str(tmp_path / "sigint-data")
    first = server_factory(data_path=data, durability="durable")
    make_client(first.url).create_database("interrupted").create_container("c", PartitionKey("/pk"))
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    started = threading.Barrier(9)

    def writer(number):
        def run():
            container = make_client(first.url, connection_timeout=3, retry_total=0).get_database_client("interrupted").get_container_client("c")
            started.wait(timeout=30)
            sequence = 0
            while not stop.is_set():
                try:
                    container.upsert_item({"id": f"s{number}-{sequence}", "pk": f"s{number}", "payload": "x" * 2000})
                except Exception:  # noqa: BLE001 - expected once the server stops
                    return
                with lock:
                    acknowledged.append((f"s{number}-{sequence}", f"s{number}"))
                sequence += 1
        return run

    threads = [threading.Thread(target=writer(n), daemon=True) for n in range(8)]
    for thread in threads:
        thread.start()
    started.wait(timeout=30)
    time.sleep(1.0)
    assert len(acknowledged) > 8, "the writers did not get going before SIGINT"
    first.process.send_signal(signal.SIGINT)
    try:
        code = first.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the server did not exit within 15 s of SIGINT:\n{first.log()[-3000:]}")
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert code == 0, f"exit code {code} after SIGINT:\n{first.log()[-3000:]}"
    assert "closing the store" in first.log()

    second = server_factory(data_path=data)
    container = make_client(second.url).get_database_client("interrupted").get_container_client("c")
    stored = {(i["id"], i["pk"]) for i in container.query_items("SELECT c.id, c.pk FROM c", enable_cross_partition_query=True)}
    missing = [entry for entry in acknowledged if entry not in stored]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes are missing after SIGINT: {missing[:5]}"
    assert second.stop(signal_number=signal.SIGINT) == 0


@pytest.mark.timeout(90)
def test_metrics_show_latencies_commit_sizes_documents_and_ttl_sweeps(server_factory):
    metered = server_factory()
    client = make_client(metered.url)
    database = client.create_database("metrics")
    container = database.create_container("c", PartitionKey("/pk"))
    expiring = database.create_container("expiring", PartitionKey("/pk"), default_ttl=1)
    before = read_metrics(metered)
    for i in range(5):
        container.upsert_item({"id": f"m{i}", "pk": "a"})
        container.read_item(f"m{i}", partition_key="a")
    for i in range(3):
        expiring.create_item({"id": f"e{i}", "pk": "a"})
    samples = read_metrics(metered)

    def buckets(name, **labels):
        return [value for (metric, metric_labels), value in samples.items()
                if metric == name + "_bucket" and set(labels.items()) <= set(metric_labels)]

    upserts = metric_value(samples, "cosmolite_request_duration_seconds_count", operation="UpsertDocument")
    assert upserts == 5
    assert max(buckets("cosmolite_request_duration_seconds", operation="UpsertDocument")) == 5
    assert len(buckets("cosmolite_request_duration_seconds", operation="ReadDocument")) > 3
    # Commit batch sizes: a histogram of queued requests per commit; every write went through one.
    commits = metric_value(samples, "cosmolite_commit_requests_count") - metric_value(before, "cosmolite_commit_requests_count")
    carried = metric_value(samples, "cosmolite_commit_requests_sum") - metric_value(before, "cosmolite_commit_requests_sum")
    assert commits >= 1 and carried >= 8
    assert buckets("cosmolite_commit_requests")
    # Expiring items may already be gone on a slow machine.
    assert 5 <= metric_value(samples, "cosmolite_documents") <= 8

    # The expiring items are swept a second after their write; the counter and the gauge follow.
    swept_before = metric_value(samples, "cosmolite_ttl_swept_documents_total")
    deadline = time.monotonic() + 20
    while True:
        samples = read_metrics(metered)
        if metric_value(samples, "cosmolite_ttl_swept_documents_total") - swept_before >= 3:
            break
        assert time.monotonic() < deadline, "the TTL sweep counter did not increase"
        time.sleep(0.2)
    assert metric_value(samples, "cosmolite_documents") == 5
    assert metered.stop() == 0
