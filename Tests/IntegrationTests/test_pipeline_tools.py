"""The pipeline tools and the JSON Schemas in Schemas/, against the session's real `cosmolite serve`.

- Events from `cosmolite-simulator --sink ndjson` (both shapes) validate against their schemas, and the output is
  reproducible from a seed.
- Real error bodies (404, 409, 400 bad SQL, 401) validate against error.schema.json.
- Container definitions read back from the server validate against container-definition.schema.json, and bodies the
  server rejects are rejected by the schema too.
- A short simulator run into the server followed by `cosmolite-verifier` passes; a container with a per-device
  sequence gap, or with a duplicate event, fails with the failing rule named.

The tools run as subprocesses from COSMOLITE_PIPELINE_BIN (default Tools/Pipeline/.build/debug of this repository,
which Tools/test.sh builds). When they are missing the tests fail and say how to build them; nothing is skipped.
"""

import json
import os
import subprocess
import uuid

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from conftest import BINARY, EMULATOR_KEY, REPOSITORY_ROOT, RawCosmos, unique_name

PIPELINE_BIN = os.environ.get("COSMOLITE_PIPELINE_BIN", os.path.join(REPOSITORY_ROOT, "Tools", "Pipeline", ".build", "debug"))
SCHEMAS = os.path.join(REPOSITORY_ROOT, "Schemas")
BUILD_HINT = ("build them with `swift build --package-path Tools/Pipeline` in the repository root "
              "(or set COSMOLITE_PIPELINE_BIN to the directory holding cosmolite-simulator and cosmolite-verifier)")
QUERY_HEADERS = {"x-ms-documentdb-isquery": "True", "Content-Type": "application/query+json",
                 "x-ms-documentdb-query-enablecrosspartition": "True"}


# --------------------------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture(scope="module")
def tools():
    """Paths of the two tools; fails (never skips) when they have not been built."""
    paths = {name: os.path.join(PIPELINE_BIN, name) for name in ("cosmolite-simulator", "cosmolite-verifier")}
    missing = [path for path in paths.values() if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(f"pipeline tools not found: {', '.join(missing)}; {BUILD_HINT}", pytrace=False)
    return paths


def load_schema(name):
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def validators():
    return {name: load_schema(f"{name}.schema.json")
            for name in ("streaming-event", "geo-event", "container-definition", "error")}


def errors_of(validator, instance):
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in validator.iter_errors(instance)]


def assert_valid(validator, instance, what):
    problems = errors_of(validator, instance)
    assert not problems, f"{what} does not match {validator.schema['$id']}:\n" + "\n".join(problems[:10]) + \
        f"\ninstance: {json.dumps(instance)[:2000]}"


def expected_duplicates(total, every, delay=10):
    """How many re-deliveries a stream of `total` emissions holds (EventStream: every `every`-th original is sent again
    `delay` emissions later, unless that is past the end)."""
    pending, originals, duplicates = [], 0, 0
    for position in range(total):
        if pending and pending[0] <= position:
            pending.pop(0)
            duplicates += 1
            continue
        originals += 1
        if every and originals % every == 0:
            pending.append(position + delay)
    return duplicates


def run_tool(path, *args, timeout=90):
    result = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    return result


def describe(result):
    return f"exit {result.returncode}\n--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-4000:]}"


def simulate_ndjson(tools, output, *extra):
    result = run_tool(tools["cosmolite-simulator"], "--sink", "ndjson", "--output", output, "--rate", 0, "--no-progress", *extra)
    assert result.returncode == 0, describe(result)
    with open(output, encoding="utf-8") as handle:
        return [line for line in handle.read().splitlines()]


def create_container(raw, database, definition):
    response = raw.request("POST", f"/dbs/{database}/colls", json_body=definition)
    assert response.status_code == 201, response.text
    return response.json()


