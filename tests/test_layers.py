"""The import rule between the tiers, read from the source (so a lazy import inside a function counts too).

gpt_core (torch only) <- explorer.analysis (pure data) <- explorer.figures (pure plotly/HTML) <- explorer.ui and
pages/ (streamlit). An arrow means "may import"; nothing imports against the arrows.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "gpt_core": ("streamlit", "plotly", "pandas", "explorer"),
    "explorer/analysis": ("streamlit", "plotly", "html", "explorer.ui", "explorer.figures"),
    "explorer/figures": ("streamlit", "explorer.ui"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out |= {f"{module}.{alias.name}" for alias in node.names}
    return out


@pytest.mark.parametrize("tier", list(FORBIDDEN))
def test_no_import_against_the_tiers(tier):
    files = sorted((REPO / tier).rglob("*.py"))
    assert files, tier
    broken = []
    for path in files:
        for module in imported_modules(path):
            for banned in FORBIDDEN[tier]:
                if module == banned or module.startswith(banned + "."):
                    broken.append(f"{path.relative_to(REPO)} imports {module}")
    assert not broken, "\n".join(sorted(set(broken)))


def test_no_module_is_named_after_a_delivery_batch_or_shadows_the_stdlib():
    import sys

    names = {p.stem for folder in ("gpt_core", "explorer") for p in (REPO / folder).rglob("*.py")}
    assert not {n for n in names if n.endswith(("_pages1", "1", "2"))}
    assert not names & (set(sys.stdlib_module_names) - {"__init__", "__main__"}), names & set(sys.stdlib_module_names)
