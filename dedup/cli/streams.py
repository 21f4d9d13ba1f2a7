"""Standard output and error as the command line writes them: any character taken whatever the locale,
the bidirectional controls shown on a terminal, and the error a write to standard output met remembered."""

from __future__ import annotations

from typing import Any

from dedup.normalize import shown_bidi


class _Traced:
    """Standard output, remembering the error a write or flush of it met: a write refused for want of room
    names no file, and one to an output that takes no more (``> /dev/full``, a device or pipe of a full
    disk) was blamed on the temporary folder (:func:`_unnamed_write`)."""

    #: The ``errno`` of the last write to standard output that failed (None: none has).
    refused: int | None = None

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            _Traced.refused = exc.errno
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            _Traced.refused = exc.errno
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Visible(_Traced):
    """A terminal stream on which the bidirectional controls are shown as ``<U+202E>``, not obeyed.
    Only terminals get it: what is piped or written to a file stays byte for byte what dedup wrote."""

    def write(self, text: str) -> int:
        super().write(shown_bidi(text))
        return len(text)


def _visible(stream: Any) -> Any:
    """``stream`` itself, or wrapped in :class:`_Visible` when it is a terminal."""
    try:
        return _Visible(stream) if stream is not None and stream.isatty() else stream
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return stream



def _writes_any_text(stream: Any) -> None:
    """Make ``stream`` take any character when its encoding is not UTF-8 (``PYTHONIOENCODING=ascii``, a
    Latin-1 locale): a name or a text it could not encode ended the command in a traceback. Output for
    programs (a pipe, a file: the JSON of ``--json -``, ``stream``'s lines) is written in UTF-8, as JSON
    must be; a terminal keeps its encoding and shows what it lacks as escapes (``\\xe9``)."""
    import codecs

    try:
        if codecs.lookup(stream.encoding).name == "utf-8":
            return
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8", errors="strict")
    except (AttributeError, LookupError, TypeError, ValueError, OSError):  # no stream, or not a text file's
        return