def streaming_definition(name):
    """The container cosmolite-simulator creates for streaming events (EventShape.containerDefinition)."""
    return {
        "id": name,
        "partitionKey": {"paths": ["/deviceId"], "kind": "Hash", "version": 2},
        "indexingPolicy": {"indexingMode": "consistent", "automatic": True, "includedPaths": [{"path": "/epoch/?"}],
                           "excludedPaths": [{"path": "/*"}], "spatialIndexes": [{"path": "/location/*", "types": ["Point"]}]},
        "cosmolite": {"idSourcePath": "/eventId"},
    }


def upsert_batches(raw, database, container, documents, key_field):
    """Writes documents with transactional batches of at most 100 upserts per partition key."""
    by_key = {}
    for document in documents:
        by_key.setdefault(document[key_field], []).append(document)
    for key, group in by_key.items():
        for start in range(0, len(group), 100):
            operations = [{"operationType": "Upsert", "resourceBody": body} for body in group[start:start + 100]]
            response = raw.request("POST", f"/dbs/{database}/colls/{container}/docs", json_body=operations, headers={
                "x-ms-documentdb-partitionkey": json.dumps([key]), "x-ms-cosmos-is-batch-request": "True",
                "x-ms-cosmos-batch-atomic": "True"})
            assert response.status_code == 200, response.text
            assert all(result["statusCode"] in (200, 201) for result in response.json()), response.text


def verify(tools, server, database, container, *extra):
    return run_tool(tools["cosmolite-verifier"], "--endpoint", server.url, "--key", EMULATOR_KEY, "--database", database,
                    "--container", container, *extra)


def rule_verdicts(report_path):
    with open(report_path, encoding="utf-8") as handle:
        report = json.load(handle)
    return report, {rule["rule"]: rule["passed"] for rule in report["rules"]}


# --------------------------------------------------------------------------------------------------------------
# The schemas themselves


def test_schemas_are_draft_2020_12_with_ids_and_described_properties():
    names = ["streaming-event", "geo-event", "container-definition", "error", "import-report"]
    for name in names:
        with open(os.path.join(SCHEMAS, f"{name}.schema.json"), encoding="utf-8") as handle:
            schema = json.load(handle)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        assert schema["$id"].endswith(f"/{name}.schema.json"), name
        assert "additionalProperties" in schema, f"{name}: additionalProperties must be decided at the top level"
        undescribed = []

        def walk(node, path):
            if isinstance(node, dict):
                for key, value in node.get("properties", {}).items():
                    if not (isinstance(value, dict) and value.get("description")) and "$ref" not in value:
                        undescribed.append(f"{path}/{key}")
                for key, value in node.items():
                    walk(value, f"{path}/{key}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{path}/{index}")

        walk(schema, "")
        assert not undescribed, f"{name}: properties without a description: {undescribed}"


# --------------------------------------------------------------------------------------------------------------
# Generated events


@pytest.mark.timeout(60)
def test_generated_streaming_events_match_their_schema(tools, validators, tmp_path):
    lines = simulate_ndjson(tools, tmp_path / "streaming.ndjson", "--count", 3000, "--devices", 25,
                            "--duplicate-every", 50, "--seed", 7)
    assert len(lines) == 3000
    events = [json.loads(line) for line in lines]
    for event in events:
        assert_valid(validators["streaming-event"], event, "a generated streaming event")
    # Re-deliveries are byte-identical copies; everything else is unique.
    by_id = {}
    for line, event in zip(lines, events):
        by_id.setdefault(event["eventId"], set()).add(line)
    assert all(len(bodies) == 1 for bodies in by_id.values()), "a re-delivery differs from its original"
    assert len(lines) - len(by_id) == expected_duplicates(3000, 50) > 50
    # Per device, sequence numbers run from 0 without gaps.
    per_device = {}
    for event in {e["eventId"]: e for e in events}.values():
        per_device.setdefault(event["deviceId"], []).append(event["deviceSequenceNumber"])
    assert len(per_device) == 25
    assert all(sorted(numbers) == list(range(len(numbers))) for numbers in per_device.values())
    sizes = [len(line) for line in lines]
    assert 900 < sum(sizes) / len(sizes) < 1300, "events should be about 1 KB"


