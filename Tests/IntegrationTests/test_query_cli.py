"""`cosmolite query` run as a user runs it (the CLI as a subprocess on a data directory that `cosmolite import` filled):
rows as NDJSON, `--explain` naming the index and its bounds, strict `--parameter` values, one page at a time with
`--page` and `--continuation`, and syntax errors that exit non-zero with the line and column."""

import json
import subprocess

import pytest

from conftest import BINARY

CLI_TIMEOUT = 60
CONTAINER = "telemetry/events"
EVENTS = [{"id": f"e{n:02}", "deviceId": f"d{n % 3}", "epoch": 1000 + n, "sender": "spark" if n % 2 else "python",
           "tags": ["a", "b"] if n % 5 == 0 else [], "location": {"type": "Point", "coordinates": [-80 + n / 100, 35.5]}}
          for n in range(30)]


def run_cli(*args, cwd):
    completed = subprocess.run([BINARY, *map(str, args)], cwd=cwd, capture_output=True, timeout=CLI_TIMEOUT,
                               stdin=subprocess.DEVNULL)
    return completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8")


@pytest.fixture
def data(tmp_path):
    """A data directory holding the events in telemetry/events (partition key /deviceId, the default index policy)."""
    source = tmp_path / "events.ndjson"
    source.write_text("".join(json.dumps(event) + "\n" for event in EVENTS))
    path = tmp_path / "data"
    code, out, err = run_cli("import", source, "--into", CONTAINER, "--partition-key", "/deviceId", "--data-path", path,
                             cwd=tmp_path)
    assert code == 0, err
    return path


def query(data, text, *extra):
    return run_cli("query", CONTAINER, text, "--data-path", data, *extra, cwd=data.parent)


def rows(out):
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.timeout(120)
def test_rows_are_printed_as_ndjson(data):
    code, out, err = query(data, "SELECT VALUE c.id FROM c WHERE c.epoch >= 1025")
    assert code == 0, err
    assert rows(out) == ["e25", "e26", "e27", "e28", "e29"]

    code, out, err = query(data, "SELECT * FROM c WHERE c.id = 'e07' AND c.deviceId = 'd1'")
    assert code == 0, err
    [document] = rows(out)
    assert {key: value for key, value in document.items() if not key.startswith("_")} == EVENTS[7]
    assert document["_rid"] and document["_etag"] and document["_ts"] > 0

    code, out, err = query(data, "SELECT c.deviceId, COUNT(1) AS n FROM c GROUP BY c.deviceId")
    assert code == 0, err
    assert sorted(rows(out), key=lambda row: row["deviceId"]) == [{"deviceId": f"d{k}", "n": 10} for k in range(3)]


@pytest.mark.timeout(120)
def test_explain_names_the_access_path_and_its_bounds(data):
    code, out, err = query(data, "SELECT * FROM c WHERE c.epoch >= @e AND c.epoch < 1020", "--parameter", "@e=1010", "--explain")
    assert code == 0, err
    assert "range index /epoch [1010, 1020)" in out, out

    code, out, err = query(data, "SELECT * FROM c WHERE c.id = @id AND c.deviceId = @pk", "--parameter", "@id=e07",
                           "--parameter", "@pk=d1", "--explain")
    assert code == 0, err
    assert "point read id=e07" in out, out

    code, out, err = query(data, "SELECT * FROM c WHERE c.deviceId = 'd2'", "--explain")
    assert code == 0, err
    assert out.startswith("partition scan"), out

    code, out, err = query(data, "SELECT * FROM c WHERE c.location.type = 'Point'", "--explain")
    assert code == 0, err
    assert out.startswith("full scan"), out


