"""Authentication (master key: wrong key, no credentials, raw signatures), the 2 MiB request limit measured on the
wire (ASCII-escaped versus compact UTF-8 item bodies) and `Expect: 100-continue`."""

import base64
import email.utils
import json
import socket
import ssl
import time

import pytest
from azure.cosmos import CosmosClient, PartitionKey, exceptions

from conftest import EMULATOR_KEY, RawCosmos, make_client, master_key_authorization, unique_name

WRONG_KEY = base64.b64encode(b"definitely not the emulator key, 64 bytes long..................").decode()


def test_wrong_key_fails_in_the_client_constructor(server):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        make_client(server.url, key=WRONG_KEY)
    assert error.value.status_code == 401


def test_no_credentials_is_401(server):
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        CosmosClient(server.url, {}, connection_timeout=10)
    assert error.value.status_code == 401


def test_raw_signatures(server, raw, client):
    database = client.create_database(unique_name("auth"))
    try:
        assert raw.request("GET", f"/dbs/{database.id}").status_code == 200
        assert raw.request("GET", f"/dbs/{database.id}/").status_code == 200
        assert raw.request("GET", "/dbs").status_code == 200

        missing = raw.request("GET", "/dbs", auth=False)
        assert missing.status_code == 401
        assert missing.json()["code"] == "Unauthorized"

        wrong = RawCosmos(server.url, key=WRONG_KEY).request("GET", "/dbs")
        assert wrong.status_code == 401
        assert wrong.json()["code"] == "Unauthorized"

        # Signed for another resource link: rejected, and the message shows what the server signed.
        date = email.utils.formatdate(usegmt=True)
        other = master_key_authorization("GET", "dbs", "dbs/someone-else", date)
        response = raw.request("GET", f"/dbs/{database.id}/", auth=False, headers={"x-ms-date": date, "authorization": other})
        assert response.status_code == 401
        assert f"dbs/{database.id}" in response.json()["message"]

        # Signed with the right link but another verb.
        signed_get = master_key_authorization("GET", "dbs", f"dbs/{database.id}", date)
        response = raw.request("DELETE", f"/dbs/{database.id}/", auth=False, headers={"x-ms-date": date, "authorization": signed_get})
        assert response.status_code == 401
        assert raw.request("GET", f"/dbs/{database.id}").status_code == 200

        # A resource token or an AAD token is not a master-key signature.
        for token in ("type%3Dresource%26ver%3D1.0%26sig%3Dabc", "type%3Daad%26ver%3D1.0%26sig%3Dabc", "garbage", "type=master&ver=1.0&sig=%%%"):
            response = raw.request("GET", "/dbs", auth=False, headers={"x-ms-date": date, "authorization": token})
            assert response.status_code == 401, token
    finally:
        client.delete_database(database.id)


def test_default_emulator_key_signature_matches_the_sdk(server, raw):
    # Our signer and the SDK's agree: the same request signed both ways is accepted.
    sdk = make_client(server.url, key=EMULATOR_KEY)
    assert isinstance(list(sdk.list_databases()), list)
    assert raw.request("GET", "/").status_code == 200
    account = raw.request("GET", "/").json()
    assert account["userConsistencyPolicy"]["defaultConsistencyLevel"] == "Session"
    assert account["writableLocations"][0]["databaseAccountEndpoint"] == server.url


CJK_ITEM_CHARACTERS = 400_000


@pytest.fixture
def container(database):
    return database.create_container("limits", PartitionKey("/pk"))


def test_escaped_item_over_2_mib_is_413(container):
    item = {"id": "cjk", "pk": "a", "content": "日" * CJK_ITEM_CHARACTERS}
    # \\u65e5 is 6 bytes per character: about 2.4 MB on the wire.
    assert len(json.dumps(item, separators=(",", ":")).encode()) > 2 * 1024 * 1024
    with pytest.raises(exceptions.CosmosHttpResponseError) as error:
        container.create_item(item)
    assert error.value.status_code == 413
    assert error.value.message.startswith("(RequestEntityTooLarge)")
    with pytest.raises(exceptions.CosmosResourceNotFoundError):
        container.read_item("cjk", partition_key="a")


def test_compact_utf8_item_under_2_mib_is_accepted(server, container):
    compact = make_client(server.url, enable_compact_utf8_item_writes=True)
    target = compact.get_database_client(container.container_link.split("/")[1]).get_container_client("limits")
    item = {"id": "cjk", "pk": "a", "content": "日" * CJK_ITEM_CHARACTERS}
    # Three bytes per character in UTF-8: about 1.2 MB on the wire.
    assert len(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()) < 2 * 1024 * 1024
    created = target.create_item(item)
    assert len(created["content"]) == CJK_ITEM_CHARACTERS
    read = container.read_item("cjk", partition_key="a")
    assert read["content"] == item["content"]
    upserted = target.upsert_item({**item, "extra": "é"})
    assert upserted["extra"] == "é"


