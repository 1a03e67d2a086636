"""Fixtures for the Cosmolite integration suite: a real `cosmolite serve` process, SDK clients, a raw signed HTTP
client (master-key HMAC, cosmos-wire section 3), unique databases per test, a metrics parser and per-test timeouts."""

import base64
import contextlib
import email.utils
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid

import pytest
import requests
import urllib3
from azure.cosmos import CosmosClient

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

REPOSITORY_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BINARY = os.environ.get("COSMOLITE_BINARY", os.path.join(REPOSITORY_ROOT, ".build", "debug", "cosmolite"))
EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
DEFAULT_TEST_TIMEOUT = 120


# --------------------------------------------------------------------------------------------------------------
# Server processes


class CosmoliteServer:
    """One `cosmolite serve` process on localhost (127.0.0.1 and ::1), on a port the OS picks (`--port 0`, read back
    from its log)."""

    def __init__(self, data_path, durability="relaxed", extra_args=(), env=None, default_flags=True):
        """`default_flags=False` passes only `serve` and `extra_args` (to test the environment variables); `env` adds
        variables to the inherited environment."""
        self.data_path = data_path
        self.durability = durability
        self.extra_args = list(extra_args)
        self.env = env
        self.default_flags = default_flags
        self.process = None
        self.port = None
        self.scheme = "https"
        self.log_path = None
        self._log = None

    @property
    def url(self):
        return f"{self.scheme}://localhost:{self.port}/"

    def start(self, timeout=60):
        os.makedirs(self.data_path, exist_ok=True)
        self.log_path = os.path.join(self.data_path, f"server-{uuid.uuid4().hex[:6]}.log")
        self._log = open(self.log_path, "wb")
        flags = ["--host", "localhost", "--port", "0", "--data-path", self.data_path, "--durability", self.durability,
                 "--log-level", "info"] if self.default_flags else []
        self.process = subprocess.Popen(
            [BINARY, "serve", *flags, *self.extra_args],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=None if self.env is None else {**os.environ, **self.env},
        )
        deadline = time.monotonic() + timeout
        pattern = re.compile(r"endpoint=(https?)://(?:localhost|127\.0\.0\.1|\[::1\]|[\w.-]+):(\d+)/")
        while self.port is None:
            if self.process.poll() is not None:
                raise RuntimeError(f"cosmolite exited with {self.process.returncode} at start-up:\n{self.log()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"cosmolite did not report its port within {timeout} s:\n{self.log()}")
            match = pattern.search(self.log())
            if match:
                self.scheme = match.group(1)
                self.port = int(match.group(2))
            else:
                time.sleep(0.05)
        while True:
            try:
                if requests.get(self.url + "health", verify=False, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"cosmolite did not answer /health within {timeout} s:\n{self.log()}")
            time.sleep(0.05)

    def log(self):
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")

    def stop(self, timeout=15, signal_number=signal.SIGTERM):
        """SIGTERM (or the given signal), then wait; returns the exit code (kills and raises if it does not exit in time)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise RuntimeError(f"cosmolite did not exit within {timeout} s of {signal.Signals(signal_number).name}:\n{self.log()}")
        self._close_log()
        return self.process.returncode

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._close_log()

    def _close_log(self):
        if self._log is not None:
            self._log.close()
            self._log = None


def make_client(url, key=EMULATOR_KEY, **kwargs):
    kwargs.setdefault("connection_timeout", 10)
    return CosmosClient(url, credential=key, **kwargs)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The shared server of the session (relaxed durability); it must exit 0 on SIGTERM at the end."""
    process = CosmoliteServer(str(tmp_path_factory.mktemp("cosmolite-shared")), durability="relaxed").start()
    yield process
    started = time.monotonic()
    code = process.stop()
    elapsed = time.monotonic() - started
    assert code == 0, f"cosmolite exited with {code} on SIGTERM:\n{process.log()[-4000:]}"
    # The session's SDK clients still hold idle keep-alive TLS connections: they must not hold the shutdown up.
    assert elapsed < 4, f"cosmolite took {elapsed:.1f} s to exit after SIGTERM"


@pytest.fixture
def server_factory(tmp_path):
    """Starts extra servers (own data directories); anything still running at the end is killed."""
    started = []

    def start(data_path=None, durability="relaxed", extra_args=(), env=None, default_flags=True):
        process = CosmoliteServer(data_path or str(tmp_path / f"data-{len(started)}"), durability, extra_args, env,
                                  default_flags).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


@pytest.fixture(scope="session")
def client(server):
    return make_client(server.url)


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def database(client, request):
    """A fresh database with a unique name, deleted after the test."""
    name = re.sub(r"[^A-Za-z0-9-]", "-", request.node.name)[:40] + "-" + uuid.uuid4().hex[:8]
    created = client.create_database(name)
    yield created
    with contextlib.suppress(Exception):
        client.delete_database(name)


# --------------------------------------------------------------------------------------------------------------
# Raw HTTP with the master-key signature


def resource_type_and_link(path):
    """The (type, link) a request on `path` is signed with: odd segment count -> a feed, even -> one resource."""
    segments = [urllib.parse.unquote(s) for s in path.split("?")[0].strip("/").split("/") if s != ""]
    if len(segments) == 6 and segments[4] == "operations" and segments[5] == "partitionkeydelete":
        return "colls", "/".join(segments[:4])
    if not segments:
        return "", ""
    if len(segments) % 2 == 1:
        return segments[-1], "/".join(segments[:-1])
    if segments[0] != "dbs":
        return segments[-2], segments[-1].lower()  # offers/{rid}: signed by the resource id, lower-cased
    return segments[-2], "/".join(segments)


def master_key_authorization(verb, resource_type, resource_link, date, key=EMULATOR_KEY):
    payload = f"{verb.lower()}\n{resource_type.lower()}\n{resource_link}\n{date.lower()}\n\n"
    digest = hmac.new(base64.b64decode(key), payload.encode("utf-8"), hashlib.sha256).digest()
    token = f"type=master&ver=1.0&sig={base64.b64encode(digest).decode()}"
    return urllib.parse.quote(token, safe="-_.!~*'()")


class RawCosmos:
    """Signed requests with `requests`: the path is sent as given (already percent-encoded where needed)."""

    def __init__(self, base_url, key=EMULATOR_KEY):
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.session = requests.Session()
        self.session.verify = False

    def headers(self, method, path, sign=None, extra=None):
        resource_type, link = sign if sign is not None else resource_type_and_link(path)
        date = email.utils.formatdate(usegmt=True)
        headers = {
            "x-ms-date": date,
            "x-ms-version": "2020-07-15",
            "authorization": master_key_authorization(method, resource_type, link, date, self.key),
            "Accept": "application/json",
        }
        headers.update(extra or {})
        return headers

    def request(self, method, path, *, headers=None, body=None, json_body=None, sign=None, auth=True, timeout=15):
        all_headers = self.headers(method, path, sign, headers) if auth else dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        return self.session.request(method, self.base_url + path, headers=all_headers, data=body, timeout=timeout, verify=False)


@pytest.fixture(scope="session")
def raw(server):
    return RawCosmos(server.url)


# --------------------------------------------------------------------------------------------------------------
# Metrics


def parse_metrics(text):
    """Prometheus text -> {(name, ((label, value), ...)): float}."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^([A-Za-z_:][A-Za-z0-9_:]*)(\{([^}]*)\})?\s+(\S+)", line)
        if not match:
            continue
        labels = tuple(sorted(re.findall(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"', match.group(3) or "")))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples


def read_metrics(server):
    response = requests.get(server.url + "metrics", verify=False, timeout=10)
    assert response.status_code == 200
    return parse_metrics(response.text)


def metric_value(samples, name, **labels):
    wanted = set(labels.items())
    return sum(value for (metric, metric_labels), value in samples.items() if metric == name and wanted <= set(metric_labels))


# --------------------------------------------------------------------------------------------------------------
# Threads and timeouts


def run_in_threads(functions, timeout=60):
    """Runs each function in its own thread; re-raises the first failure (with its name) after all have finished."""
    errors = []
    results = {}

    def wrap(name, function):
        try:
            results[name] = function()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append((name, error))

    threads = [threading.Thread(target=wrap, args=(f.__name__, f), daemon=True) for f in functions]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    alive = [t for t in threads if t.is_alive()]
    assert not alive, f"{len(alive)} thread(s) still running after {timeout} s"
    if errors:
        name, error = errors[0]
        raise AssertionError(f"{name} failed: {error!r}") from error
    return results


def pytest_configure(config):
    config.addinivalue_line("markers", "timeout(seconds): fail the test when it runs longer (SIGALRM)")
    config.addinivalue_line("filterwarnings", "ignore::urllib3.exceptions.InsecureRequestWarning")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    marker = item.get_closest_marker("timeout")
    seconds = int(marker.args[0]) if marker else DEFAULT_TEST_TIMEOUT

    def expire(signum, frame):
        raise TimeoutError(f"test exceeded its {seconds} s time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

