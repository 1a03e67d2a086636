"""The two benchmark programs of Tools/Benchmark run end to end at small sizes, so that the programs behind the
README's figures keep working between the (long, release-build) runs that produce those figures.

- `cosmolite-http-bench` starts real `cosmolite serve` processes (the debug binary under test), drives every row over
  loopback and writes a JSON report: every row is there, the write rows account for every event (0.1 % of them
  re-deliveries that must not become documents), the targets have verdicts, and the comparison with a baseline server
  (here the same binary) alternates its rounds with the server's.
- `cosmolite-bench` ingests the same workload into Cosmolite, SQLite and the bare LMDB floor in-process and times the
  queries: every engine measured every row, the indexed queries really used their index (the plans say so), and the
  queries returned the rows the workload predicts.

The numbers of a debug build on a busy test machine mean nothing, so nothing here checks a speed. The programs come
from COSMOLITE_BENCHMARK_BIN (default Tools/Benchmark/.build/debug, which Tools/test.sh builds); when they are
missing the tests fail and say how to build them.
"""

import json
import os
import re
import subprocess

import pytest

from conftest import BINARY, REPOSITORY_ROOT

BENCHMARK_BIN = os.environ.get("COSMOLITE_BENCHMARK_BIN", os.path.join(REPOSITORY_ROOT, "Tools", "Benchmark", ".build", "debug"))
BUILD_HINT = ("build them with `swift build --package-path Tools/Benchmark` in the repository root "
              "(or set COSMOLITE_BENCHMARK_BIN to the directory holding cosmolite-bench and cosmolite-http-bench)")


def program(name):
    path = os.path.join(BENCHMARK_BIN, name)
    if not os.access(path, os.X_OK):
        pytest.fail(f"benchmark program not found: {path}; {BUILD_HINT}", pytrace=False)
    return path


def run_program(arguments, cwd, timeout):
    """Runs a program that must succeed; answers its output and its progress lines (stdout and stderr)."""
    completed = subprocess.run(arguments, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    progress = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 0, progress[-3000:]
    return completed.stdout.decode(), progress


@pytest.mark.timeout(240)
def test_http_benchmark_measures_every_row_against_real_servers(tmp_path):
    report_path = tmp_path / "http.json"
    table, progress = run_program([program("cosmolite-http-bench"), "--server", BINARY, "--baseline-server", BINARY, "--events", "2000",
                                   "--upsert-rounds", "2", "--startup-documents", "2000", "--startup-runs", "2", "--reads", "100",
                                   "--concurrent-reads", "100", "--queries", "100", "--idle-seconds", "1", "--json", str(report_path)],
                                  cwd=tmp_path, timeout=200)
    report = json.loads(report_path.read_text())
    rows = {row["number"]: row for row in report["rows"]}
    assert list(rows) == ["1", "1b", "2", "2b", "3", "3b", "4", "5", "6"], list(rows)

    # The baseline's rounds alternate with the server's, each pair one after the other.
    started = re.findall(r"clients, ((?:baseline )?round \d)\] started", progress)
    assert started == ["round 1", "baseline round 1", "round 2", "baseline round 2"], started
    assert rows["1b"]["unit"] == "x" and rows["1b"]["value"] > 0, rows["1b"]
    assert any(detail.startswith(f"baseline `{BINARY}`") for detail in rows["1b"]["details"]), rows["1b"]
    assert any(re.fullmatch(r"this server faster in [0-2] of 2 pairs", detail) for detail in rows["1b"]["details"]), rows["1b"]
    assert report["events"] == 2000 and report["distinctEvents"] == 1998 and report["clients"] == 32

    # Both write rows account for every event: the 2 re-deliveries upsert existing documents, they add none.
    for number in ("1", "2"):
        assert rows[number]["value"] > 0, rows[number]
        assert any("1,998 created + 2 re-deliveries" in detail for detail in rows[number]["details"]), rows[number]
    assert rows["2b"]["value"] > 0 and rows["2b"]["unit"] == "x"
    # The rows with a target of issue 4 carry a verdict; the table shows the same verdicts.
    for number in ("1", "3", "4", "5", "6"):
        assert isinstance(rows[number]["passed"], bool), rows[number]
        verdict = "PASS" if rows[number]["passed"] else "FAIL"
        assert re.search(rf"^\| {number} \|.*\| \*\*{verdict}\*\* \|", table, re.MULTILINE), table
    assert rows["3"]["p50"] <= rows["3"]["p99"] and rows["4"]["p50"] <= rows["4"]["p99"]
    assert any("100.0 rows" in detail for detail in rows["4"]["details"]), rows["4"]
    # A server that does nothing uses no CPU, even in a debug build.
    assert rows["6"]["passed"], rows["6"]


@pytest.mark.timeout(240)
def test_in_process_benchmark_measures_every_engine_and_uses_the_indexes(tmp_path):
    report_path = tmp_path / "in-process.json"
    run_program([program("cosmolite-bench"), "--events", "10000", "--query-runs", "100", "--json", str(report_path)],
                cwd=tmp_path, timeout=200)
    report = json.loads(report_path.read_text())
    assert report["events"] == 10000 and report["distinctEvents"] == 9990 and report["warnings"] == [], report
    titles = [row["title"] for row in report["rows"]]
    for expected in ("Ingest durable, batch 1", "Ingest durable, batch 1,000", "Ingest relaxed (no sync), batch 1,000",
                     "Point read by id + pk", "Epoch range", "Geo ST_DISTANCE < 5 km", "Count"):
        assert any(title.startswith(expected) for title in titles), (expected, titles)
    for row in report["rows"]:
        if row["title"].startswith("Ingest"):
            for engine in ("cosmolite", "sqlite", "floor"):
                assert row[engine]["value"] > 0, row
    plans = {plan.split(":", 1)[0]: plan for plan in report["cosmolitePlans"]}
    assert "range index /epoch" in plans["epochRange"] and "matched 100)" in plans["epochRange"], plans
    assert "range index /epoch" in plans["epochRangeSender"], plans
    assert "spatial index /location" in plans["geoDistance"], plans
    assert plans["pointReadSQL"].startswith("pointReadSQL: point read id="), plans
    assert "document counters" in plans["count"], plans
