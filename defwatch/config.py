"""Load feeds.yml: each package validates its own section; this module composes them.

Errors name the key, the line and the fix, because a daemon that silently ignores a
typo in its configuration watches the wrong thing for months.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from alerts.digest_config import DigestSettings
from alerts.rules import WatchRules
from crawler.config import CrawlerSettings, Duration, SourceConfig, check_unique_names
from storage.feeds import FeedSpec

DEFAULT_CONFIG = "feeds.yml"
DEFAULT_DB = "defwatch.db"


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_interval: Duration = 1800.0
    jitter: float = Field(default=0.1, ge=0, le=1)
    crawl_timeout: Duration = 900.0
    tick: Duration = 30.0


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    crawler: CrawlerSettings = Field(default_factory=CrawlerSettings)
    sources: Annotated[list[SourceConfig], AfterValidator(check_unique_names)] = Field(default_factory=list)
    watch: WatchRules = Field(default_factory=WatchRules)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)

    def feed_specs(self) -> list[FeedSpec]:
        return [
            FeedSpec(
                name=s.name,
                url=str(s.url),
                kind=s.kind,
                outlet=s.outlet,
                language=s.language,
                link_selector=s.link_selector,
                interval_s=int(s.interval or self.schedule.default_interval),
            )
            for s in self.sources
        ]


class ConfigError(Exception):
    """feeds.yml is unreadable or invalid; the message lists every problem with its line."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))

    def __str__(self) -> str:
        lines = [f"{self.path} is not valid:"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class LoadedConfig:
    config: Config
    path: str  # where it came from ("<packaged default>" when no file was found)


def resolve_paths(db: str | None, config: str | None) -> tuple[str, str]:
    return (
        db or os.environ.get("DEFWATCH_DB") or DEFAULT_DB,
        config or os.environ.get("DEFWATCH_CONFIG") or DEFAULT_CONFIG,
    )


def config_given(config: str | None) -> bool:
    """Whether the user named a configuration file (--config or DEFWATCH_CONFIG): then it must exist,
    and the packaged default is not silently used instead."""
    return bool(config or os.environ.get("DEFWATCH_CONFIG"))


def default_config_text() -> str:
    return resources.files("defwatch").joinpath("default_feeds.yml").read_text(encoding="utf-8")


def load_config(path: str, fall_back_to_default: bool = True) -> LoadedConfig:
    """Read and validate; with no file at `path`, use the packaged default (for `score`, `demo`)."""
    file = Path(path)
    if not file.exists():
        if not fall_back_to_default:
            raise ConfigError(
                path, ["file not found; create it (copy the repository's feeds.yml) or pass --config"]
            )
        return LoadedConfig(parse_config(default_config_text(), "<packaged default>"), "<packaged default>")
    try:
        text = file.read_text(encoding="utf-8")
    except IsADirectoryError as exc:
        raise ConfigError(path, ["is a directory; pass the feeds.yml file inside it with --config"]) from exc
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(path, [f"line {line}: not UTF-8 text; save the file as UTF-8"]) from exc
    except OSError as exc:
        raise ConfigError(path, [f"cannot read it ({exc.strerror}); check its permissions"]) from exc
    return LoadedConfig(parse_config(text, path), path)


def parse_config(text: str, path: str) -> Config:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        # "while scanning a quoted scalar": the problem is found at the end of the file, but the
        # quote that never closes is where the user must look.
        started = getattr(exc, "context_mark", None)
        context = getattr(exc, "context", None)
        if started is not None and context and (mark is None or started.line != mark.line):
            problem += f" ({context} that starts at line {started.line + 1}, column {started.column + 1})"
        raise ConfigError(
            path, [f"{where}YAML syntax error: {problem}; check indentation and quoting"]
        ) from exc
    if data is None:
        # An empty file would validate (every section has defaults) and then disable every source
        # in the database at the next sync: almost certainly a truncated or wrong file.
        raise ConfigError(
            path, ["the file is empty; copy the repository's feeds.yml as a start (docs/configuration.md)"]
        )
    duplicates = _duplicate_keys(node)
    if duplicates:
        raise ConfigError(path, duplicates)
    if not isinstance(data, dict):
        raise ConfigError(
            path, ["line 1: the top level must be a mapping of sections (crawler, sources, watch, ...)"]
        )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(err, node) for err in exc.errors()]) from exc


def _duplicate_keys(node: yaml.Node | None) -> list[str]:
    """YAML lets a later key silently replace an earlier one; in a hand-edited list of sources
    that loses a whole section without a word, so say where both are."""
    problems: list[str] = []
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in first_seen:
                problems.append(
                    f"line {line}: '{key_node.value}' appears again (first at line "
                    f"{first_seen[key_node.value]}); merge the two into one"
                )
            elif isinstance(key_node, yaml.ScalarNode):
                first_seen[key_node.value] = line
            problems.extend(_duplicate_keys(value_node))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(item))
    return problems


def _describe(err: Any, root: yaml.Node | None) -> str:
    loc = tuple(err["loc"])
    key = ".".join(str(p) for p in loc) or "(top level)"
    line = _line_of(root, loc)
    where = f"line {line}: " if line else ""
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'; check the spelling (see docs/configuration.md for the keys)"
    elif err["type"] == "missing":
        message = f"'{loc[-1]}' is required here"
    return f"{where}{key}: {message}"


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if node is None:
            break
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    child = value_node if part != loc[-1] else key_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        best = node.start_mark.line + 1
    return best
