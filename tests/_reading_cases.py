"""What the reader's tests share (tests/test_reading.py, test_readable.py, test_decoding.py, test_records.py,
test_article_ids.py): an article's body, texts in a few scripts, and a writer of files."""

from __future__ import annotations

from pathlib import Path


BODY = " ".join(["The council approved the new budget after a long debate on Tuesday."] * 4)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


ARTICLE = "The port strike entered its third day on Tuesday as dock workers refused the latest offer. " * 3


RUSSIAN = ("Президент в понедельник объявил о новых мерах поддержки малого бизнеса, включая снижение налогов и "
           "льготные кредиты для предприятий, пострадавших от кризиса, сообщили журналистам на брифинге.")
CHINESE = ("北京市政府周一宣布，将在未来三年内投资五百亿元人民币，用于改善城市公共交通系统，包括新建四条地铁线路和扩建"
           "现有的公交网络。官员表示，这项计划将缓解交通拥堵，并减少空气污染。")
