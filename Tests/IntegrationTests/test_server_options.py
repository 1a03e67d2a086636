"""Starting the server: TLS (off, files, the generated certificate, its export and reuse), configuration by flags and
by environment variables (flags win, bad values stop the start with a clear message), `serve --help`, the advertised
endpoint, and the time from a fresh start to /ready."""

import base64
import os
import shutil
import socket
import ssl
import subprocess
import time

import certifi
import pytest
import requests
from azure.core.exceptions import ServiceRequestError
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos.documents import SSLConfiguration

from conftest import BINARY, RawCosmos, make_client

OTHER_KEY = base64.b64encode(b"a key that is not the emulator's, used to check COSMOLITE_KEY....").decode()


def served_certificate(port, host="127.0.0.1"):
    """The certificate the server presents, as PEM."""
    return ssl.get_server_certificate((host, port))


def pem_body(pem):
    """The base64 body of a PEM block, without armour or line breaks (PEM line wrapping may differ)."""
    return "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))


def alternative_names(path):
    """(kind, value) pairs of a PEM certificate's subject alternative names, decoded by the ssl module."""
    return set(ssl._ssl._test_decode_cert(path).get("subjectAltName", ()))  # noqa: SLF001 - no other decoder in the stdlib


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_serve(args, env=None, timeout=30):
    """Runs `cosmolite serve` expecting it to exit by itself (bad configuration, --help, --export-certificate)."""
    return subprocess.run([BINARY, "serve", *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env=None if env is None else {**os.environ, **env})


# --------------------------------------------------------------------------------------------------------------
# TLS


@pytest.mark.timeout(60)
def test_tls_off_serves_http_and_advertises_http(server_factory):
    plain = server_factory(extra_args=["--tls", "off"])
    assert plain.url.startswith("http://")
    account = RawCosmos(plain.url).request("GET", "/").json()
    # Trap 14.1: the advertised endpoint must be the scheme really served.
    assert account["writableLocations"][0]["databaseAccountEndpoint"] == f"http://localhost:{plain.port}/"
    assert account["readableLocations"][0]["databaseAccountEndpoint"] == f"http://localhost:{plain.port}/"
    client = make_client(plain.url)
    container = client.create_database("plain").create_container("c", PartitionKey("/pk"))
    container.create_item({"id": "1", "pk": "a"})
    assert container.read_item("1", partition_key="a")["id"] == "1"
    # TLS to the plain port fails (an SSLError is a ConnectionError in requests).
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"https://localhost:{plain.port}/health", verify=False, timeout=5)
    assert plain.stop() == 0


def make_key_pair(directory):
    """A certificate and key in PEM files made here: with openssl when installed, else the server's own export."""
    certificate = os.path.join(directory, "given-cert.pem")
    key = os.path.join(directory, "given-key.pem")
    if shutil.which("openssl"):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", key, "-out", certificate], check=True, capture_output=True)
    else:
        source = os.path.join(directory, "export-source")
        result = run_serve(["--data-path", source, "--export-certificate", certificate])
        assert result.returncode == 0, result.stderr
        shutil.copy(os.path.join(source, "tls", "cosmolite-key.pem"), key)
    return certificate, key


@pytest.mark.timeout(60)
def test_tls_files_serves_the_given_certificate(server_factory, tmp_path):
    certificate, key = make_key_pair(str(tmp_path))
    given = server_factory(extra_args=["--tls", "files", "--tls-certificate", certificate, "--tls-key", key])
    with open(certificate) as handle:
        assert pem_body(served_certificate(given.port)) == pem_body(handle.read())
    # The data directory holds no generated certificate.
    assert not os.path.exists(os.path.join(given.data_path, "tls", "cosmolite-cert.pem"))
    client = make_client(given.url)
    assert client.create_database("files").read()["id"] == "files"
    # Plain HTTP to this TLS port too gets the readable 400 (next test).
    assert requests.get(f"http://localhost:{given.port}/health", timeout=5).status_code == 400
    assert given.stop() == 0


