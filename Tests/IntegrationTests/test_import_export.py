"""`cosmolite import` and `cosmolite export` run as a user runs them (the CLI as a subprocess): Event Hubs Capture replay
from Avro files written here by the Apache `avro` library and by `fastavro` (null and deflate codecs, several blocks,
the Capture directory layout), into a data directory no server holds and through a running server (`--endpoint`);
only the last version of each document written, so re-runs change nothing (same _etag values, no change feed
entries); damaged files, a wrong schema, non-JSON bodies and hand-made hostile records reported with file and
block/record while the rest is imported; NDJSON and JSON-array imports with a reject
file; export then import round trips; every `--report` validated against Schemas/import-report.schema.json; progress
output on and off a terminal; and the write outcome the server import relies on (`x-ms-cosmolite-write-outcome`)."""

import json
import os
import pathlib
import pty
import re
import subprocess
import time
import uuid

import avro.datafile
import avro.io
import avro.schema
import fastavro
import fastavro.write
import jsonschema
import pytest
from azure.cosmos import PartitionKey

from conftest import BINARY, make_client

REPORT_SCHEMA_PATH = pathlib.Path(__file__).resolve().parents[2] / "Schemas" / "import-report.schema.json"
SYSTEM_PROPERTIES = {"_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"}
CLI_TIMEOUT = 90

# The record Event Hubs Capture writes (Microsoft.ServiceBus.Messaging.EventData), as `avro-tools getschema` shows it.
CAPTURE_SCHEMA = {
    "type": "record",
    "name": "EventData",
    "namespace": "Microsoft.ServiceBus.Messaging",
    "fields": [
        {"name": "SequenceNumber", "type": "long"},
        {"name": "Offset", "type": "string"},
        {"name": "EnqueuedTimeUtc", "type": "string"},
        {"name": "SystemProperties", "type": {"type": "map", "values": ["long", "double", "string", "bytes"]}},
        {"name": "Properties", "type": {"type": "map", "values": ["long", "double", "string", "bytes"]}},
        {"name": "Body", "type": ["null", "bytes"]},
    ],
}
# Newer capture files also allow null application property values.
CAPTURE_SCHEMA_NULLABLE_PROPERTIES = json.loads(json.dumps(CAPTURE_SCHEMA).replace(
    '"values": ["long", "double", "string", "bytes"]}}, {"name": "Body"',
    '"values": ["long", "double", "string", "bytes", "null"]}}, {"name": "Body"'))
assert CAPTURE_SCHEMA_NULLABLE_PROPERTIES != CAPTURE_SCHEMA


# --------------------------------------------------------------------------------------------------------------
# Running the CLI


def report_validator():
    schema = json.loads(REPORT_SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


REPORT_VALIDATOR = report_validator()


def run_cli(*args, cwd, timeout=CLI_TIMEOUT):
    return subprocess.run([BINARY, *map(str, args)], cwd=cwd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)


class ImportRun:
    """One finished `cosmolite import`: exit code, output, the --report JSON (schema-checked) and the reject lines."""

    def __init__(self, completed, report, rejects):
        self.returncode = completed.returncode
        self.stdout = completed.stdout.decode("utf-8", "replace")
        self.stderr = completed.stderr.decode("utf-8", "replace")
        self.report = report
        self.rejects = rejects

    def counts(self):
        return {key: self.report[key]
                for key in ("documents", "created", "replaced", "duplicates", "superseded", "rejected", "files", "failedFiles")}


def run_import(work, *inputs, into, data_path=None, endpoint=None, extra=(), expect_rc=0):
    """Runs an import into a data directory (`data_path`) or through a server (`endpoint`) and checks the report."""
    tag = uuid.uuid4().hex[:8]
    report_path = work / f"report-{tag}.json"
    reject_path = work / f"rejects-{tag}.ndjson"
    target = ["--endpoint", endpoint] if endpoint else ["--data-path", data_path]
    completed = run_cli("import", *inputs, "--into", into, *target, "--report", report_path, "--reject-file", reject_path, *extra,
                        cwd=work)
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == expect_rc, f"exit {completed.returncode}, expected {expect_rc}:\n{stderr[-3000:]}"
    report = json.loads(report_path.read_text())
    REPORT_VALIDATOR.validate(report)
    rejects = [json.loads(line) for line in reject_path.read_text().splitlines()] if reject_path.exists() else []
    assert report["target"] == into
    assert report["rejectFile"] == (str(reject_path) if rejects else None)
    assert f"imported into {into}" in completed.stdout.decode()
    return ImportRun(completed, report, rejects)


def run_export(work, address, data_path=None, endpoint=None):
    """The NDJSON lines `cosmolite export` writes to standard output."""
    target = ["--endpoint", endpoint] if endpoint else ["--data-path", data_path]
    completed = run_cli("export", address, *target, cwd=work)
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 0, stderr[-3000:]
    lines = completed.stdout.decode("utf-8").splitlines()
    assert f"exported {len(lines)} documents from {address}" in stderr
    return lines


def body_of(item):
    return {key: value for key, value in item.items() if key not in SYSTEM_PROPERTIES}


def exact(text):
    """A JSON text parsed so that equal means the same JSON: integers exact, doubles exact, and booleans apart from
    numbers (Python's True == 1)."""
    def typed(value):
        if isinstance(value, dict):
            return {key: typed(member) for key, member in value.items()}
        if isinstance(value, list):
            return [typed(member) for member in value]
        if isinstance(value, bool):
            return ("boolean", value)
        if isinstance(value, (int, float)):
            return ("number", value)
        return value
    return typed(json.loads(text))


def minified(document):
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------------------------------------------
# Avro files written by the real libraries, and their framing read back independently


def write_with_avro(path, schema, blocks, codec):
    """Apache `avro`: DataFileWriter, one sync() per block (it ends the block there)."""
    parsed = avro.schema.parse(json.dumps(schema))
    with open(path, "wb") as handle:
        writer = avro.datafile.DataFileWriter(handle, avro.io.DatumWriter(), parsed, codec=codec)
        for block in blocks:
            for record in block:
                writer.append(record)
            writer.sync()
        writer.close()


def write_with_fastavro(path, schema, blocks, codec):
    """`fastavro`: Writer, one flush() per block."""
    with open(path, "wb") as handle:
        writer = fastavro.write.Writer(handle, fastavro.parse_schema(schema), codec=codec)
        for block in blocks:
            for record in block:
                writer.write(record)
            writer.flush()


WRITERS = {"avro": write_with_avro, "fastavro": write_with_fastavro}


def read_long(data, position):
    shift = result = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1), position
        shift += 7


def header_end(data):
    """Where the first block starts: after the magic, the metadata map and the sync marker."""
    assert data[:4] == b"Obj\x01"
    position = 4
    while True:
        count, position = read_long(data, position)
        if count == 0:
            return position + 16
        if count < 0:
            count = -count
            _, position = read_long(data, position)
        for _ in range(2 * count):  # keys and values, both length-prefixed
            length, position = read_long(data, position)
            position += length


def avro_blocks(path):
    """[(start, end, record count)] of every block, read from the bytes (a check independent of the libraries)."""
    data = pathlib.Path(path).read_bytes()
    position = header_end(data)
    sync = data[position - 16:position]
    blocks = []
    while position < len(data):
        start = position
        count, position = read_long(data, position)
        size, position = read_long(data, position)
        position += size
        assert data[position:position + 16] == sync
        position += 16
        blocks.append((start, position, count))
    return blocks


