"""Print listings as a Rich table for people or JSON for scripts (every listing has --json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console()


def emit(
    rows: Sequence[dict[str, Any]], as_json: bool, columns: Sequence[str], title: str | None = None
) -> None:
    if as_json:
        print(json.dumps(list(rows), ensure_ascii=False, indent=None, default=str))
        return
    if not rows:
        console.print(f"[dim]no {title or 'rows'}[/dim]")
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[Text(_cell(row.get(c))) for c in columns])  # scraped text: never markup
    console.print(table)


def emit_object(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        for key, value in data.items():
            console.print(Text.assemble((f"{key}: ", "bold"), _cell(value)), highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= 90 else text[:87] + "…"