@pytest.mark.timeout(120)
def test_parameters_are_json_or_bare_words(data):
    cases = [
        (["@e=1027"], "SELECT VALUE c.id FROM c WHERE c.epoch >= @e", ["e27", "e28", "e29"]),
        (["@e=1027.5"], "SELECT VALUE c.id FROM c WHERE c.epoch >= @e", ["e28", "e29"]),
        (["@e=-5"], "SELECT VALUE COUNT(1) FROM c WHERE c.epoch >= @e", [30]),
        (["@s=spark"], "SELECT VALUE COUNT(1) FROM c WHERE c.sender = @s", [15]),
        (['@s="spark"'], "SELECT VALUE COUNT(1) FROM c WHERE c.sender = @s", [15]),
        # A word that JSON does not know stays a string, even one that looks like a keyword of another language.
        (["@s=None"], "SELECT VALUE COUNT(1) FROM c WHERE c.sender = @s", [0]),
        (["@s=null"], "SELECT VALUE COUNT(1) FROM c WHERE c.sender = @s", [0]),
        (["@b=true"], "SELECT VALUE @b FROM c WHERE c.id = 'e01'", [True]),
        (["@ids=[\"e01\",\"e02\",\"x\"]"], "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id)", ["e01", "e02"]),
        (['@o={"k":[1,2]}'], "SELECT VALUE @o.k FROM c WHERE c.id = 'e01'", [[1, 2]]),
        (["@a=1001", "@b=1003"], "SELECT VALUE c.id FROM c WHERE c.epoch BETWEEN @a AND @b", ["e01", "e02", "e03"]),
    ]
    for parameters, text, expected in cases:
        arguments = [item for parameter in parameters for item in ("--parameter", parameter)]
        code, out, err = query(data, text, *arguments)
        assert code == 0, f"{parameters}: {err}"
        assert rows(out) == expected, parameters

    for bad in ["@e=12abc", "@e={bad", "@e=[1,", '@e="open', "@e=-", "@e=", "@e=01", "e=5", "@=5"]:
        code, out, err = query(data, "SELECT VALUE c.id FROM c WHERE c.epoch >= @e", "--parameter", bad)
        assert code != 0, bad
        assert out == "", bad
        assert "parameter" in err or "JSON" in err, f"{bad}: {err}"


@pytest.mark.timeout(180)
@pytest.mark.parametrize("text", [
    "SELECT VALUE c.id FROM c",
    "SELECT VALUE c.id FROM c WHERE c.epoch >= 1003",
    "SELECT VALUE c.id FROM c ORDER BY c.epoch DESC",
    "SELECT DISTINCT VALUE c.sender FROM c",
    "SELECT c.id, t FROM c JOIN t IN c.tags",
])
def test_one_page_at_a_time_with_continuation_tokens(data, text):
    code, out, err = query(data, text)
    assert code == 0, err
    everything = rows(out)
    assert everything

    paged = []
    token = None
    for _ in range(len(everything) + 1):
        extra = ["--max-item-count", 4, "--page"] + (["--continuation", token] if token else [])
        code, out, err = query(data, text, *extra)
        assert code == 0, err
        page = rows(out)
        assert 0 < len(page) <= 4
        paged += page
        lines = [line for line in err.splitlines() if line.startswith("continuation: ")]
        if not lines:
            break
        assert len(lines) == 1
        token = lines[0][len("continuation: "):]
        assert token and " " not in token
    assert paged == everything

    # Without --page, a token prints every remaining page.
    if len(everything) > 4:
        code, out, err = query(data, text, "--max-item-count", 4, "--page")
        first = rows(out)
        token = err.splitlines()[-1][len("continuation: "):]
        code, out, err = query(data, text, "--max-item-count", 3, "--continuation", token)
        assert code == 0, err
        assert first + rows(out) == everything
        assert "continuation" not in err

    code, out, err = query(data, "SELECT VALUE c.epoch FROM c", "--continuation", "bm90IGEgdG9rZW4")
    assert code != 0
    assert "continuation" in err


@pytest.mark.timeout(120)
def test_syntax_errors_exit_non_zero_with_line_and_column(data):
    code, out, err = query(data, "SELECT * FROM c WHERE")
    assert code != 0
    assert out == ""
    assert "line 1, column" in err, err

    code, out, err = query(data, "SELECT *\nFROM c\nWHERE c.epoch >> = 3")
    assert code != 0
    assert "line 3" in err, err

    code, out, err = query(data, "SELECT VALUE NOSUCHFUNCTION(c.id) FROM c")
    assert code != 0
    assert "unknown function NOSUCHFUNCTION" in err, err

    code, out, err = query(data, "SELECT * FROM c", "--max-item-count", 0)
    assert code != 0
    assert "max-item-count" in err, err


@pytest.mark.timeout(60)
def test_help_documents_paging_and_parameters(tmp_path):
    code, out, err = run_cli("query", "--help", cwd=tmp_path)
    assert code == 0, err
    text = " ".join(out.split())
    for expected in ["--continuation", "--page", "--max-item-count", "continuation: <token>", "bare word"]:
        assert expected in text, expected