def check_written_by_library(path, codec, block_sizes):
    """The file is what we meant: the codec, and the blocks (as fastavro's own block reader sees them)."""
    with open(path, "rb") as handle:
        blocks = list(fastavro.block_reader(handle))
    assert [block.num_records for block in blocks] == block_sizes
    assert all(block.codec == codec for block in blocks)
    assert [count for _, _, count in avro_blocks(path)] == block_sizes


def capture_record(sequence, body, properties=None):
    enqueued = time.strftime("%m/%d/%Y %I:%M:%S %p", time.gmtime(1_709_280_000 + sequence))
    return {
        "SequenceNumber": sequence,
        "Offset": str(sequence * 512),
        "EnqueuedTimeUtc": enqueued,
        "SystemProperties": {"x-opt-sequence-number": sequence, "x-opt-offset": str(sequence * 512),
                             "x-opt-enqueued-time": 1_709_280_000_000 + sequence},
        "Properties": properties if properties is not None else {"source": "sensor-gateway", "attempt": 1, "ratio": 0.25, "raw": b"\x00\xff"},
        "Body": body,
    }


def capture_path(root, partition, when):
    year, month, day, hour, minute, second = when
    return (root / "cosmolite-ns" / "telemetry" / str(partition) / f"{year:04}" / f"{month:02}" / f"{day:02}" / f"{hour:02}"
            / f"{minute:02}" / f"{second:02}.avro")


# Capture order is partition, then time; partition 10 comes after partition 2 (numbers, not text), and a later day
# comes after an earlier one even at an earlier hour. Every library/codec pair appears.
CAPTURE_FILES = [
    (0, (2024, 3, 1, 10, 0, 0), "avro", "null", CAPTURE_SCHEMA),
    (0, (2024, 3, 1, 10, 5, 0), "avro", "deflate", CAPTURE_SCHEMA),
    (0, (2024, 3, 2, 9, 0, 0), "fastavro", "null", CAPTURE_SCHEMA_NULLABLE_PROPERTIES),
    (2, (2024, 3, 1, 10, 0, 0), "fastavro", "deflate", CAPTURE_SCHEMA_NULLABLE_PROPERTIES),
    (10, (2024, 2, 28, 23, 59, 59), "avro", "deflate", CAPTURE_SCHEMA),
    (10, (2024, 2, 29, 0, 0, 0), "fastavro", "null", CAPTURE_SCHEMA_NULLABLE_PROPERTIES),
]
HOT_VERSIONS = 40


class CaptureTree:
    """A Capture directory tree and what importing it must do: the final documents, the order of their last changes,
    and the counts (created, replaced, duplicates, superseded)."""

    def __init__(self, root):
        self.root = root
        self.files = []
        self.bodies_in_order = []
        plans = []
        sequence = 0
        previous = []
        for index, (partition, when, library, codec, schema) in enumerate(CAPTURE_FILES):
            bodies = []
            for n in range(30):
                document = {"id": f"f{index}-e{n:02}", "deviceId": f"dev-{n % 4}", "file": index, "n": n,
                            "reading": {"celsius": 20.5 + n / 8, "ok": n % 3 != 0}, "tags": ["capture", library, codec],
                            "note": "héllo ✓ \"quoted\""}
                bodies.append(minified(document).encode())
            if previous:
                # At-least-once delivery: the same events again (one re-spaced: bodies compare minified) ...
                bodies[3:3] = previous[:3]
                bodies.insert(10, json.dumps(json.loads(previous[3]), indent=1, ensure_ascii=False).encode())
                # ... and events that changed since.
                for changed in previous[5:7]:
                    document = json.loads(changed)
                    document["corrected"] = True
                    bodies.insert(20, minified(document).encode())
            # The same id in every file, twice: the last one in capture order wins.
            bodies.insert(1, minified({"id": "probe", "deviceId": "dev-probe", "file": index, "version": 0}).encode())
            bodies.append(minified({"id": "probe", "deviceId": "dev-probe", "file": index, "version": 1}).encode())
            if index == 3:
                # Many versions of one id in one file (one batch): only the last is written.
                for version in range(HOT_VERSIONS):
                    bodies.insert(2 * version, minified({"id": "hot", "deviceId": "dev-hot", "version": version}).encode())
            previous = [b for b in bodies if b"\"f" + str(index).encode() + b"-e" in b]
            blocks = [bodies[i:i + 12] for i in range(0, len(bodies), 12)]
            plans.append((capture_path(root, partition, when), library, codec, schema, blocks))
            self.bodies_in_order.extend(bodies)
        # Written latest first, so that nothing depends on the order files appear in a directory.
        for path, library, codec, schema, blocks in reversed(plans):
            path.parent.mkdir(parents=True, exist_ok=True)
            records = []
            for block in blocks:
                records.append([capture_record(sequence + i, body) for i, body in enumerate(block)])
                sequence += len(block)
            if schema is CAPTURE_SCHEMA_NULLABLE_PROPERTIES:
                records[0][0]["Properties"]["optional"] = None
            WRITERS[library](path, schema, records, codec)
            check_written_by_library(path, codec, [len(block) for block in blocks])
            assert len(blocks) >= 3
            self.files.insert(0, path)
        self.final, self.change_order, self.expected = simulate(self.bodies_in_order)
        assert self.expected["superseded"] > 0 and self.expected["duplicates"] > 0

    @property
    def events(self):
        return len(self.bodies_in_order)

    def add_update(self):
        """A later capture file in the last partition: changed, re-delivered and new documents, and two versions of
        "probe". Answers the expected counts, final documents and written ids of importing the whole tree again."""
        keys = sorted(key for key in self.final if key.startswith("f"))
        bodies = []
        for key in keys[:5]:
            document = json.loads(self.final[key])
            document["updated"] = True
            bodies.append(minified(document).encode())
        bodies += [self.final[key].encode() for key in keys[5:8]]
        bodies += [minified({"id": f"new-{n}", "deviceId": "dev-new", "n": n}).encode() for n in range(2)]
        bodies.insert(2, minified({"id": "probe", "deviceId": "dev-probe", "version": 2}).encode())
        bodies.append(minified({"id": "probe", "deviceId": "dev-probe", "version": 3}).encode())
        path = capture_path(self.root, 10, (2024, 2, 29, 0, 5, 0))
        path.parent.mkdir(parents=True, exist_ok=True)
        blocks = [bodies[i:i + 5] for i in range(0, len(bodies), 5)]
        write_with_fastavro(path, CAPTURE_SCHEMA, [[capture_record(9000 + 5 * b + i, body) for i, body in enumerate(block)]
                                                   for b, block in enumerate(blocks)], "deflate")
        self.files.append(path)
        self.bodies_in_order.extend(bodies)
        final, written, expected = simulate(self.bodies_in_order, stored=self.final)
        assert expected == {"created": 2, "replaced": 6, "duplicates": expected["duplicates"], "superseded": expected["superseded"]}
        self.change_order = [key for key in self.change_order if key not in written] + written
        self.final = final
        return expected, written

    def rerun(self):
        """The counts of importing the tree again: nothing written."""
        final, written, expected = simulate(self.bodies_in_order, stored=self.final)
        assert final == self.final and written == [] and expected["created"] == expected["replaced"] == 0
        return {"documents": self.events, **expected, "rejected": 0, "files": len(self.files), "failedFiles": 0}


