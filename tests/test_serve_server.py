"""``dedup serve`` on an address (dedup.index.serve_server; the port checked in dedup.index.serve): a port taken,
an address it cannot listen on, a host that is no address, a bracketed IPv6 loopback, each said in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dedup.cli import app

from _bad_input_helpers import _error_line, index, runner, template  # noqa: F401 - fixtures


def test_serve_on_a_port_already_taken_is_one_line(index: Path) -> None:
    pytest.importorskip("uvicorn")
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", str(index), "--port", str(port)])
    assert "another server has it" in _error_line(result)


@pytest.mark.parametrize("host", ["not a host!", "192.0.2.10"], ids=["no-such-name", "not-this-machine"])
def test_serve_on_an_address_it_cannot_listen_on_is_one_line(index: Path, host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # uvicorn logged the failure in several lines and exited 3
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("started on an address it cannot listen on"))
    result = runner.invoke(app, ["serve", str(index), "--host", host, "--allow-remote", "--port", "8765"])
    assert f"cannot listen on {host}:8765" in _error_line(result) and "give --host an address" in result.stderr


@pytest.mark.parametrize(("host", "says"), [
    ("", "Error: --host is empty: give the address to bind, such as 127.0.0.1 (the default)\n"),
    ("127.0.0.1:8080", "Error: --host 127.0.0.1:8080: give the address alone, and the port with --port\n"),
    ("[::1]:8080", "Error: --host [::1]:8080: give the address alone, and the port with --port\n"),
    ("999.1.1.1", "Error: --host 999.1.1.1: not an IPv4 address\n"),
], ids=["empty", "with-port", "ipv6-with-port", "no-ipv4"])
def test_serve_host_that_is_no_address_is_said_so(index: Path, host: str, says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # each was "would let other machines reach an index with no authentication", which it would not
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("started on no address"))
    assert _error_line(runner.invoke(app, ["serve", str(index), "--host", host, "--port", "8765"])) == says


def test_serve_on_a_bracketed_ipv6_loopback_binds_it(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "[::1]" was taken for loopback and probed, then given to uvicorn as it is: "Name or service not known", exit 3
    uvicorn = pytest.importorskip("uvicorn")
    from dedup.index import serve

    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    monkeypatch.setattr(serve, "_check_port", lambda host, port: None)
    result = runner.invoke(app, ["serve", str(index), "--host", "[::1]", "--port", "8765"])
    assert result.exit_code == 0 and started[0]["host"] == "::1" and "http://[::1]:8765" in result.stderr


def test_repeated_log_lines_are_shown_a_few_times_a_window_and_the_rest_counted() -> None:
    import logging

    from dedup.index.serve_server import RepeatedLines

    now = [0.0]
    repeats = RepeatedLines(most=3, window=60.0, clock=lambda: now[0])

    def line(msg: str, *args: object) -> str | None:
        record = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, msg, args, None)
        return record.getMessage() if repeats.filter(record) else None

    shown = [line("Invalid HTTP request received.") for _ in range(10)]
    assert shown[:2] == ["Invalid HTTP request received."] * 2 and shown[3:] == [None] * 7
    assert shown[2] == "Invalid HTTP request received. (3 lines of this message in 60 s: more are left out, and counted)"
    assert line("Exception in ASGI application %s", "a") == "Exception in ASGI application a"  # another message: its own count
    now[0] = 61.0
    assert line("Invalid HTTP request received.") == ("Invalid HTTP request received. (and 7 more lines of this message "
                                                      "left out before it)")
    assert line("Invalid HTTP request received.") == "Invalid HTTP request received."


def test_the_servers_log_config_filters_its_messages_through_repeated_lines() -> None:
    pytest.importorskip("uvicorn")
    import logging.config

    from dedup.index.serve_server import RepeatedLines, log_config

    logging.config.dictConfig(log_config())
    handler = logging.getLogger("uvicorn").handlers[0]
    assert any(isinstance(f, RepeatedLines) for f in handler.filters)
