"""uvicorn serving an index: the address checked before it is bound, a deadline for each request's head, the logging.

The server has no authentication, so only loopback addresses are bound unless told otherwise
(:func:`is_loopback`); a connection that sends no whole request head in :data:`HEAD_TIMEOUT` seconds is
closed (:func:`head_deadline_protocol`: a slow client holds none of the connection slots for long).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable

from dedup.errors import SettingsError

__all__ = ["HEAD_TIMEOUT", "INVALID_HTTP", "KEEP_ALIVE", "LINGER", "LINGER_IDLE", "check_host", "head_deadline_protocol", "is_loopback",
           "log_config", "RepeatedLines", "REPEATS_SHOWN", "REPEATS_WINDOW"]

#: Seconds an idle keep-alive connection is kept open.
KEEP_ALIVE = 5
#: Seconds a connection has for a request's head (its line and headers), from when it opens or its last
#: answer was sent: past them, a connection still waiting for a whole head is closed. Without it a client
#: that opened connections and sent a header line every few seconds (slowloris) or nothing at all held every
#: one of ``--max-connections``, and every other client was answered 503 for as long as it went on.
HEAD_TIMEOUT = 10.0
#: Seconds a connection answered before its request's body was read whole (413 too large, 408 too slow, 415
#: compressed, 400) goes on being read, what arrives thrown away, before it is closed; and seconds it may send
#: nothing meanwhile (:data:`LINGER_IDLE`). Closed at once, with the body's bytes still coming, the connection
#: was reset, and a client that sends its whole body before it reads (Python's http.client, so a CMS's plain
#: HTTP library) was told "Connection reset by peer" for a body of 10 MB, never the 413 saying why.
LINGER = 5.0
LINGER_IDLE = 1.0
#: The answer (400) to a request whose head is no HTTP/1.1 request.
INVALID_HTTP = ("invalid HTTP request: its request line or a header is malformed (a byte a header may not hold, a "
                "Content-Length given twice or no number, a chunk size that is none), or its head too long; send one "
                "well-formed HTTP/1.1 request")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def head_deadline_protocol(seconds: float = HEAD_TIMEOUT) -> type:
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's head (:data:`HEAD_TIMEOUT`): a
    connection that has not sent a whole head ``seconds`` after it opened, or after its last answer, is
    closed. A request whose head has arrived is not cut off, however long its body or its answer takes.

    A client that closes its sending side once its request is sent (a half-close: ``shutdown(SHUT_WR)``,
    ``nc -N``) is answered before the connection is closed: the connection was closed at once, the request
    still carried out (an article stored) and its answer lost. One that closes it before its request is whole
    is closed at once, as before (nothing more can come)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadDeadline(_Refusals, H11Protocol):
        _deadline: Any = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(_Lingering(transport, self))
            self._deadline = self.loop.call_later(seconds, self._head_too_slow)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self._deadline is not None:
                self._deadline.cancel()
            if not self.transport.is_closing():
                self._deadline = self.loop.call_later(seconds, self._head_too_slow)

        def eof_received(self) -> bool | None:  # type: ignore[override]
            if self._lingering is not None:  # the client has sent all it will: the connection is closed
                self._lingering.cancel()
                return None
            cycle = self.cycle
            if cycle is not None and not cycle.response_complete and not cycle.more_body:
                cycle.keep_alive = False  # answered, then closed: nothing more will come on it
                return True  # the sending side kept open for the answer
            return None  # the transport closes itself

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            if self._lingering is not None:
                self._lingering.cancel()
            super().connection_lost(exc)

        def _head_too_slow(self) -> None:
            self._deadline = None
            if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
                self.transport.close()  # no head on its way to an answer: the slot goes to another client

    return HeadDeadline


class _Refusals:
    """What :func:`head_deadline_protocol`'s protocol does with a request it refuses: answered, then what the
    client goes on sending read and thrown away for a while (:data:`LINGER`) before the connection is closed,
    through the transport :class:`_Lingering` hands it; a request whose head is no HTTP answered as JSON.
    A mixin of uvicorn's ``H11Protocol`` (uvicorn is an optional extra, imported only when a server is made)."""

    _lingering: Any = None  # the timer that ends a connection answered before its body was read whole
    _linger_ends = 0.0
    _unread = False  # a request refused before its head was read whole
    transport: Any
    loop: Any
    cycle: Any
    conn: Any

    def data_received(self, data: bytes) -> None:
        if self._lingering is not None:  # the rest of a refused body: thrown away, the idle clock set again
            self._linger_for(LINGER_IDLE)
            return
        super().data_received(data)  # type: ignore[misc]  # H11Protocol's, after this mixin

    def _linger(self) -> None:
        """The answer sent and the sending side closed (``write_eof``), the rest of the client's body read
        and thrown away until it closes its side, goes :data:`LINGER_IDLE` seconds without sending, or
        :data:`LINGER` seconds have passed: then the connection is closed."""
        raw = self.transport.raw
        try:
            raw.write_eof()
            raw.resume_reading()  # reads were paused while the body waited to be read
        except (OSError, RuntimeError, NotImplementedError):
            raw.close()
            return
        self._linger_ends = self.loop.time() + LINGER
        self._linger_for(LINGER_IDLE)

    def _linger_for(self, seconds: float) -> None:
        if self._lingering is not None:
            self._lingering.cancel()
        left = min(seconds, self._linger_ends - self.loop.time())
        self._lingering = self.loop.call_later(max(left, 0.0), self._linger_over)

    def _linger_over(self) -> None:
        self.transport.raw.close()

    def _body_unread(self) -> bool:
        """Whether the request being answered has a body not read whole (refused before its end)."""
        cycle = self.cycle
        return self._lingering is None and (self._unread or (cycle is not None and cycle.more_body))

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request that is no HTTP (its head unreadable), as JSON, like every other
        refusal of the server's: it was ``text/plain``, "Invalid HTTP request received.", where a client
        reads ``detail`` from every other 4xx."""
        import h11

        body = json.dumps({"detail": INVALID_HTTP}).encode()
        event = h11.Response(status_code=400, reason=b"Bad Request", headers=[
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")])
        for part in (event, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(part))
        self._unread = True  # the rest of what it sent (a head past the limit, say) left unread: lingered on
        self.transport.close()


class _Lingering:
    """A connection's transport as uvicorn's protocol sees it, whose ``close`` lingers
    (:meth:`_Refusals._linger`) when the request being answered has a body not read whole: closed with bytes
    of it unread, the system resets the connection, and a client still sending is told of the reset, not of the
    answer. Otherwise the transport itself (``raw``), closed at once."""

    def __init__(self, raw: Any, protocol: Any) -> None:
        self.raw = raw
        self._protocol = protocol
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.raw.is_closing() and self._protocol._body_unread():
            self._protocol._linger()
        else:
            self.raw.close()

    def is_closing(self) -> bool:
        return self._closed or self.raw.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def check_host(host: str) -> None:
    """Raise :class:`SettingsError` for a ``--host`` that is no address to bind, before it is taken for a
    remote one: empty, with a port in it, or digits and dots that are no IPv4 address."""
    import ipaddress
    import re

    if not host.strip():
        raise SettingsError("--host is empty: give the address to bind, such as 127.0.0.1 (the default)")
    if re.fullmatch(r"(?:[^:\[\]]+|\[[^\]]*\]):\d+", host):
        raise SettingsError(f"--host {host}: give the address alone, and the port with --port")
    if re.fullmatch(r"[\d.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise SettingsError(f"--host {host}: not an IPv4 address") from None


#: The lines of one message the server's log (stderr) shows in :data:`REPEATS_WINDOW` seconds; the rest are counted,
#: and the first shown after the window says how many were left out (:class:`RepeatedLines`).
REPEATS_SHOWN = 10
REPEATS_WINDOW = 60.0
#: The messages :class:`RepeatedLines` counts at once: past them it starts its count again.
_MESSAGES_COUNTED = 256


class RepeatedLines(logging.Filter):
    """A filter of the server's log that lets through at most ``most`` lines of one message (its template: a
    request's client and path aside) in ``window`` seconds, and counts the rest; the first let through after
    them ends with how many were left out. uvicorn logs "Invalid HTTP request received." for each request that
    is no HTTP: a client sending them in a loop wrote a line each to the log, as fast as it sent them (10,000
    bad requests, 10,000 lines). ``clock``: seconds, for the tests."""

    def __init__(self, most: int = REPEATS_SHOWN, window: float = REPEATS_WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._most, self._window, self._clock = most, window, clock
        self._counts: dict[tuple[str, int, str], list[float]] = {}  # message: [window's start, shown, left out]

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        count = self._counts.get(key)
        if count is None or now - count[0] >= self._window:
            left_out = int(count[2]) if count is not None else 0
            if count is None and len(self._counts) >= _MESSAGES_COUNTED:
                self._counts.clear()  # messages of every kind (none of uvicorn's): counted anew, memory bounded
            self._counts[key] = count = [now, 0, 0]
            if left_out:
                record.msg = f"{record.msg} (and {left_out:,} more lines of this message left out before it)"
        if count[1] >= self._most:
            count[2] += 1
            return False
        count[1] += 1
        if count[1] == self._most:  # the last shown says so
            record.msg = (f"{record.msg} ({self._most:,} lines of this message in {self._window:,.0f} s: more are "
                          "left out, and counted)")
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with its server messages (startup, shutdown: INFO) left out and its
    warnings and errors kept, each message at most :data:`REPEATS_SHOWN` times a minute (:class:`RepeatedLines`);
    a request's line (INFO) still shows when the access log is on (``--access-log``: a line a request, every one,
    as asked)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    config.setdefault("filters", {})["repeats"] = {"()": RepeatedLines}
    config["handlers"]["default"]["filters"] = ["repeats"]
    return config