@pytest.mark.timeout(60)
def test_generated_geo_events_match_their_schema(tools, validators, tmp_path):
    lines = simulate_ndjson(tools, tmp_path / "geo.ndjson", "--shape", "geo", "--count", 2000, "--seed", 11)
    events = [json.loads(line) for line in lines]
    assert len(events) == 2000
    for event in events:
        assert_valid(validators["geo-event"], event, "a generated geo event")
        assert event["location"]["coordinates"] == [event["longitude"], event["latitude"]]
        assert event["pk"] == event["postal_cd"]
    assert len({event["city_name"] for event in events}) >= 40


@pytest.mark.timeout(60)
def test_output_is_reproducible_from_the_seed_and_a_virtual_clock(tools, tmp_path):
    args = ("--count", 500, "--seed", 99, "--start-time", "2025-01-01T00:00:00Z")
    first = simulate_ndjson(tools, tmp_path / "a.ndjson", *args)
    second = simulate_ndjson(tools, tmp_path / "b.ndjson", *args)
    other = simulate_ndjson(tools, tmp_path / "c.ndjson", "--count", 500, "--seed", 100, "--start-time", "2025-01-01T00:00:00Z")
    assert first == second
    assert first != other
    assert json.loads(first[0])["createdAt"] == "2025-01-01T00:00:00.000000Z"


def test_schemas_reject_malformed_events(validators):
    streaming = validators["streaming-event"]
    good = {
        "eventId": "6f1c3a52-0d4e-4b8a-9f7e-1a2b3c4d5e6f", "deviceId": "contoso-device-id-000154",
        "deviceSequenceNumber": 3, "type": "CO2", "value": 612.5, "createdAt": "2025-11-21T07:44:12.123456Z",
        "complexData": {f"moreData{i}": 1.5 for i in range(23)}, "epoch": 1763711052,
        "location": {"type": "Point", "coordinates": [-78.6, 35.8]}, "sender": "sender-east",
    }
    assert_valid(streaming, good, "a hand-written streaming event")
    bad_variants = {
        "extra property": {**good, "id": "x"},
        "device id": {**good, "deviceId": "device-154"},
        "sequence": {**good, "deviceSequenceNumber": -1},
        "type": {**good, "type": "HUMIDITY"},
        "milliseconds only": {**good, "createdAt": "2025-11-21T07:44:12.123Z"},
        "missing moreData22": {**good, "complexData": {f"moreData{i}": 1.5 for i in range(22)}},
        "outside North Carolina": {**good, "location": {"type": "Point", "coordinates": [-90.0, 35.8]}},
        "missing sender": {k: v for k, v in good.items() if k != "sender"},
    }
    for what, event in bad_variants.items():
        assert errors_of(streaming, event), f"the streaming schema accepts an event with a bad {what}"

    geo = validators["geo-event"]
    good_geo = {
        "id": "6f1c3a52-0d4e-4b8a-9f7e-1a2b3c4d5e6f", "pk": "27514", "seq": 1, "postal_cd": "27514", "city_name": "Chapel Hill",
        "state_abbrv": "NC", "latitude": 35.92, "longitude": -79.04,
        "location": {"type": "Point", "coordinates": [-79.04, 35.92]},
        "timestamp": "2025-11-21T07:44:12.123456Z", "epoch": 1763711052, "sender": "sender-west",
    }
    assert_valid(geo, good_geo, "a hand-written geo event")
    bad_geo = {
        "missing location": {k: v for k, v in good_geo.items() if k != "location"},
        "location not a point": {**good_geo, "location": {"type": "Polygon", "coordinates": [-79.04, 35.92]}},
        "latitude outside North Carolina": {**good_geo, "latitude": 40.7},
        "postal code outside North Carolina": {**good_geo, "postal_cd": "10001"},
        "seq not an integer": {**good_geo, "seq": "one"},
        "epoch a string": {**good_geo, "epoch": "1763711052"},
    }
    for what, event in bad_geo.items():
        assert errors_of(geo, event), f"the geo schema accepts an event with a bad {what}"


