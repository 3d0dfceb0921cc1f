"""DESIGN.md: defwatch imports the others and nothing imports it; crawler and alerts
import only storage; storage imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("defwatch", "crawler", "storage", "alerts")
ALLOWED = {
    "defwatch": {"crawler", "storage", "alerts"},
    "crawler": {"storage"},
    "alerts": {"storage"},
    "storage": set(),
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_what_the_design_allows(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for imported in imported_packages(path) - {package} - ALLOWED[package]:
            wrong.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert not wrong, "imports against DESIGN.md's direction:\n" + "\n".join(wrong)


def test_the_check_sees_imports() -> None:
    assert "storage" in imported_packages(ROOT / "crawler" / "pipelines.py")