@pytest.mark.timeout(60)
def test_plain_http_to_the_tls_port_gets_a_readable_400(server):
    """An `http://` endpoint against the default HTTPS server: a plain-text 400 that says to use https, which the SDK
    raises as such, instead of a dropped connection; TLS on the same port is unaffected."""
    assert server.url.startswith("https://")
    plain_url = server.url.replace("https://", "http://")
    response = requests.get(plain_url + "health", timeout=5)
    assert response.status_code == 400
    assert response.headers["Connection"] == "close"
    assert response.json()["code"] == "BadRequest" and "https://" in response.json()["message"]
    # Anything after the first request on that connection is dropped, and the connection closes.
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(b"POST /dbs HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{}x" * 3)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 400 Bad Request") == 1
    with pytest.raises(exceptions.CosmosHttpResponseError) as refused:
        make_client(plain_url)
    assert refused.value.status_code == 400 and "https://" in refused.value.message
    assert requests.get(server.url + "health", verify=False, timeout=5).status_code == 200


@pytest.mark.timeout(90)
def test_exported_certificate_names_and_verified_sdk_connection(server_factory, tmp_path):
    data = str(tmp_path / "exported")
    exported = str(tmp_path / "cosmolite.pem")
    result = run_serve(["--data-path", data, "--tls-name", "db.example", "--tls-name", "10.0.0.5", "--export-certificate", exported])
    assert result.returncode == 0, result.stderr
    assert f"wrote {exported}" in result.stdout
    names = alternative_names(exported)
    assert {("DNS", "localhost"), ("IP Address", "127.0.0.1"), ("DNS", "db.example"), ("IP Address", "10.0.0.5")} <= names
    # OpenSSL spells ::1 out in full.
    assert any(kind == "IP Address" and value.strip() in ("::1", "0:0:0:0:0:0:0:1") for kind, value in names), names

    # The server started on that directory serves the exported certificate, and the SDK verifies it against the PEM.
    started = server_factory(data_path=data, extra_args=["--tls-name", "db.example", "--tls-name", "10.0.0.5"])
    with open(exported) as handle:
        assert pem_body(served_certificate(started.port)) == pem_body(handle.read())
    # azure-cosmos 4.17.1 turns verification off by itself for localhost; an ssl_config makes it verify every request
    # against the given bundle.
    verified = make_client(started.url, connection_verify=exported, ssl_config=SSLConfiguration())
    assert verified.create_database("verified").read()["id"] == "verified"
    # The same connection checked against public CAs fails: the verification above was real.
    with pytest.raises((ServiceRequestError, requests.exceptions.SSLError)):
        make_client(started.url, connection_verify=certifi.where(), ssl_config=SSLConfiguration(), retry_total=0,
                    connection_timeout=5)
    assert started.stop() == 0


@pytest.mark.timeout(90)
def test_generated_certificate_is_reused_across_restarts_until_a_name_is_added(server_factory, tmp_path):
    data = str(tmp_path / "reuse")
    first = server_factory(data_path=data)
    original = served_certificate(first.port)
    assert first.stop() == 0
    second = server_factory(data_path=data)
    assert pem_body(served_certificate(second.port)) == pem_body(original)
    assert second.stop() == 0
    # A --tls-name the stored certificate lacks (here an address) makes a new one that has it.
    third = server_factory(data_path=data, extra_args=["--tls-name", "10.0.0.5"])
    renewed = served_certificate(third.port)
    assert pem_body(renewed) != pem_body(original)
    stored = os.path.join(data, "tls", "cosmolite-cert.pem")
    assert ("IP Address", "10.0.0.5") in alternative_names(stored)
    assert third.stop() == 0
    fourth = server_factory(data_path=data, extra_args=["--tls-name", "10.0.0.5"])
    assert pem_body(served_certificate(fourth.port)) == pem_body(renewed)
    assert fourth.stop() == 0


# --------------------------------------------------------------------------------------------------------------
# Configuration