# --------------------------------------------------------------------------------------------------------------
# Error bodies and container definitions from the real server


def test_real_error_bodies_match_the_error_schema(server, raw, validators, database):
    db = database.id
    create_container(raw, db, {"id": "c", "partitionKey": {"paths": ["/pk"]}})
    cases = {
        404: raw.request("GET", f"/dbs/{db}/colls/missing"),
        409: raw.request("POST", "/dbs", json_body={"id": db}),
        400: raw.request("POST", f"/dbs/{db}/colls/c/docs", headers=QUERY_HEADERS,
                         body=json.dumps({"query": "SELECT FROM c WHERE"}).encode()),
    }
    unsigned = raw.request("GET", "/dbs", auth=False)
    wrong_key = RawCosmos(server.url, key="AAAA" + EMULATOR_KEY[4:]).request("GET", "/dbs")
    for status, response in [*cases.items(), (401, unsigned), (401, wrong_key)]:
        assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
        assert_valid(validators["error"], response.json(), f"the {status} body")
    assert errors_of(validators["error"], {"code": "NotFound"}), "an error body without a message must be invalid"
    assert errors_of(validators["error"], {"code": 404, "message": "x"}), "a numeric code must be invalid"


DEFINITIONS = [
    {"id": "plain", "partitionKey": {"paths": ["/pk"]}},
    streaming_definition("streaming"),
    {"id": "geo", "partitionKey": {"paths": ["/pk"], "kind": "Hash", "version": 2},
     "indexingPolicy": {"includedPaths": [{"path": "/epoch/?"}], "excludedPaths": [{"path": "/*"}],
                        "spatialIndexes": [{"path": "/location/*", "types": ["Point"]}]}},
    {"id": "everything", "partitionKey": {"paths": ["/tenant", "/user"], "kind": "MultiHash", "version": 2},
     "indexingPolicy": {"indexingMode": "consistent", "automatic": True,
                        "includedPaths": [{"path": "/*"}], "excludedPaths": [{"path": "/\"_etag\"/?"}, {"path": "/blob/*"}],
                        "compositeIndexes": [[{"path": "/a", "order": "ascending"}, {"path": "/b", "order": "descending"}]]},
     "defaultTtl": 3600, "uniqueKeyPolicy": {"uniqueKeys": [{"paths": ["/email"]}, {"paths": ["/a", "/b"]}]},
     "cosmolite": {"partitionKeyRangeCount": 4, "throughput": {"autoscaleMaximum": 4000}},
     "conflictResolutionPolicy": {"mode": "LastWriterWins", "conflictResolutionPath": "/_ts"}},
    {"id": "ttl-on", "partitionKey": {"paths": ["/pk"]}, "defaultTtl": -1, "cosmolite": None},
]

REJECTED_DEFINITIONS = {
    "Hash with two paths": {"id": "r1", "partitionKey": {"paths": ["/a", "/b"], "kind": "Hash"}},
    "four paths": {"id": "r2", "partitionKey": {"paths": ["/a", "/b", "/c", "/d"], "kind": "MultiHash"}},
    "version 1": {"id": "r3", "partitionKey": {"paths": ["/pk"], "version": 1}},
    "defaultTtl 0": {"id": "r4", "partitionKey": {"paths": ["/pk"]}, "defaultTtl": 0},
    "range count 65": {"id": "r5", "partitionKey": {"paths": ["/pk"]}, "cosmolite": {"partitionKeyRangeCount": 65}},
    "id with a slash": {"id": "a/b", "partitionKey": {"paths": ["/pk"]}},
    "no partition key": {"id": "r6"},
    "indexing mode": {"id": "r7", "partitionKey": {"paths": ["/pk"]}, "indexingPolicy": {"indexingMode": "eventual"}},
    "idSourcePath": {"id": "r8", "partitionKey": {"paths": ["/pk"]}, "cosmolite": {"idSourcePath": "eventId"}},
    "throughput 0": {"id": "r9", "partitionKey": {"paths": ["/pk"]}, "cosmolite": {"throughput": {"manual": 0}}},
    "throughput kind": {"id": "r10", "partitionKey": {"paths": ["/pk"]}, "cosmolite": {"throughput": {"serverless": True}}},
}