def simulate(bodies, stored=None):
    """What an import of these bodies does to `stored` (minified bodies by id): only the last version of each id is
    written, where it comes (created, replaced, or a duplicate when equal to the stored body); an earlier version equal
    to the last one is a duplicate, another one superseded. Bodies compare minified. Answers the final bodies by id,
    the ids created or replaced in write order (the change feed order, for an empty `stored`) and the counts."""
    documents = [json.loads(body) for body in bodies]
    last = {document["id"]: index for index, document in enumerate(documents)}
    final = dict(stored or {})
    counts = {"created": 0, "replaced": 0, "duplicates": 0, "superseded": 0}
    changed = []
    for index, document in enumerate(documents):
        key, canonical = document["id"], minified(document)
        if last[key] != index:
            counts["duplicates" if minified(documents[last[key]]) == canonical else "superseded"] += 1
        elif final.get(key) == canonical:
            counts["duplicates"] += 1
        else:
            counts["created" if key not in final else "replaced"] += 1
            final[key] = canonical
            changed.append(key)
    return final, changed, counts


def read_items(container):
    return {item["id"]: item for item in container.query_items("SELECT * FROM c", enable_cross_partition_query=True)}


def assert_holds_exactly(container, tree):
    items = read_items(container)
    assert sorted(items) == sorted(tree.final)
    for key, body in tree.final.items():
        assert body_of(items[key]) == json.loads(body), key
    assert items["hot"]["version"] == HOT_VERSIONS - 1
    return items


def change_feed_ids(container):
    return [item["id"] for item in container.query_items_change_feed(start_time="Beginning")]


# --------------------------------------------------------------------------------------------------------------
# Event Hubs Capture replay


@pytest.mark.timeout(180)
def test_capture_replay_into_a_data_directory_is_ordered_and_idempotent(tmp_path, server_factory):
    tree = CaptureTree(tmp_path / "capture")
    data = str(tmp_path / "data")
    first = run_import(tmp_path, "--capture", tree.root, into="replay/events", data_path=data,
                       extra=["--partition-key", "/deviceId"])
    assert first.counts() == {"documents": tree.events, **tree.expected, "rejected": 0, "files": len(CAPTURE_FILES), "failedFiles": 0}
    assert first.report["errors"] == [] and first.rejects == []
    assert first.report["bytes"] == sum(path.stat().st_size for path in tree.files)
    expected = tree.expected
    assert (f"{expected['created']} created, 0 replaced, {expected['duplicates']} duplicates, 0 rejected; "
            f"{expected['superseded']} superseded by later versions in the input; {len(CAPTURE_FILES)} capture files read") in first.stdout
    assert json.loads(tree.final["probe"]) == {"id": "probe", "deviceId": "dev-probe", "file": len(CAPTURE_FILES) - 1, "version": 1}

    server = server_factory(data_path=data)
    container = make_client(server.url).get_database_client("replay").get_container_client("events")
    items = assert_holds_exactly(container, tree)
    # Directory imports write in capture order, so the change feed (last change per id) follows it exactly.
    assert change_feed_ids(container) == tree.change_order
    etags = {key: (item["_etag"], item["_ts"]) for key, item in items.items()}
    assert server.stop() == 0

    # Again, files named in another order: nothing is written (same _etag and _ts, no change feed entries).
    again = run_import(tmp_path, "--capture", *reversed(tree.files), into="replay/events", data_path=data)
    assert again.counts() == tree.rerun()
    assert again.report["duplicates"] > len(tree.final) and again.report["superseded"] == tree.expected["superseded"]
    assert "0 created, 0 replaced" in again.stdout
    server = server_factory(data_path=data)
    container = make_client(server.url).get_database_client("replay").get_container_client("events")
    items = assert_holds_exactly(container, tree)
    assert {key: (item["_etag"], item["_ts"]) for key, item in items.items()} == etags
    assert change_feed_ids(container) == tree.change_order
    assert server.stop() == 0

    # A later file with changes: the tree imported again writes only what changed, as the last version in capture order.
    update, written = tree.add_update()
    third = run_import(tmp_path, "--capture", tree.root, into="replay/events", data_path=data)
    assert third.counts() == {"documents": tree.events, **update, "rejected": 0, "files": len(tree.files), "failedFiles": 0}
    server = server_factory(data_path=data)
    container = make_client(server.url).get_database_client("replay").get_container_client("events")
    items = assert_holds_exactly(container, tree)
    assert items["probe"]["version"] == 3
    assert {key for key, item in items.items() if (item["_etag"], item["_ts"]) != etags.get(key)} == set(written)
    assert change_feed_ids(container) == tree.change_order


@pytest.mark.timeout(180)
def test_capture_replay_through_the_server_counts_like_a_data_directory(server, database, tmp_path):
    tree = CaptureTree(tmp_path / "capture")
    address = f"{database.id}/events"
    first = run_import(tmp_path, "--capture", tree.root, into=address, endpoint=server.url,
                       extra=["--partition-key", "/deviceId"])
    # The server tells an unchanged re-delivery from a replace (x-ms-cosmolite-write-outcome): same counts as a directory.
    assert first.counts() == {"documents": tree.events, **tree.expected, "rejected": 0, "files": len(CAPTURE_FILES), "failedFiles": 0}
    container = database.get_container_client("events")
    items = assert_holds_exactly(container, tree)
    etags = {key: (item["_etag"], item["_ts"]) for key, item in items.items()}
    changes = change_feed_ids(container)

    again = run_import(tmp_path, "--capture", tree.root, into=address, endpoint=server.url)
    assert again.counts() == tree.rerun()
    items = assert_holds_exactly(container, tree)
    assert {key: (item["_etag"], item["_ts"]) for key, item in items.items()} == etags
    assert change_feed_ids(container) == changes

    update, written = tree.add_update()
    third = run_import(tmp_path, "--capture", tree.root, into=address, endpoint=server.url)
    assert third.counts() == {"documents": tree.events, **update, "rejected": 0, "files": len(tree.files), "failedFiles": 0}
    items = assert_holds_exactly(container, tree)
    assert {key for key, item in items.items() if item["_etag"] != etags.get(key, (None,))[0]} == set(written)
    assert sorted(change_feed_ids(container)) == sorted(items)