@pytest.mark.timeout(90)
def test_environment_variables_configure_the_server(server_factory, tmp_path):
    port = free_port()
    data = str(tmp_path / "from-env")
    env = {"COSMOLITE_PORT": str(port), "COSMOLITE_KEY": OTHER_KEY, "COSMOLITE_DATA_PATH": data, "COSMOLITE_TLS": "off",
           "COSMOLITE_DURABILITY": "relaxed", "COSMOLITE_LOG_LEVEL": "debug", "COSMOLITE_HOST": "127.0.0.1"}
    configured = server_factory(data_path=data, env=env, default_flags=False)
    assert configured.port == port
    assert configured.url == f"http://localhost:{port}/"
    assert os.path.exists(os.path.join(data, "store", "data.mdb"))
    # The SDK works with the key from the environment; the emulator's key is refused.
    client = make_client(configured.url, key=OTHER_KEY)
    client.create_database("env").create_container("c", PartitionKey("/pk")).create_item({"id": "1", "pk": "a"})
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        make_client(configured.url)
    assert error.value.status_code == 401
    # COSMOLITE_LOG_LEVEL=debug: every request is logged.
    assert 'operation=CreateDocument' in configured.log() or '"operation":"CreateDocument"' in configured.log()
    assert configured.stop() == 0


@pytest.mark.timeout(60)
def test_flags_win_over_the_environment(server_factory, tmp_path):
    taken = free_port()
    env = {"COSMOLITE_PORT": str(taken), "COSMOLITE_TLS": "off", "COSMOLITE_DURABILITY": "not-even-valid",
           "COSMOLITE_KEY": OTHER_KEY}
    # The fixture's flags (--port 0, --durability relaxed) win; --tls and --key are given too.
    flagged = server_factory(env=env, extra_args=["--tls", "self-signed", "--key", base64.b64encode(b"k" * 64).decode()])
    assert flagged.port != taken
    assert flagged.url.startswith("https://")
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        make_client(flagged.url, key=OTHER_KEY)
    assert error.value.status_code == 401
    assert make_client(flagged.url, key=base64.b64encode(b"k" * 64).decode()).create_database("flags").id == "flags"
    assert flagged.stop() == 0


@pytest.mark.parametrize("variable,value,accepted", [
    ("COSMOLITE_PORT", "abc", "0 to 65535"),
    ("COSMOLITE_PORT", "70000", "0 to 65535"),
    ("COSMOLITE_TLS", "selfsigned", "self-signed, files, off"),
    ("COSMOLITE_DURABILITY", "fast", "durable, relaxed"),
    ("COSMOLITE_LOG_LEVEL", "verbose", "trace, debug, info"),
    ("COSMOLITE_PUBLIC_ENDPOINT", "ftp://example", "http:// or https://"),
    ("COSMOLITE_KEY", "not base64 at all!", "base64"),
])
def test_invalid_environment_values_stop_the_start(tmp_path, variable, value, accepted):
    env = {variable: value, "COSMOLITE_DATA_PATH": str(tmp_path / "never")}
    result = run_serve([], env=env)
    assert result.returncode != 0
    assert variable in result.stderr, result.stderr
    assert accepted in result.stderr, result.stderr
    assert not os.path.exists(tmp_path / "never"), "nothing may be created before the configuration is valid"


