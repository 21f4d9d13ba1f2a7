"""The agency table: the agencies an article may credit (names, aliases, web domains) and the forms a credit
takes (``dedup/data/agencies.json``, or an edited copy), and the key names are compared by.

Read by :mod:`dedup.credit` (does the derived article credit its source?) and :mod:`dedup.wirecopy` (do the
texts credit another agency's copy?)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dedup.errors import InputError

__all__ = ["Agency", "CreditForm", "AgencyTable", "load_agencies", "name_key"]


@dataclass(frozen=True)
class Agency:
    """A name an article may be credited by: an agency of the table, an outlet, or a byline."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...] = ()
    #: agency (from the table), outlet, byline (any occurrence credits) or web (domain only)
    kind: str = "agency"


@dataclass(frozen=True)
class CreditForm:
    """One way of crediting: ``pattern`` with ``{name}`` for any alias; ``kind`` is ``article`` (the whole
    article is credited) or ``statement`` (one statement is attributed); ``where`` is head, tail or any."""

    name: str
    kind: str
    where: str
    pattern: str


@dataclass(frozen=True)
class AgencyTable:
    """The known agencies and credit forms (see :func:`load_agencies`)."""

    agencies: tuple[Agency, ...]
    forms: tuple[CreditForm, ...]

    def find(self, outlet: str | None) -> Agency | None:
        """The agency an outlet name stands for (``"reuters"``, ``"Reuters"``, ``"ap"``), if any."""
        return _by_key(self.agencies).get(name_key(outlet or ""))


@lru_cache(maxsize=8)
def _by_key(agencies: tuple[Agency, ...]) -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for agency in agencies:
        for name in (agency.name, *agency.aliases):
            out.setdefault(name_key(name), agency)
    return out



def load_agencies(path: str | Path | None = None) -> AgencyTable:
    """The agency table: the packaged ``dedup/data/agencies.json``, or an edited copy at ``path``."""
    if path is None:
        return _packaged()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the agency table ({exc}); start from dedup/data/agencies.json") from exc
    return _table(raw, str(path))


@lru_cache(maxsize=1)
def _packaged() -> AgencyTable:
    text = resources.files("dedup").joinpath("data/agencies.json").read_text(encoding="utf-8")
    return _table(json.loads(text), "dedup/data/agencies.json")


def _table(raw: Any, where: str) -> AgencyTable:
    try:
        agencies = tuple(Agency(str(a["name"]), tuple(map(str, a.get("aliases") or [a["name"]])),
                                tuple(map(str, a.get("domains") or ()))) for a in raw["agencies"])
        forms = tuple(CreditForm(str(f["name"]), str(f["kind"]), str(f.get("where", "any")), str(f["pattern"]))
                      for f in raw["forms"])
        for form in forms:
            re.compile(form.pattern.replace("{name}", "X"))
    except (KeyError, TypeError, re.error) as exc:
        raise InputError(f"{where}: malformed agency table ({exc}); each agency needs a name and aliases, "
                         "each form a name, kind and pattern") from exc
    return AgencyTable(agencies, forms)



def name_key(name: str) -> str:
    """A name as names are compared: case and accents dropped."""
    # letters and digits of every script, accents dropped ("ČTK" is CTK): keeping only a-z0-9 reduced
    # every Chinese, Arabic or Russian outlet name to "", so that all of them were one outlet
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())
