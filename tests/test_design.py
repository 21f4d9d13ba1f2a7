"""docs/design.md's import diagram is the package's: a module or an import added without it fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dedup"
DESIGN = ROOT / "docs" / "design.md"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "dedup"


def _is_module(dotted: str) -> bool:
    base = PACKAGE.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_in_code() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports (lazy and type-only imports included)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, found = _name(path), set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "dedup":
                module = node.module.partition(".")[2]
                for alias in node.names:  # ``from dedup.index import settings`` imports a module
                    sub = f"{module}.{alias.name}" if module else alias.name
                    found.add(sub if _is_module(sub) else module or "dedup")
            elif isinstance(node, ast.Import):
                found |= {a.name.partition(".")[2] for a in node.names if a.name.startswith("dedup.")}
        graph[name] = found - {name}
    return graph


def imports_in_design() -> dict[str, set[str]]:
    text = DESIGN.read_text(encoding="utf-8")
    block = re.search(r"<!-- imports:begin -->\n```\n(.*?)```\n<!-- imports:end -->", text, flags=re.S)
    assert block, "docs/design.md has no imports block"
    graph = {}
    for line in block.group(1).splitlines():
        module, _, deps = line.partition("->")
        graph[module.strip()] = {d.strip() for d in deps.split(",") if d.strip()}
    return graph


def test_design_lists_every_module_and_its_imports() -> None:
    code, design = imports_in_code(), imports_in_design()
    assert sorted(code) == sorted(design), "modules in the code and in docs/design.md differ"
    wrong = {m: (sorted(design[m]), sorted(code[m])) for m in code if code[m] != design[m]}
    assert not wrong, f"docs/design.md (left) disagrees with the imports in the code (right): {wrong}"


def test_stages_never_import_the_entry_points() -> None:
    entry = {"cli", "__main__", "pipeline", "engines", "report", "dedup"}
    stages = {"documents", "normalize", "shingles", "signatures", "banding", "candidates", "signing", "evidence",
              "sentences", "similarity", "align", "alignment", "decision", "verify", "parallel", "lineage",
              "clusters", "result"}
    code = imports_in_code()
    for stage in stages:
        assert not code[stage] & (entry | {m for m in code if m.startswith(("index", "report", "engines"))}), stage
    engines = sorted(m for m in code if m.startswith("engines."))
    assert "engines.dask" in engines and "engines.partitions" in engines
    for module in [*engines, "index.index"]:  # engines and the index use stages only
        assert "pipeline" not in code[module], module
