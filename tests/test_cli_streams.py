"""What reaches a terminal (dedup/cli/streams.py): controls that turn text around shown, encodings without a name."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import CORPUS
from _cli_helpers import _dedup


def test_bidirectional_controls_are_shown_not_obeyed_on_a_terminal() -> None:
    import io

    from dedup.cli.streams import _Visible, _visible

    shown = io.StringIO()
    _Visible(shown).write("news\u202etxt.exe \u2067x\u2069 \u200fوكالة")
    assert shown.getvalue() == "news<U+202E>txt.exe <U+2067>x<U+2069> \u200fوكالة"  # marks and letters kept

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain = io.StringIO()
    assert _visible(plain) is plain and isinstance(_visible(Terminal()), _Visible)


def test_a_file_name_that_turns_text_around_is_escaped_on_a_terminal_and_kept_in_json(tmp_path: Path) -> None:
    # a corpus file named with U+202E ("Trojan source"): the terminal shows the control, the JSON keeps the id
    import pty
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tricky = "news\u202etxt.exe.txt"
    (corpus / tricky).write_text((CORPUS / "newswire" / "belarus-china-drills.txt").read_text())
    (corpus / "b.txt").write_text((CORPUS / "eastdesk" / "belarus-china-drills.txt").read_text())
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", str(corpus), "--json", str(tmp_path / "r.json")],
                            stdout=slave, stderr=slave, env={**os.environ, "PYTHONPATH": str(CORPUS.parent)})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end closed: the command ended
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert b"<U+202E>" in out and "\u202e".encode() not in out
    assert tricky in {d["id"] for d in json.loads((tmp_path / "r.json").read_text())["documents"]}


def test_output_in_an_encoding_that_lacks_a_name_is_no_traceback(tmp_path: Path) -> None:
    # PYTHONIOENCODING=ascii (or a Latin-1 locale): a file name or a title it cannot encode ended the command
    # in a UnicodeEncodeError traceback; output for programs is UTF-8, as JSON must be
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Café \u2013 \u201cport\u201d.txt").write_bytes((CORPUS / "citypaper" / "port-strike.txt").read_bytes())
    (corpus / "copy.txt").write_bytes((CORPUS / "citypaper" / "port-strike.txt").read_bytes())
    for encoding in ("ascii", "latin-1"):
        shown = _dedup(["scan", str(corpus), "--no-align"], PYTHONIOENCODING=encoding)
        out, err = shown.communicate(timeout=120)
        assert shown.returncode == 0 and err == b"", err.decode("utf-8", "replace")[-500:]
        assert "Café \u2013 \u201cport\u201d.txt" in out.decode("utf-8")
        piped = _dedup(["scan", str(corpus), "--no-align", "-q", "--json", "-"], PYTHONIOENCODING=encoding)
        out, err = piped.communicate(timeout=120)
        assert piped.returncode == 0 and err == b""
        assert sorted(d["id"] for d in json.loads(out.decode("utf-8"))["documents"]) == ["Café \u2013 \u201cport\u201d.txt", "copy.txt"]