def damaged_capture_tree(root):
    """Good files around a truncated one, one with a damaged sync marker, one of another schema, one that is not Avro,
    and one whose records include a non-JSON body and an absent body. Answers the paths and the good bodies."""
    sequence = iter(range(1_000_000))

    def events(prefix, count):
        return [minified({"id": f"{prefix}-{n:02}", "deviceId": f"dev-{n % 3}", "n": n}).encode() for n in range(count)]

    def write(path, library, codec, bodies, per_block=10, schema=CAPTURE_SCHEMA):
        blocks = [[capture_record(next(sequence), body) for body in bodies[i:i + per_block]] for i in range(0, len(bodies), per_block)]
        WRITERS[library](path, schema, blocks, codec)
        return blocks

    paths = {name: capture_path(root, partition, (2024, 5, 1, 12, minute, 0)) for name, partition, minute in [
        ("good-first", 0, 0), ("truncated", 0, 1), ("bad-sync", 0, 2), ("wrong-schema", 0, 3), ("not-avro", 0, 4),
        ("bad-bodies", 1, 0), ("good-last", 1, 1)]}
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    imported = []
    good_first = events("good-first", 12)
    write(paths["good-first"], "avro", "deflate", good_first)
    imported += good_first

    offsets = {}
    truncated = events("truncated", 40)
    write(paths["truncated"], "fastavro", "deflate", truncated)
    blocks = avro_blocks(paths["truncated"])
    assert len(blocks) == 4
    cut_block_start, cut_block_end, _ = blocks[2]
    offsets["truncated"] = cut_block_start
    data = paths["truncated"].read_bytes()
    paths["truncated"].write_bytes(data[:(cut_block_start + cut_block_end) // 2])
    imported += truncated[:20]

    bad_sync = events("bad-sync", 40)
    write(paths["bad-sync"], "avro", "null", bad_sync)
    blocks = avro_blocks(paths["bad-sync"])
    assert len(blocks) == 4
    offsets["bad-sync"] = blocks[1][0]
    data = bytearray(paths["bad-sync"].read_bytes())
    data[blocks[1][1] - 7] ^= 0xFF  # inside the sync marker that ends block 1
    paths["bad-sync"].write_bytes(bytes(data))
    imported += bad_sync[:10] + bad_sync[20:]

    other = {"type": "record", "name": "Reading", "namespace": "example", "fields": [
        {"name": "deviceId", "type": "string"}, {"name": "celsius", "type": "double"}]}
    with open(paths["wrong-schema"], "wb") as handle:
        fastavro.writer(handle, fastavro.parse_schema(other), [{"deviceId": "d", "celsius": 1.5}] * 5, codec="deflate")

    paths["not-avro"].write_bytes(b"PK\x03\x04 this is a zip file, not Avro")

    bad_bodies = events("bad-bodies", 30)
    bad_bodies[13] = b"temperature=21.5;unit=C"  # block 1, record 3
    bad_bodies[20] = None  # block 2, record 0: Body null
    write(paths["bad-bodies"], "fastavro", "null", bad_bodies)
    imported += [b for i, b in enumerate(bad_bodies) if i not in (13, 20)]

    good_last = events("good-last", 7)
    write(paths["good-last"], "avro", "null", good_last, per_block=3)
    imported += good_last
    return paths, offsets, {json.loads(body)["id"]: json.loads(body) for body in imported}


@pytest.mark.timeout(180)
@pytest.mark.parametrize("mode", ["data-path", "endpoint"])
def test_damaged_capture_files_are_reported_and_the_others_imported(mode, server, server_factory, tmp_path):
    paths, offsets, expected = damaged_capture_tree(tmp_path / "capture")
    if mode == "endpoint":
        database = f"damaged-{uuid.uuid4().hex[:8]}"
        target = {"endpoint": server.url}
    else:
        database = "damaged"
        target = {"data_path": str(tmp_path / "data")}
    run = run_import(tmp_path, "--capture", tmp_path / "capture", into=f"{database}/events", expect_rc=2,
                     extra=["--partition-key", "/deviceId"], **target)

    # Whole files that cannot be read: failed, exit status 2, the others go on.
    errors = {pathlib.Path(e["file"]).relative_to(tmp_path / "capture").as_posix(): e for e in run.report["errors"]}
    relative = {name: path.relative_to(tmp_path / "capture").as_posix() for name, path in paths.items()}
    assert "SequenceNumber" in errors[relative["wrong-schema"]]["reason"] and "position" not in errors[relative["wrong-schema"]]
    assert "not an Avro object container file" in errors[relative["not-avro"]]["reason"]
    # Damaged blocks: file, block and byte offset; only the damaged stretch is lost.
    assert errors[relative["truncated"]]["position"] == f"block 2 (at byte {offsets['truncated']})"
    assert "ends in the middle of a block" in errors[relative["truncated"]]["reason"]
    assert errors[relative["bad-sync"]]["position"] == f"block 1 (at byte {offsets['bad-sync']})"
    assert "sync marker" in errors[relative["bad-sync"]]["reason"]
    assert errors[relative["bad-bodies"]] == {"file": str(paths["bad-bodies"]), "position": "block 2, record 0",
                                              "reason": "the event has no body"}
    assert len(run.report["errors"]) == 5

    # A body that is not JSON goes to the reject file with its file, block, record and sequence number, and its text.
    by_position = {(pathlib.Path(r["file"]).name, r["position"].split(" (sequence")[0]): r for r in run.rejects}
    not_json = by_position[(paths["bad-bodies"].name, "block 1, record 3")]
    assert not_json["file"] == str(paths["bad-bodies"])
    assert re.fullmatch(r"block 1, record 3 \(sequence number \d+\)", not_json["position"])
    assert "not valid JSON" in not_json["reason"] and not_json["text"] == "temperature=21.5;unit=C"
    assert len(run.rejects) == 6  # 5 errors + the non-JSON body
    assert run.counts() == {"documents": len(expected) + 1, "created": len(expected), "replaced": 0, "duplicates": 0, "superseded": 0,
                            "rejected": 4, "files": 5, "failedFiles": 2}
    for name in ("wrong-schema", "not-avro", "truncated", "bad-sync", "bad-bodies"):
        assert str(paths[name]) in run.stderr

    if mode == "endpoint":
        container = make_client(server.url).get_database_client(database).get_container_client("events")
    else:
        other = server_factory(data_path=target["data_path"])
        container = make_client(other.url).get_database_client(database).get_container_client("events")
    try:
        items = read_items(container)
        assert sorted(items) == sorted(expected)
        assert all(body_of(items[key]) == document for key, document in expected.items())
    finally:
        if mode == "endpoint":
            make_client(server.url).delete_database(database)


def avro_long(value):
    """Avro's zig-zag variable-length encoding of a 64-bit integer."""
    encoded = ((value << 1) ^ (value >> 63)) & ((1 << 64) - 1)
    out = bytearray()
    while True:
        byte, encoded = encoded & 0x7F, encoded >> 7
        if not encoded:
            return bytes(out + bytes([byte]))
        out.append(byte | 0x80)


def avro_bytes(data):
    return avro_long(len(data)) + data


def hand_made_record(sequence, body, offset=None, system_properties=b"\x00", body_branch=1):
    """An EventData record encoded by hand (fields in schema order; empty maps unless given)."""
    offset = offset if offset is not None else str(sequence).encode()
    return (avro_long(sequence) + avro_bytes(offset) + avro_bytes(b"03/01/2024 10:00:00 AM") + system_properties + b"\x00"
            + avro_long(body_branch) + avro_bytes(body))


def hand_made_capture_file(path, blocks):
    """An object container file built byte by byte: [(declared record count, payload)], null codec."""
    sync = bytes(range(16))
    metadata = {b"avro.schema": json.dumps(CAPTURE_SCHEMA).encode(), b"avro.codec": b"null"}
    header = b"Obj\x01" + avro_long(len(metadata)) + b"".join(avro_bytes(k) + avro_bytes(v) for k, v in metadata.items())
    header += b"\x00" + sync
    path.write_bytes(header + b"".join(avro_long(count) + avro_bytes(payload) + sync for count, payload in blocks))


@pytest.mark.timeout(120)
def test_a_damaged_deflate_block_and_an_unknown_codec_are_reported(tmp_path, server_factory):
    """A deflate block whose framing is intact but whose compressed bytes are damaged loses only that block; a file
    that names a codec other than null and deflate is reported as a whole. Both written by fastavro."""
    root = tmp_path / "capture"
    damaged = capture_path(root, 0, (2024, 6, 1, 0, 0, 0))
    unknown = capture_path(root, 0, (2024, 6, 1, 0, 1, 0))
    good = capture_path(root, 1, (2024, 6, 1, 0, 0, 0))
    for path in (damaged, unknown, good):
        path.parent.mkdir(parents=True, exist_ok=True)
    bodies = [minified({"id": f"z-{n:02}", "deviceId": f"dev-{n % 2}", "n": n, "pad": "y" * 40}).encode() for n in range(30)]
    blocks = [[capture_record(100 + n, body) for n, body in enumerate(bodies[i:i + 10], start=i)] for i in range(0, 30, 10)]
    write_with_fastavro(damaged, CAPTURE_SCHEMA, blocks, "deflate")
    framing = avro_blocks(damaged)
    assert len(framing) == 3
    start, end, _ = framing[1]
    data = bytearray(damaged.read_bytes())
    middle = (start + end - 16) // 2
    data[middle:middle + 8] = bytes(b ^ 0x5A for b in data[middle:middle + 8])  # inside block 1's compressed bytes
    damaged.write_bytes(bytes(data))
    assert avro_blocks(damaged) == framing  # the framing still reads
    write_with_fastavro(good, CAPTURE_SCHEMA, [[capture_record(500, minified({"id": "g-1", "deviceId": "dev-9"}).encode())]], "null")
    write_with_fastavro(unknown, CAPTURE_SCHEMA, [[capture_record(600, minified({"id": "u-1", "deviceId": "dev-9"}).encode())]], "null")
    raw = bytearray(unknown.read_bytes())
    codec_entry = avro_bytes(b"avro.codec") + avro_bytes(b"null")
    codec_at = raw.index(codec_entry) + len(codec_entry) - 4
    raw[codec_at:codec_at + 4] = b"lz4x"  # same length: the header still parses, the codec is unknown
    unknown.write_bytes(bytes(raw))

    run = run_import(tmp_path, "--capture", root, into="codec/events", data_path=str(tmp_path / "data"), expect_rc=2,
                     extra=["--partition-key", "/deviceId"])
    by_file = {error["file"]: error for error in run.report["errors"]}
    assert set(by_file) == {str(damaged), str(unknown)}, run.report["errors"]
    assert by_file[str(unknown)]["reason"] == "unsupported codec 'lz4x' (null and deflate are supported)"
    assert by_file[str(damaged)]["position"] == f"block 1 (at byte {start})"
    assert "deflate block is damaged" in by_file[str(damaged)]["reason"]
    expected = {json.loads(body)["id"] for body in bodies[:10] + bodies[20:]} | {"g-1"}
    assert run.counts()["created"] == len(expected) and run.counts()["failedFiles"] == 1

    server = server_factory(data_path=str(tmp_path / "data"))
    container = make_client(server.url).get_database_client("codec").get_container_client("events")
    assert sorted(read_items(container)) == sorted(expected)


@pytest.mark.timeout(120)
def test_hostile_capture_records_are_reported_without_harm(tmp_path, server_factory):
    """Values no library writes (a map count of -2^63, a union branch that does not exist, counts far beyond the data,
    text that is not UTF-8): each damaged record is reported, the sound ones are imported, and nothing crashes."""
    def good(n):
        return hand_made_record(n, minified({"id": f"hostile-{n}", "deviceId": "d"}).encode())

    path = tmp_path / "capture" / "hostile.avro"
    path.parent.mkdir()
    hand_made_capture_file(path, [
        (2, good(0) + good(1)),
        (2, hand_made_record(90, b"{}", system_properties=avro_long(-(1 << 63))) + good(91)),  # 91 is lost with 90
        (1, hand_made_record(92, b"{}", body_branch=7)),
        (3, good(2)),
        ((1 << 62), good(3)),
        (1, hand_made_record(93, b"{}", system_properties=avro_long(1 << 40))),
        (1, hand_made_record(94, b"{}", offset=b"\xff\xfe")),
        (1, good(4)),
    ])
    data = str(tmp_path / "data")
    run = run_import(tmp_path, "--capture", path, into="hostile/events", data_path=data, extra=["--partition-key", "/deviceId"])
    problems = {error["position"]: error["reason"] for error in run.report["errors"]}
    assert set(problems) == {"block 1, record 0", "block 2, record 0", "block 3, record 1", "block 4, record 1",
                             "block 5, record 0", "block 6, record 0"}, problems
    assert "out of range" in problems["block 1, record 0"] and "union branch" in problems["block 2, record 0"]
    assert "ends in the middle" in problems["block 3, record 1"] and "ends in the middle" in problems["block 4, record 1"]
    assert "UTF-8" in problems["block 6, record 0"]
    assert run.counts() == {"documents": 5, "created": 5, "replaced": 0, "duplicates": 0, "superseded": 0, "rejected": 6, "files": 1,
                            "failedFiles": 0}
    assert sorted(r["position"] for r in run.rejects) == sorted(problems)

    container = make_client(server_factory(data_path=data).url).get_database_client("hostile").get_container_client("events")
    assert sorted(read_items(container)) == [f"hostile-{n}" for n in range(5)]


# --------------------------------------------------------------------------------------------------------------
# NDJSON and JSON arrays


NDJSON_LINES = [
    b'{"id":"n1","pk":"a","v":1}',
    b"",
    b'{"id":"n2","pk":"b","v":[1,2,{"x":null}]}\r',  # CRLF line ending
    b'{"id":"n3","pk":"a",',
    b"[1,2,3]",
    b'{"pk":"a","v":"no id"}',
    b'{"id":42,"pk":"a"}',
    '{"id":"n4","pk":"c","s":"h\u00e9llo \u2713 \\"quoted\\""}'.encode(),
    b'{"id":"n1","pk":"a","v":1}',
    b'{"id":"n2","pk":"b","v":2}',
    b'   {"id":"n5","pk":"a"}   ',
    b"\t",
    b'{"id":"n6","pk":"a","big":12345678901234567890,"f":1.5e300,"z":-0.0}',
]
NDJSON_REJECTS = {  # line number -> what the reason must mention
    4: "not valid JSON",
    5: "JSON object",
    6: "id",
    7: "id",
}


@pytest.fixture(params=["data-path", "endpoint"])
def target(request, server, tmp_path):
    """Where an import goes: a fresh data directory, or a fresh database on the shared server."""
    if request.param == "data-path":
        yield {"data_path": str(tmp_path / "data")}, "imports", None
    else:
        name = f"imports-{uuid.uuid4().hex[:8]}"
        yield {"endpoint": server.url}, name, make_client(server.url)
        make_client(server.url).delete_database(name)


def container_after(target_spec, database, container, server_factory):
    spec, _, client = target_spec
    if client is None:
        client = make_client(server_factory(data_path=spec["data_path"]).url)
    return client.get_database_client(database).get_container_client(container)


@pytest.mark.timeout(120)
def test_ndjson_bad_lines_go_to_the_reject_file_and_the_rest_is_imported(target, server_factory, tmp_path):
    spec, database, _ = target
    source = tmp_path / "input.ndjson"
    source.write_bytes(b"\n".join(NDJSON_LINES))
    run = run_import(tmp_path, source, into=f"{database}/docs", extra=["--partition-key", "/pk"], **spec)
    # n1 comes twice alike (a duplicate); n2 twice, different: only the last is written, the first is superseded.
    assert run.counts() == {"documents": 11, "created": 5, "replaced": 0, "duplicates": 1, "superseded": 1, "rejected": 4, "files": 0,
                            "failedFiles": 0}
    assert run.report["errors"] == []
    assert [r["position"] for r in run.rejects] == [f"line {n}" for n in NDJSON_REJECTS]
    for reject, (line, mentions) in zip(run.rejects, NDJSON_REJECTS.items()):
        assert reject["file"] == str(source)
        assert mentions in reject["reason"], reject
        assert reject["text"] == NDJSON_LINES[line - 1].decode()
    assert run.report["bytes"] == source.stat().st_size

    items = read_items(container_after(target, database, "docs", server_factory))
    assert sorted(items) == ["n1", "n2", "n4", "n5", "n6"]
    assert body_of(items["n2"]) == {"id": "n2", "pk": "b", "v": 2}
    assert items["n4"]["s"] == 'héllo ✓ "quoted"'


@pytest.mark.timeout(120)
def test_json_array_import_and_a_broken_array_fails_only_its_file(target, server_factory, tmp_path):
    spec, database, _ = target
    array = tmp_path / "documents.json"
    array.write_text("""[
      {"id": "j1", "pk": "a", "n": 1},
      42,
      {"id": "j2", "pk": "b", "nested": {"deep": [1, {"x": "y"}], "empty": {}}},
      {"id": "j1", "pk": "a", "n": 1},
      {"id": "j3", "pk": "a", "text": "\\u00e9\\ud83d\\ude00"}
    ]""")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "pk": "a"}, {"id": ')
    after = tmp_path / "after.ndjson"
    after.write_text('{"id":"l1","pk":"a"}\n')
    run = run_import(tmp_path, array, broken, after, into=f"{database}/docs", extra=["--partition-key", "/pk"], expect_rc=2, **spec)
    assert run.counts() == {"documents": 6, "created": 4, "replaced": 0, "duplicates": 1, "superseded": 0, "rejected": 1, "files": 0,
                            "failedFiles": 1}
    assert [(r["file"], r["position"]) for r in run.rejects] == [(str(array), "element 1"), (str(broken), "file")]
    assert "JSON object" in run.rejects[0]["reason"] and run.rejects[0]["text"] == "42"
    assert run.report["errors"] == [{"file": str(broken), "reason": run.rejects[1]["reason"]}]
    assert "not valid JSON" in run.rejects[1]["reason"]
    assert run.report["bytes"] == sum(path.stat().st_size for path in (array, broken, after))

    items = read_items(container_after(target, database, "docs", server_factory))
    assert sorted(items) == ["j1", "j2", "j3", "l1"]
    assert body_of(items["j2"]) == {"id": "j2", "pk": "b", "nested": {"deep": [1, {"x": "y"}], "empty": {}}}
    assert items["j3"]["text"] == "é😀"


IDENTITY_LINES = [
    '{"id":"caf\u00e9","pk":"a","v":1}',  # é as one code point ...
    '{"id":"cafe\u0301","pk":"a","v":2}',  # ... and as e + combining accent: another id, although Unicode-equivalent
    '{"id":"u","v":1}',  # no partition key value (undefined) ...
    '{"id":"u","pk":{},"v":2}',  # ... is not an object value, which the store rejects: the first must still be written
    '{"id":"n","pk":1,"v":1}',  # superseded by line 7
    '{"id":"n","pk":"1","v":2}',  # a string key: another document
    '{"id":"n","pk":1,"v":3}',
    '{"id":"n","pk":1.0,"v":4}',  # the store's key is the number 1 again; the importer tells texts apart, so both are written
]


@pytest.mark.timeout(120)
def test_only_versions_of_the_same_document_supersede_each_other(target, server_factory, tmp_path):
    """The importer's notion of "the same document" must never be coarser than the store's: a document it wrongly
    thought superseded would be lost."""
    spec, database, _ = target
    source = tmp_path / "identity.ndjson"
    source.write_text("\n".join(IDENTITY_LINES) + "\n", encoding="utf-8")
    run = run_import(tmp_path, source, into=f"{database}/docs", extra=["--partition-key", "/pk"], **spec)
    assert run.counts() == {"documents": 8, "created": 5, "replaced": 1, "duplicates": 0, "superseded": 1, "rejected": 1, "files": 0,
                            "failedFiles": 0}
    assert [r["position"] for r in run.rejects] == ["line 4"]

    container = container_after(target, database, "docs", server_factory)
    items = list(container.query_items("SELECT * FROM c", enable_cross_partition_query=True))
    found = sorted((item["id"], json.dumps(item.get("pk")), item["v"]) for item in items)
    assert found == sorted([("caf\u00e9", '"a"', 1), ("cafe\u0301", '"a"', 2), ("u", "null", 1), ("n", '"1"', 2), ("n", "1.0", 4)])


@pytest.mark.timeout(120)
def test_ids_from_an_id_source_path_identify_versions_too(target, server_factory, tmp_path):
    spec, database, _ = target
    source = tmp_path / "events.ndjson"
    source.write_text("\n".join([
        '{"eventId":"e1","pk":"a","v":1}',
        '{"eventId":"e2","pk":"a","v":1}',
        '{"eventId":"e1","pk":"a","v":2}',
        '{"eventId":"e2","pk":"a","v":1}',
        '{"pk":"a","v":0}',
    ]) + "\n")
    first = run_import(tmp_path, source, into=f"{database}/events", extra=["--partition-key", "/pk", "--id-source", "/eventId"], **spec)
    assert first.counts() == {"documents": 5, "created": 2, "replaced": 0, "duplicates": 1, "superseded": 1, "rejected": 1, "files": 0,
                              "failedFiles": 0}
    assert [r["position"] for r in first.rejects] == ["line 5"] and "eventId" in first.rejects[0]["reason"]
    again = run_import(tmp_path, source, into=f"{database}/events", **spec)
    assert again.counts() == {**first.counts(), "created": 0, "duplicates": 3}

    items = read_items(container_after(target, database, "events", server_factory))
    assert {key: (item["eventId"], item["v"]) for key, item in items.items()} == {"e1": ("e1", 2), "e2": ("e2", 1)}


def test_import_of_a_missing_file_fails_before_writing(tmp_path):
    completed = run_cli("import", tmp_path / "absent.ndjson", "--into", "db/c", "--data-path", tmp_path / "data",
                        "--partition-key", "/pk", cwd=tmp_path)
    assert completed.returncode != 0
    assert "cannot read" in completed.stderr.decode()
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------------------------------------------
# Export, then import


ROUND_TRIP_DOCUMENTS = [
    {"id": "plain", "pk": "a", "n": 1},
    {"id": "with space é ✓ & 'quote' +%=", "pk": "a", "text": "line\nbreak \"quoted\" back\\slash\ttab \u0001 😀", "empty": "", "obj": {},
     "arr": [], "null": None, "flags": [True, False]},
    {"id": "numbers", "pk": "b", "int": 9007199254740993, "neg": -42, "zero": 0, "float": 0.1, "small": 1e-7, "big": 1.5e300,
     "third": 1 / 3, "long": -9223372036854775808, "huge": 123456789012345678901234567890},
    {"id": "nested", "pk": "b", "deep": {"a": [{"b": [{"c": [1, [2, [3, {"d": "e"}]]]}]}]}, "unicode": "日本語"},
    {"id": "numeric-pk", "pk": 7, "v": "partition key that is a number"},
]


def assert_round_trip(source_lines, copy_lines):
    """The copy's export equals the source's, byte for byte, and the documents are the originals exactly."""
    assert sorted(copy_lines) == sorted(source_lines)
    exported = {json.loads(line)["id"]: exact(line) for line in source_lines}
    for document in ROUND_TRIP_DOCUMENTS:
        assert exported[document["id"]] == exact(json.dumps(document)), document["id"]
        assert not SYSTEM_PROPERTIES & exported[document["id"]].keys()


@pytest.mark.timeout(120)
def test_export_then_import_through_the_server_round_trips_exactly(server, database, tmp_path):
    source = database.create_container("source", PartitionKey("/pk"))
    for document in ROUND_TRIP_DOCUMENTS:
        source.create_item(document)
    for partition in range(12):  # more than one page of the export's query
        source.execute_item_batch([("create", ({"id": f"bulk-{partition}-{n:03}", "pk": f"p{partition}", "n": n},)) for n in range(100)],
                                  partition_key=f"p{partition}")
    exported = run_export(tmp_path, f"{database.id}/source", endpoint=server.url)
    assert len(exported) == len(ROUND_TRIP_DOCUMENTS) + 1200
    dump = tmp_path / "source.ndjson"
    dump.write_text("\n".join(exported) + "\n")

    run = run_import(tmp_path, dump, into=f"{database.id}/copy", endpoint=server.url, extra=["--partition-key", "/pk"])
    assert run.counts() == {"documents": len(exported), "created": len(exported), "replaced": 0, "duplicates": 0, "superseded": 0,
                            "rejected": 0, "files": 0, "failedFiles": 0}
    copied = run_export(tmp_path, f"{database.id}/copy", endpoint=server.url)
    assert_round_trip(exported, copied)

    originals, copies = read_items(source), read_items(database.get_container_client("copy"))
    assert sorted(originals) == sorted(copies)
    for key, item in copies.items():
        assert body_of(item) == body_of(originals[key])
        assert item["_rid"] != originals[key]["_rid"]  # system properties are the copy's own


@pytest.mark.timeout(120)
def test_export_then_import_on_a_data_directory_round_trips_exactly(server_factory, tmp_path):
    data = str(tmp_path / "data")
    seed = tmp_path / "seed.ndjson"
    seed.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in ROUND_TRIP_DOCUMENTS) + "\n")
    run_import(tmp_path, seed, into="rt/source", data_path=data, extra=["--partition-key", "/pk"])
    exported = run_export(tmp_path, "rt/source", data_path=data)
    dump = tmp_path / "source.ndjson"
    dump.write_text("\n".join(exported))
    run = run_import(tmp_path, dump, into="rt/copy", data_path=data, extra=["--partition-key", "/pk"])
    assert run.counts()["created"] == len(ROUND_TRIP_DOCUMENTS)
    copied = run_export(tmp_path, "rt/copy", data_path=data)
    assert_round_trip(exported, copied)

    server = server_factory(data_path=data)
    database = make_client(server.url).get_database_client("rt")
    originals, copies = read_items(database.get_container_client("source")), read_items(database.get_container_client("copy"))
    assert sorted(copies) == sorted(originals)
    for key, item in copies.items():
        assert body_of(item) == body_of(originals[key])
        assert item["_rid"] != originals[key]["_rid"] and item["_etag"] and item["_ts"] > 0
    # Export through the server gives the same documents as export from the directory.
    assert sorted(run_export(tmp_path, "rt/copy", endpoint=server.url)) == sorted(copied)