@pytest.mark.parametrize("args,expected", [
    (["--port", "abc"], "--port"),
    (["--port", "70000"], "0 to 65535"),
    (["--tls", "selfsigned"], "self-signed"),
    (["--durability", "fast"], "durable"),
    (["--log-level", "verbose"], "debug"),
    (["--public-endpoint", "nonsense"], "--public-endpoint"),
    (["--key", "***"], "--key"),
    (["--tls", "files"], "--tls-certificate"),
    (["--tls", "files", "--tls-certificate", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"], "/nonexistent/cert.pem"),
    (["--tls", "off", "--export-certificate", "x.pem"], "--export-certificate"),
])
def test_invalid_flags_stop_the_start(tmp_path, args, expected):
    result = run_serve(["--data-path", str(tmp_path / "never"), *args])
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert not os.path.exists(tmp_path / "never")


@pytest.mark.timeout(60)
def test_a_port_in_use_stops_the_start_with_a_clear_message(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve(["--host", "127.0.0.1", "--port", str(port), "--tls", "off", "--data-path", str(tmp_path / "d")])
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}: the address is already in use" in result.stderr, result.stderr
    assert "--port" in result.stderr
    result = run_serve(["--host", "192.0.2.1", "--port", "0", "--tls", "off", "--data-path", str(tmp_path / "d")])
    assert result.returncode != 0
    assert "cannot listen on 192.0.2.1:0: no network interface of this machine has this address" in result.stderr, result.stderr


def test_serve_help_lists_every_option():
    result = run_serve(["--help"])
    assert result.returncode == 0
    text = result.stdout
    for option in ["--host", "--port", "--data-path", "--key", "--tls ", "--tls-certificate", "--tls-key", "--tls-name",
                   "--public-endpoint", "--durability", "--log-level", "--export-certificate"]:
        assert option in text, option
    for variable in ["COSMOLITE_HOST", "COSMOLITE_PORT", "COSMOLITE_DATA_PATH", "COSMOLITE_KEY", "COSMOLITE_TLS",
                     "COSMOLITE_TLS_CERTIFICATE", "COSMOLITE_TLS_KEY", "COSMOLITE_TLS_NAME", "COSMOLITE_PUBLIC_ENDPOINT",
                     "COSMOLITE_DURABILITY", "COSMOLITE_LOG_LEVEL"]:
        assert variable in text, variable
    for value in ["self-signed", "relaxed", "critical"]:
        assert value in text, value


@pytest.mark.timeout(60)
def ipv6_loopback_available():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_localhost_listens_on_both_loopback_addresses(server_factory):
    """The default --host localhost serves 127.0.0.1 and ::1 on one port (clients try ::1 first for "localhost"; with
    IPv4 only, the SDK marks the endpoint unavailable after each refused connection). Without IPv6 loopback the server
    still serves IPv4 and says why in its log."""
    started = server_factory(extra_args=["--tls", "off"])
    assert requests.get(f"http://127.0.0.1:{started.port}/health", timeout=5).status_code == 200
    if ipv6_loopback_available():
        assert requests.get(f"http://[::1]:{started.port}/health", timeout=5).status_code == 200
        assert f"listening on ::1:{started.port}" in started.log()
    else:
        deadline = time.monotonic() + 5
        while "not listening on [::1]" not in started.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "not listening on [::1]" in started.log()
    client = make_client(started.url)
    assert client.create_database_if_not_exists("both-loopbacks").id == "both-loopbacks"


def test_an_explicit_address_listens_there_only(server_factory):
    started = server_factory(extra_args=["--tls", "off", "--host", "127.0.0.1"])
    assert requests.get(f"http://127.0.0.1:{started.port}/health", timeout=5).status_code == 200
    if ipv6_loopback_available():
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(f"http://[::1]:{started.port}/health", timeout=5)


def test_public_endpoint_is_what_the_account_advertises(server_factory):
    advertised = "https://cosmos.example.net:9443/"
    public = server_factory(extra_args=["--public-endpoint", advertised])
    account = RawCosmos(public.url).request("GET", "/").json()
    assert account["writableLocations"][0]["databaseAccountEndpoint"] == advertised
    assert account["readableLocations"][0]["databaseAccountEndpoint"] == advertised
    assert public.stop() == 0


# --------------------------------------------------------------------------------------------------------------
# Start-up


def time_to_ready(tmp_path, attempt):
    """Seconds from spawning `cosmolite serve` on a fresh data directory to its first /ready 200."""
    port = free_port()
    data = str(tmp_path / f"fresh-{attempt}")
    started = time.monotonic()
    process = subprocess.Popen([BINARY, "serve", "--port", str(port), "--data-path", data, "--durability", "relaxed"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        session = requests.Session()
        while time.monotonic() - started < 10:
            assert process.poll() is None, f"cosmolite exited with {process.returncode}"
            try:
                if session.get(f"https://127.0.0.1:{port}/ready", verify=False, timeout=1).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.005)
        pytest.fail("cosmolite was not ready within 10 s")
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.timeout(60)
def test_fresh_start_is_ready_in_well_under_a_second(tmp_path):
    # A fresh directory: the store is created and a certificate generated. One retry for a busy machine.
    elapsed = time_to_ready(tmp_path, 0)
    if elapsed >= 1.0:
        elapsed = time_to_ready(tmp_path, 1)
    assert elapsed < 1.0, f"ready after {elapsed:.3f} s"
