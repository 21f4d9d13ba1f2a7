"""``dedup serve``'s refusals as a plain client meets them, on a real server process on 127.0.0.1: a body far
over the limit sent whole before the answer is read, a client that stops sending but keeps its connection,
a request whose head is no HTTP. Bounded: every socket has a timeout, and the server is stopped at the end.
"""

from __future__ import annotations

import http.client
import json
import socket

import pytest

pytest.importorskip("uvicorn", reason="dedup serve needs the dedup[serve] extra")

from test_serve_abuse import HOST, MAX_BODY, _health, server  # noqa: E402, F401 - the server fixture

#: Far past what the system's socket buffers hold between the two ends (a few MB on loopback), so that a
#: client still sending when the server closes is reset, as the base's server reset it.
FAR_OVER = 48 << 20


def _head(length: int, path: str = "/articles") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _reply(sock: socket.socket) -> bytes:
    """All the server sends until it closes the connection."""
    reply = b""
    while part := sock.recv(65536):
        reply += part
    return reply


def test_a_body_far_over_the_limit_sent_whole_before_reading_is_told_413(server: int) -> None:
    # a client that sends its whole body before it reads the answer (http.client, a CMS's plain HTTP library):
    # the connection was closed with the body unread, reset, and the client was told "Connection reset by peer"
    with socket.create_connection((HOST, server), timeout=30) as sock:
        sock.sendall(_head(FAR_OVER) + b"x" * FAR_OVER)
        reply = _reply(sock)
    assert reply.startswith(b"HTTP/1.1 413") and b"larger than" in reply
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["detail"].startswith("request body larger than")
    assert _health(server)["articles"] == 1


def test_http_client_posting_a_body_far_over_the_limit_reads_the_413(server: int) -> None:
    connection = http.client.HTTPConnection(HOST, server, timeout=30)
    try:
        connection.request("POST", "/articles", body=b'{"id": "big", "text": "' + b"word " * (FAR_OVER // 5) + b'"}',
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 413 and "larger than" in json.loads(response.read())["detail"]
    finally:
        connection.close()
    assert _health(server)["articles"] == 1


def test_a_refused_client_that_stops_sending_but_keeps_its_connection_is_closed(server: int) -> None:
    # the answer comes, then the end of the connection, though the client neither finishes its body nor closes
    with socket.create_connection((HOST, server), timeout=30) as sock:
        sock.sendall(_head(4 * MAX_BODY) + b"x" * (2 * MAX_BODY))
        reply = _reply(sock)
    assert reply.startswith(b"HTTP/1.1 413")
    assert _health(server)["articles"] == 1


@pytest.mark.parametrize("head", [
    b"GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n\r\n",
    b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40,  # TLS spoken to a plain HTTP port
], ids=["NUL-in-a-header", "two-lengths", "tls"])
def test_a_request_that_is_no_http_is_told_so_as_json(server: int, head: bytes) -> None:
    # uvicorn answered it "Invalid HTTP request received." as text/plain, where every other 4xx is JSON
    with socket.create_connection((HOST, server), timeout=10) as sock:
        sock.sendall(head)
        reply = _reply(sock)
    status, _, body = reply.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 400") and b"content-type: application/json" in status.lower()
    assert json.loads(body)["detail"].startswith("invalid HTTP request: ")
    assert _health(server)["articles"] == 1