def test_export_then_import_of_a_container_with_an_id_source_round_trips(server_factory, tmp_path):
    """Documents without an `id` take it from --id-source on import; exported they carry it, and importing the export
    into a container with the same id source gives the same documents (and changes nothing the second time)."""
    data = str(tmp_path / "data")
    seed = tmp_path / "events.ndjson"
    seed.write_text("".join(minified({"eventId": f"e-{n}", "deviceId": f"d{n % 4}", "n": n}) + "\n" for n in range(25)))
    run_import(tmp_path, seed, into="ids/source", data_path=data, extra=["--partition-key", "/deviceId", "--id-source", "/eventId"])
    exported = run_export(tmp_path, "ids/source", data_path=data)
    assert len(exported) == 25 and all(json.loads(line)["id"] == json.loads(line)["eventId"] for line in exported)
    dump = tmp_path / "export.ndjson"
    dump.write_text("\n".join(exported) + "\n")
    first = run_import(tmp_path, dump, into="ids/copy", data_path=data, extra=["--partition-key", "/deviceId", "--id-source", "/eventId"])
    assert first.counts()["created"] == 25
    again = run_import(tmp_path, dump, into="ids/copy", data_path=data)
    assert again.counts()["created"] == 0 and again.counts()["duplicates"] == 25
    assert sorted(run_export(tmp_path, "ids/copy", data_path=data)) == sorted(exported)


