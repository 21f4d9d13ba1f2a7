"""Renderings of results: terminal (rich), JSON and HTML. The only package that writes reports."""

from __future__ import annotations

from dedup.report.jsonout import write_json

__all__ = ["write_json"]