def test_container_definitions_read_back_match_the_schema(raw, validators, database):
    db = database.id
    schema = validators["container-definition"]
    for definition in DEFINITIONS:
        assert_valid(schema, definition, f"the request body of {definition['id']}")
        created = create_container(raw, db, definition)
        assert_valid(schema, created, f"the create answer of {definition['id']}")
        read = raw.request("GET", f"/dbs/{db}/colls/{definition['id']}")
        assert read.status_code == 200, read.text
        assert_valid(schema, read.json(), f"the definition of {definition['id']} read back")
    listed = raw.request("GET", f"/dbs/{db}/colls")
    assert listed.status_code == 200, listed.text
    collections = listed.json()["DocumentCollections"]
    assert sorted(c["id"] for c in collections) == sorted(d["id"] for d in DEFINITIONS)
    for collection in collections:
        assert_valid(schema, collection, f"the listed definition of {collection['id']}")


def test_definitions_the_server_rejects_are_invalid_by_the_schema(raw, validators, database):
    schema = validators["container-definition"]
    for what, definition in REJECTED_DEFINITIONS.items():
        response = raw.request("POST", f"/dbs/{database.id}/colls", json_body=definition)
        assert response.status_code == 400, f"{what}: the server answered {response.status_code}: {response.text}"
        assert errors_of(schema, definition), f"{what}: the schema accepts a definition the server rejects"


# --------------------------------------------------------------------------------------------------------------
# Simulator into the server, then the verifier


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sink", ["rest", "batch"])
def test_short_run_passes_verification(tools, server, database, tmp_path, sink):
    container = unique_name("run")
    summary_path = tmp_path / "summary.json"
    simulated = run_tool(tools["cosmolite-simulator"], "--endpoint", server.url, "--key", EMULATOR_KEY,
                         "--database", database.id, "--container", container, "--sink", sink,
                         "--rate", 300, "--duration", 5, "--devices", 10, "--duplicate-every", 50, "--seed", 5,
                         "--batch-window-ms", 100, "--summary-json", summary_path)
    assert simulated.returncode == 0, describe(simulated)
    assert "cosmolite-simulator summary" in simulated.stdout
    assert "acked" in simulated.stderr, "progress lines are missing from standard error"
    with open(summary_path, encoding="utf-8") as handle:
        summary = json.load(handle)
    assert summary["sent"] == 1500 and summary["acknowledged"] == 1500 and summary["failed"] == 0, summary
    duplicates = expected_duplicates(1500, 50)
    assert summary["duplicates"] == duplicates and summary["originals"] == 1500 - duplicates, summary
    assert summary["targetReached"] is True, summary
    assert summary["requestLatency"]["count"] == summary["requests"] > 0

    report_path = tmp_path / "report.json"
    # A 5 s run cannot fill a minute of _ts, so the windows are 1 s long here (the rules are otherwise the default).
    verified = verify(tools, server, database.id, container, "--expected-rate", 300, "--window", 1,
                      "--report-json", report_path)
    assert verified.returncode == 0, describe(verified)
    report, verdicts = rule_verdicts(report_path)
    assert verdicts == {"throughput": True, "latency": True, "duplicates": True, "sequence-gaps": True}, report
    assert report["totalEvents"] == 1500 - duplicates and report["distinctEvents"] == 1500 - duplicates, report
    assert report["partitions"] == 10
    for rule in ("throughput", "latency", "duplicates", "sequence-gaps"):
        assert f"PASS {rule}" in verified.stdout
    assert "RESULT: PASS" in verified.stdout


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sink", ["rest", "batch"])
def test_a_geo_run_passes_verification(tools, server, database, tmp_path, sink):
    """The second event shape end to end: geo events (partitioned on /pk, sequence `seq`, created at `timestamp`)
    written by the simulator and checked by the verifier with --shape geo."""
    container = unique_name("geo")
    summary_path = tmp_path / "summary.json"
    simulated = run_tool(tools["cosmolite-simulator"], "--endpoint", server.url, "--key", EMULATOR_KEY,
                         "--database", database.id, "--container", container, "--sink", sink, "--shape", "geo",
                         "--rate", 200, "--duration", 4, "--duplicate-every", 40, "--seed", 9,
                         "--batch-window-ms", 100, "--summary-json", summary_path)
    assert simulated.returncode == 0, describe(simulated)
    with open(summary_path, encoding="utf-8") as handle:
        summary = json.load(handle)
    duplicates = expected_duplicates(800, 40)
    assert summary["acknowledged"] == 800 and summary["failed"] == 0 and summary["duplicates"] == duplicates, summary

    report_path = tmp_path / "report.json"
    verified = verify(tools, server, database.id, container, "--shape", "geo", "--expected-rate", 200, "--window", 1,
                      "--report-json", report_path)
    assert verified.returncode == 0, describe(verified)
    report, verdicts = rule_verdicts(report_path)
    assert verdicts == {"throughput": True, "latency": True, "duplicates": True, "sequence-gaps": True}, report
    assert report["totalEvents"] == 800 - duplicates == report["distinctEvents"], report
    assert "RESULT: PASS" in verified.stdout