def test_a_data_directory_a_server_holds_is_refused_with_the_holder(server_factory, tmp_path):
    """The CLI and a server never write one data directory at once (each would hand out sequence numbers the other
    does not know): the second opener is refused, naming the process that holds it, and nothing is written."""
    data = str(tmp_path / "held")
    server = server_factory(data_path=data)
    source = tmp_path / "one.ndjson"
    source.write_text('{"id":"a","pk":"p"}\n')
    for command in (["import", source, "--into", "held/c", "--partition-key", "/pk"], ["export", "held/c"], ["stat"]):
        completed = run_cli(*command, "--data-path", data, cwd=tmp_path)
        stderr = completed.stderr.decode("utf-8", "replace")
        assert completed.returncode != 0, (command, stderr)
        assert f"is open in another process (pid {server.process.pid})" in stderr, (command, stderr)
    assert [db["id"] for db in make_client(server.url).list_databases()] == []
    server.stop()
    completed = run_cli("import", source, "--into", "held/c", "--partition-key", "/pk", "--data-path", data, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]


def test_stat_shows_containers_and_with_storage_each_keyspace_tree(tmp_path):
    """`cosmolite stat` lists databases and containers with their counts; `--storage` adds one row per keyspace B-tree
    (entries, depth, pages) under a line with the file's totals."""
    data = str(tmp_path / "stat")
    source = tmp_path / "events.ndjson"
    source.write_text("".join(json.dumps({"id": f"e{i}", "pk": f"p{i % 5}", "epoch": i, "pad": "x" * 300}) + "\n"
                              for i in range(1500)))
    run_import(tmp_path, source, into="tel/events", data_path=data, extra=["--partition-key", "/pk"])

    plain = run_cli("stat", "--data-path", data, cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr.decode()[-2000:]
    lines = plain.stdout.decode().splitlines()
    assert re.fullmatch(r"data directory: .*/stat  map size: 1\.0 GiB", lines[0]), lines
    assert "database tel" in lines
    assert any(line.startswith("  container events: 1500 documents, partition key /pk") and line.endswith(", throughput 400 RU/s")
               for line in lines), lines
    assert not any(line.startswith("storage:") for line in lines)

    detailed = run_cli("stat", "--storage", "--data-path", data, cwd=tmp_path)
    assert detailed.returncode == 0, detailed.stderr.decode()[-2000:]
    text = detailed.stdout.decode()
    size = r"([\d.]+) (B|KiB|MiB|GiB|TiB)"
    totals = re.search(rf"^storage: page size (\d+) B, (\d+) pages up to the last one in use \({size}\), file {size}, "
                       r"last transaction (\d+)$", text, re.MULTILINE)
    assert totals, text
    page_size, used_pages = int(totals[1]), int(totals[2])
    units = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
    used_bytes, file_bytes = float(totals[3]) * units[totals[4]], float(totals[5]) * units[totals[6]]
    assert abs(used_bytes - used_pages * page_size) <= 0.05 * used_pages * page_size, text
    assert file_bytes >= used_bytes * 0.95, text
    rows = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 6 and fields[1].isdigit():
            rows[fields[0]] = [int(value) for value in fields[1:]]
    assert list(rows) == ["catalog", "documents", "identities", "changes", "ranges", "spatial", "expiry", "uniques"], text
    entries, depth, branches, leaves, overflow = rows["documents"]
    assert entries == 1500 and rows["identities"][0] == 1500 and rows["changes"][0] == 1500
    assert depth >= 2 and branches >= 1 and leaves >= 1500 * 300 // page_size
    outside = int(re.search(r"pages outside the trees \(free for reuse, meta pages, LMDB's own records\): (\d+)$", text, re.MULTILINE)[1])
    assert used_pages == sum(sum(row[2:]) for row in rows.values()) + outside


# --------------------------------------------------------------------------------------------------------------
# Progress output


# The inputs are read twice: first to find each document's last version ("reading"), then to write ("importing").
PROGRESS_LINE = re.compile(r"\[[#-]{30}\] \d+%  (reading|importing): \d+ documents, \d+\.\d MB of \d+\.\d MB  ETA \d+s  \d+ docs/s")


def progress_input(tmp_path, count=3000):
    source = tmp_path / "many.ndjson"
    source.write_text("".join(f'{{"id":"d{n}","pk":"p{n % 10}","payload":"{"x" * 100}"}}\n' for n in range(count)))
    return source


@pytest.mark.timeout(120)
def test_progress_is_plain_lines_when_not_a_terminal(tmp_path):
    source = progress_input(tmp_path)
    completed = run_cli("import", source, "--into", "p/c", "--data-path", tmp_path / "data", "--partition-key", "/pk",
                        "--batch-size", "500", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]
    stderr = completed.stderr.decode()
    assert "\r" not in stderr and "\x1b" not in stderr
    lines = stderr.splitlines()
    assert lines and stderr.endswith("\n")
    assert all(PROGRESS_LINE.fullmatch(line) for line in lines), lines
    assert any(line.startswith("[" + "#" * 30 + "] 100%  reading: 3000 documents") for line in lines)
    assert lines[-1].startswith("[" + "#" * 30 + "] 100%  importing: 3000 documents")
    assert "3000 created" in completed.stdout.decode()


def test_the_final_progress_line_never_repeats_the_last_one(tmp_path):
    """Each phase's last line is forced out at its end; when the first line of the phase already showed those counts
    (a small input read at once), it is not printed a second time."""
    source = progress_input(tmp_path, count=2)
    completed = run_cli("import", source, "--into", "p/c", "--data-path", tmp_path / "data", "--partition-key", "/pk",
                        cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]
    lines = completed.stderr.decode().splitlines()
    assert all(PROGRESS_LINE.fullmatch(line) for line in lines), lines
    counts = [line.split("  ETA")[0] for line in lines]
    assert len(counts) == len(set(counts)), lines
    assert counts[-1] == "[" + "#" * 30 + "] 100%  importing: 2 documents, 0.0 MB of 0.0 MB", lines


@pytest.mark.timeout(120)
def test_progress_is_a_bar_redrawn_in_place_on_a_terminal(tmp_path):
    source = progress_input(tmp_path)
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([BINARY, "import", str(source), "--into", "p/c", "--data-path", str(tmp_path / "data"),
                                    "--partition-key", "/pk", "--batch-size", "100"],
                                   cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal)
        os.close(terminal)
        terminal = None
        output = b""
        deadline = time.monotonic() + CLI_TIMEOUT
        while time.monotonic() < deadline:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the process closed its end
                break
            if not chunk:
                break
            output += chunk
        stdout, _ = process.communicate(timeout=CLI_TIMEOUT)
    finally:
        os.close(controller)
        if terminal is not None:
            os.close(terminal)
    assert process.returncode == 0, output.decode("utf-8", "replace")[-2000:]
    text = output.decode()
    frames = [frame for frame in text.split("\r\x1b[K") if frame]
    assert len(frames) >= 1 and text.startswith("\r\x1b[K")
    assert all(PROGRESS_LINE.fullmatch(frame.rstrip("\r\n")) for frame in frames), frames
    assert any(frame.startswith("[" + "#" * 30 + "] 100%  reading: 3000 documents") for frame in frames)
    assert frames[-1].startswith("[" + "#" * 30 + "] 100%  importing: 3000 documents") and text.endswith("\n")
    assert "3000 created" in stdout.decode()


# --------------------------------------------------------------------------------------------------------------
# What the server import relies on


def test_the_sdk_sees_the_write_outcome_and_ignores_it(database):
    container = database.create_container("outcome", PartitionKey("/pk"))

    def outcome():
        return container.client_connection.last_response_headers.get("x-ms-cosmolite-write-outcome")

    created = container.upsert_item({"id": "x", "pk": "a", "n": 1})
    assert outcome() == "created"
    again = container.upsert_item({"id": "x", "pk": "a", "n": 1})
    assert outcome() == "unchanged" and again["_etag"] == created["_etag"] and again["_ts"] == created["_ts"]
    changed = container.upsert_item({"id": "x", "pk": "a", "n": 2})
    assert outcome() == "replaced" and changed["_etag"] != created["_etag"]
    container.replace_item("x", {"id": "x", "pk": "a", "n": 3})
    assert outcome() == "replaced"
    container.create_item({"id": "y", "pk": "a"})
    assert outcome() == "created"
    container.read_item("x", partition_key="a")
    assert outcome() is None
    results = container.execute_item_batch([
        ("upsert", ({"id": "x", "pk": "a", "n": 3},)),
        ("upsert", ({"id": "y", "pk": "a", "n": 1},)),
        ("create", ({"id": "z", "pk": "a"},)),
        ("read", ("x",)),
    ], partition_key="a")
    assert [r["statusCode"] for r in results] == [200, 200, 201, 200]
    assert [r.get("cosmoliteWriteOutcome") for r in results] == ["unchanged", "replaced", "created", None]
    assert results[0]["resourceBody"]["_etag"] == container.read_item("x", partition_key="a")["_etag"]