def test_raw_body_over_2_mib_is_413(raw, container):
    path = "/" + container.container_link + "/docs/"
    body = json.dumps({"id": "big", "pk": "a", "blob": "x" * (2 * 1024 * 1024)}).encode()
    response = raw.request("POST", path, body=body, headers={"x-ms-documentdb-partitionkey": '["a"]', "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["code"] == "RequestEntityTooLarge"
    # Just under the limit on the wire is accepted.
    filler = 2 * 1024 * 1024 - len(json.dumps({"id": "fits", "pk": "a", "blob": ""}).encode()) - 1
    body = json.dumps({"id": "fits", "pk": "a", "blob": "x" * filler}).encode()
    assert len(body) < 2 * 1024 * 1024
    response = raw.request("POST", path, body=body, headers={"x-ms-documentdb-partitionkey": '["a"]', "Content-Type": "application/json"})
    assert response.status_code == 201, response.text[:300]


def test_credentials_are_checked_before_the_path(server, raw):
    # Without master-key credentials every path is 401, known or not, well-formed or not.
    for path in ["/dbs", "/foo", "/nowhere/at/all", "/dbs//x", "/dbs/%ZZ", "/dbs/x/colls/y/sprocs"]:
        for headers in ({}, {"authorization": "type%3Dresource%26ver%3D1.0%26sig%3Dabc"}, {"authorization": "type=master&ver=1.0"}):
            response = raw.request("GET", path, auth=False, headers=headers)
            assert response.status_code == 401, f"{path} {headers}: {response.status_code}"
            assert response.json()["code"] == "Unauthorized"
    # Signed: an unknown path is 404, a wrong key 401 there too, and an undecodable path 400.
    assert raw.request("GET", "/foo").status_code == 404
    assert RawCosmos(server.url, key=WRONG_KEY).request("GET", "/foo").status_code == 401
    assert raw.request("GET", "/dbs//x").status_code == 400


class _Responses:
    """Reads HTTP/1.1 answers off one connection: each head, then exactly the body its Content-Length announces."""

    def __init__(self, connection):
        self.connection = connection
        self.buffer = b""

    def _fill(self, deadline):
        self.connection.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = self.connection.recv(65536)
        except (socket.timeout, ssl.SSLError):
            return False
        self.buffer += chunk
        return bool(chunk)

    def next(self, timeout):
        """The next answer as (status line, body); the status line is what arrived so far when it timed out."""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer and time.monotonic() < deadline and self._fill(deadline):
            pass
        if b"\r\n\r\n" not in self.buffer:
            return self.buffer[:200], b""
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        fields = dict(line.split(b":", 1) for line in lines[1:])
        length = int({k.strip().lower(): v.strip() for k, v in fields.items()}.get(b"content-length", b"0"))
        while len(self.buffer) < length and time.monotonic() < deadline and self._fill(deadline):
            pass
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return lines[0], body


def test_expect_100_continue_is_answered_before_the_body(server, container):
    """curl and other clients send `Expect: 100-continue` with large bodies and wait (curl: one second) for the
    interim answer; a body announced as over 2 MiB gets its 413 at once, so it is never sent."""
    path = "/" + container.container_link + "/docs"
    body = json.dumps({"id": "expecting", "pk": "a", "blob": "x" * 100_000}).encode()

    def head(length):
        date = email.utils.formatdate(usegmt=True)
        signature = master_key_authorization("POST", "docs", container.container_link, date)
        return (f"POST {path} HTTP/1.1\r\nHost: localhost:{server.port}\r\nExpect: 100-continue\r\n"
                f"Content-Type: application/json\r\nContent-Length: {length}\r\nx-ms-date: {date}\r\n"
                f"authorization: {signature}\r\nx-ms-version: 2020-07-15\r\n"
                f"x-ms-documentdb-partitionkey: [\"a\"]\r\n\r\n").encode()

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as plain:
        with context.wrap_socket(plain, server_hostname="localhost") as connection:
            responses = _Responses(connection)
            connection.sendall(head(len(body)))
            interim, _ = responses.next(timeout=5)
            assert interim == b"HTTP/1.1 100 Continue", interim
            connection.sendall(body)
            final, created = responses.next(timeout=10)
            assert final.startswith(b"HTTP/1.1 201 "), final
            assert json.loads(created)["id"] == "expecting"

            connection.sendall(head(3 * 1024 * 1024))
            refused, error = responses.next(timeout=5)
            assert refused.startswith(b"HTTP/1.1 413 "), refused
            assert json.loads(error)["code"] == "RequestEntityTooLarge"
    assert container.read_item("expecting", partition_key="a")["blob"] == "x" * 100_000