@pytest.mark.timeout(120)
def test_the_documented_end_to_end_command_runs_and_passes(tools, tmp_path):
    """Tools/Pipeline/run-e2e.sh, the README's one command, against the binaries under test: a fresh server, a short
    simulator run, the verifier's rules (5 s windows here), a clean stop; its exit status is the verifier's."""
    script = os.path.join(REPOSITORY_ROOT, "Tools", "Pipeline", "run-e2e.sh")
    environment = {**os.environ, "SKIP_BUILD": "1", "COSMOLITE_BINARY": BINARY, "PIPELINE_BIN": PIPELINE_BIN,
                   "OUT": str(tmp_path / "artifacts"), "DEVICES": "20", "TLS": "off"}
    result = subprocess.run([script, "200", "5"], capture_output=True, text=True, timeout=110, env=environment,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, describe(result)
    assert "RESULT: PASS (4 of 4 rules)" in result.stdout
    assert "e2e: CPU while sending" in result.stderr and "e2e: verifier exit status 0" in result.stderr
    with open(tmp_path / "artifacts" / "verifier.json", encoding="utf-8") as handle:
        report = json.load(handle)
    assert all(rule["passed"] for rule in report["rules"]), report
    assert os.path.exists(tmp_path / "artifacts" / "server.log")


@pytest.fixture
def loaded_events(tools, tmp_path):
    """600 streaming events of 6 devices (100 each on average), generated now, without re-deliveries."""
    lines = simulate_ndjson(tools, tmp_path / "events.ndjson", "--count", 600, "--devices", 6, "--duplicate-every", 0,
                            "--seed", 21)
    return [json.loads(line) for line in lines]


@pytest.mark.timeout(90)
def test_a_sequence_gap_fails_the_sequence_rule(tools, server, raw, database, loaded_events, tmp_path):
    container = unique_name("gap")
    create_container(raw, database.id, streaming_definition(container))
    victim = loaded_events[0]["deviceId"]
    numbers = sorted(e["deviceSequenceNumber"] for e in loaded_events if e["deviceId"] == victim)
    middle = numbers[len(numbers) // 2]
    kept = [e for e in loaded_events if not (e["deviceId"] == victim and e["deviceSequenceNumber"] == middle)]
    upsert_batches(raw, database.id, container, kept, "deviceId")

    report_path = tmp_path / "report.json"
    verified = verify(tools, server, database.id, container, "--expected-rate", 1, "--report-json", report_path)
    assert verified.returncode == 1, describe(verified)
    assert "FAIL sequence-gaps" in verified.stdout, describe(verified)
    assert f"{victim}: {middle - 1}→{middle + 1}" in verified.stdout, describe(verified)
    assert "RESULT: FAIL (sequence-gaps)" in verified.stdout
    report, verdicts = rule_verdicts(report_path)
    assert verdicts == {"throughput": True, "latency": True, "duplicates": True, "sequence-gaps": False}, report
    assert report["sequenceGaps"] == 1 and report["missingSequenceNumbers"] == 1
    assert report["failingPartitions"][0]["partition"] == victim


@pytest.mark.timeout(90)
def test_a_duplicate_event_fails_the_duplicate_rule(tools, server, raw, database, loaded_events, tmp_path):
    container = unique_name("dup")
    create_container(raw, database.id, streaming_definition(container))
    upsert_batches(raw, database.id, container, loaded_events, "deviceId")
    # The same event stored a second time under another document id: the store did not absorb this re-delivery.
    copy = dict(loaded_events[10], id=str(uuid.uuid4()))
    response = raw.request("POST", f"/dbs/{database.id}/colls/{container}/docs", json_body=copy,
                           headers={"x-ms-documentdb-partitionkey": json.dumps([copy["deviceId"]])})
    assert response.status_code == 201, response.text

    report_path = tmp_path / "report.json"
    verified = verify(tools, server, database.id, container, "--expected-rate", 1, "--report-json", report_path)
    assert verified.returncode == 1, describe(verified)
    assert "FAIL duplicates" in verified.stdout, describe(verified)
    assert "1 duplicate(s)" in verified.stdout
    report, verdicts = rule_verdicts(report_path)
    assert verdicts["duplicates"] is False and verdicts["throughput"] and verdicts["latency"], report
    assert report["totalEvents"] == 601 and report["distinctEvents"] == 600


@pytest.mark.timeout(60)
def test_the_throughput_rule_fails_below_the_target(tools, server, raw, database, loaded_events):
    container = unique_name("slow")
    create_container(raw, database.id, streaming_definition(container))
    upsert_batches(raw, database.id, container, loaded_events, "deviceId")
    verified = verify(tools, server, database.id, container, "--expected-rate", 1000)
    assert verified.returncode == 1, describe(verified)
    assert "FAIL throughput" in verified.stdout and "RESULT: FAIL (throughput)" in verified.stdout, describe(verified)


@pytest.mark.timeout(60)
def test_failed_events_are_counted_and_fail_the_run(tools, server, raw, database, tmp_path):
    # A container partitioned on /pk: streaming events (partition key value from deviceId) cannot be written to it.
    container = unique_name("mismatch")
    create_container(raw, database.id, {"id": container, "partitionKey": {"paths": ["/pk"]}})
    summary_path = tmp_path / "summary.json"
    simulated = run_tool(tools["cosmolite-simulator"], "--endpoint", server.url, "--database", database.id,
                         "--container", container, "--rate", 200, "--count", 50, "--no-progress",
                         "--summary-json", summary_path)
    assert simulated.returncode == 1, describe(simulated)
    with open(summary_path, encoding="utf-8") as handle:
        summary = json.load(handle)
    assert summary["failed"] == 50 and summary["acknowledged"] == 0, summary
    assert summary["errors"] and all(reason.startswith("HTTP 400") for reason in summary["errors"]), summary
    assert "failed            50" in simulated.stdout


def test_the_verifier_reports_an_unreadable_container(tools, server, database):
    verified = verify(tools, server, database.id, "does-not-exist", "--expected-rate", 10)
    assert verified.returncode == 2, describe(verified)
    assert "cannot read" in verified.stderr and "404" in verified.stderr


# --------------------------------------------------------------------------------------------------------------
# Import reports from the real `cosmolite import`


def run_import(*args, timeout=90):
    return subprocess.run([BINARY, "import", *map(str, args)], capture_output=True, text=True, timeout=timeout)


def read_report(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.timeout(120)
def test_real_import_reports_match_the_import_report_schema(tools, server, database, tmp_path):
    schema = load_schema("import-report.schema.json")
    lines = simulate_ndjson(tools, tmp_path / "events.ndjson", "--count", 400, "--devices", 8, "--duplicate-every", 40,
                            "--seed", 31)
    duplicates = expected_duplicates(400, 40)
    distinct = 400 - duplicates
    # One line that is not JSON: rejected with its position, the rest goes on.
    source = tmp_path / "with-reject.ndjson"
    source.write_text("\n".join(lines[:100] + ["{not json"] + lines[100:]) + "\n", encoding="utf-8")

    # Through the running server.
    report_path, rejects_path = tmp_path / "server-report.json", tmp_path / "server-rejects.ndjson"
    imported = run_import("--endpoint", server.url, "--key", EMULATOR_KEY, "--into", f"{database.id}/imported",
                          "--partition-key", "/deviceId", "--id-source", "/eventId", "--batch-size", 100,
                          "--report", report_path, "--reject-file", rejects_path, source)
    assert imported.returncode == 0, describe(imported)
    report = read_report(report_path)
    assert_valid(schema, report, "the report of an import through the server")
    assert report["target"] == f"{database.id}/imported"
    assert report["documents"] == 401 and report["rejected"] == 1, report
    assert report["created"] == distinct, report
    # (`superseded`, earlier versions of a document replaced later in the same input, is 0 here where it exists.)
    assert report["created"] + report["replaced"] + report["duplicates"] + report.get("superseded", 0) == 400, report
    assert report["rejectFile"] == str(rejects_path) and report["bytes"] > 400 * 900, report

    # Into a data directory, twice: the second import finds every document already stored.
    data = tmp_path / "data"
    array = tmp_path / "events.json"
    array.write_text("[" + ",".join(lines) + "]", encoding="utf-8")
    for attempt in (1, 2):
        report_path = tmp_path / f"directory-report-{attempt}.json"
        imported = run_import("--data-path", data, "--into", "streaming/rawdata", "--partition-key", "/deviceId",
                              "--id-source", "/eventId", "--report", report_path,
                              "--reject-file", tmp_path / "directory-rejects.ndjson", array)
        assert imported.returncode == 0, describe(imported)
        report = read_report(report_path)
        assert_valid(schema, report, f"the report of data-directory import {attempt}")
        assert report["rejected"] == 0 and report["rejectFile"] is None and report["errors"] == [], report
        if attempt == 1:
            assert (report["created"], report["duplicates"]) == (distinct, duplicates), report
        else:
            assert (report["created"], report["replaced"], report["duplicates"]) == (0, 0, 400), report

    # A file that is not a JSON array at all: a whole-file error, as the schema describes it.
    broken = tmp_path / "broken.json"
    broken.write_text("[{\"id\": \"a\", \"deviceId\": \"d\"}, {oops", encoding="utf-8")
    report_path = tmp_path / "broken-report.json"
    imported = run_import("--data-path", data, "--into", "streaming/rawdata", "--report", report_path,
                          "--reject-file", tmp_path / "broken-rejects.ndjson", broken)
    report = read_report(report_path)
    assert_valid(schema, report, "the report of an import of a broken file")
    assert report["errors"] and report["errors"][0]["file"] == str(broken), report

    for what, bad in {"missing counts": {k: v for k, v in report.items() if k != "created"},
                      "negative count": {**report, "rejected": -1},
                      "unknown property": {**report, "extra": 1},
                      "error without a reason": {**report, "errors": [{"file": "x"}]}}.items():
        assert errors_of(schema, bad), f"the import report schema accepts a report with {what}"
