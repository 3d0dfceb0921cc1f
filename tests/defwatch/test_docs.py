"""The documentation stays honest: the CLI reference is the commands' own help, every setting and
every command is documented."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from defwatch.cli import cli
from defwatch.cli_reference import render
from defwatch.config import Config

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render(), "docs/cli.md is stale: run `make docs` and commit it"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if not re.search(rf"`{name}\b", readme)]
    assert not missing, f"README.md does not mention: {missing}"


def _models(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models inside a field's type (list[X], X | None, Annotated[...])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _keys(model: type[BaseModel], prefix: str) -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        keys.append(prefix + key)
        for inner in _models(field.annotation):
            keys.extend(_keys(inner, f"{prefix}{key}."))
    return keys


def test_every_setting_outside_watch_is_in_the_configuration_reference() -> None:
    """watch: is documented inline in feeds.yml (docs/configuration.md says so), the rest in the table."""
    reference = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    keys = [k for k in _keys(Config, "") if not k.startswith("watch.")]
    missing = [k for k in keys if f"`{k.rsplit('.', 1)[-1]}`" not in reference and f"## {k}" not in reference]
    assert not missing, f"docs/configuration.md does not document: {missing}"
