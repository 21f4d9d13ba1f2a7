"""uvicorn serving an index: the address checked before it is bound, a deadline for each request's head, the logging.

The server has no authentication, so only loopback addresses are bound unless told otherwise
(:func:`is_loopback`); a connection that sends no whole request head in :data:`HEAD_TIMEOUT` seconds is
closed (:func:`head_deadline_protocol`: a slow client holds none of the connection slots for long).
"""

from __future__ import annotations

from typing import Any

from dedup.errors import SettingsError

__all__ = ["HEAD_TIMEOUT", "KEEP_ALIVE", "check_host", "head_deadline_protocol", "is_loopback", "log_config"]

#: Seconds an idle keep-alive connection is kept open.
KEEP_ALIVE = 5
#: Seconds a connection has for a request's head (its line and headers), from when it opens or its last
#: answer was sent: past them, a connection still waiting for a whole head is closed. Without it a client
#: that opened connections and sent a header line every few seconds (slowloris) or nothing at all held every
#: one of ``--max-connections``, and every other client was answered 503 for as long as it went on.
HEAD_TIMEOUT = 10.0


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

    class HeadDeadline(H11Protocol):
        _deadline: Any = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._deadline = self.loop.call_later(seconds, self._head_too_slow)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self._deadline is not None:
                self._deadline.cancel()
            if not self.transport.is_closing():
                self._deadline = self.loop.call_later(seconds, self._head_too_slow)

        def eof_received(self) -> bool | None:  # type: ignore[override]
            cycle = self.cycle
            if cycle is not None and not cycle.response_complete and not cycle.more_body:
                cycle.keep_alive = False  # answered, then closed: nothing more will come on it
                return True  # the sending side kept open for the answer
            return None  # the transport closes itself

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _head_too_slow(self) -> None:
            self._deadline = None
            if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
                self.transport.close()  # no head on its way to an answer: the slot goes to another client

    return HeadDeadline


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


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with its server messages (startup, shutdown: INFO) left out and its
    warnings and errors kept; a request's line (INFO) still shows when the access log is on."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    return config
