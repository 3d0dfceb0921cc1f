"""feeds.yml validation: every error names the key, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from defwatch.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
crawler:
  contact: "mailto:team@example.org"
schedule:
  default_interval: 30m
sources:
  - name: good-feed
    url: https://example.org/feed.xml
"""

BAD_CONFIGS = [
    # (description, text, expected line, expected fragments)
    ("unknown top-level key", BASE + "sourcez: []\n", 8, ["sourcez", "unknown key"]),
    (
        "typo inside a source",
        BASE.replace(
            "    url: https://example.org/feed.xml",
            "    url: https://example.org/feed.xml\n    intervall: 5m",
        ),
        8,
        ["sources.0.intervall", "unknown key"],
    ),
    ("bad URL", BASE.replace("https://example.org/feed.xml", "not a url"), 7, ["sources.0.url"]),
    (
        "bad duration",
        BASE.replace("default_interval: 30m", "default_interval: soon"),
        4,
        ["duration", "30s, 15m"],
    ),
    (
        "listing without selector",
        BASE + "  - name: listing\n    url: https://example.org/news/\n    kind: listing\n",
        None,
        ["link_selector"],
    ),
    (
        "duplicate source names",
        BASE + "  - name: good-feed\n    url: https://example.org/b.xml\n",
        None,
        ["used twice"],
    ),
    ("bad name", BASE.replace("name: good-feed", "name: Good Feed!"), 6, ["sources.0.name", "lower-case"]),
    ("bad contact", BASE.replace('"mailto:team@example.org"', "nobody"), 2, ["crawler.contact", "email"]),
    (
        "bad CIDR",
        BASE.replace("crawler:\n", "crawler:\n  allow_private: ['10.0.0.0/99']\n"),
        2,
        ["allow_private"],
    ),
    ("YAML syntax", BASE + "  - name: [unclosed\n", 9, ["YAML syntax error"]),
    (
        "unclosed quote",
        BASE.replace('"mailto:team@example.org"', '"mailto:team@example.org'),
        None,
        ["quoted scalar that starts at line 2, column 12"],
    ),
    ("empty file", "# only a comment\n", None, ["the file is empty"]),
    ("repeated section", BASE + "sources: []\n", 8, ["'sources' appears again (first at line 5)"]),
    ("not a mapping", "- just\n- a list\n", 1, ["top level must be a mapping"]),
    (
        "branch of an unknown group",
        BASE
        + "watch:\n  groups:\n    - name: AQAP\n      aliases: [AQAP]\n      branch_of: al-Qaida\n",
        None,
        ["branch_of 'al-Qaida' is no group of this list"],
    ),
]


@pytest.mark.parametrize(("what", "text", "line", "fragments"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_is_explained(what: str, text: str, line: int | None, fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "feeds.yml")
    message = str(info.value)
    if line is not None:
        assert f"line {line}" in message, message
    for fragment in fragments:
        assert fragment in message, message


def test_repository_feeds_yml_is_valid() -> None:
    config = load_config(str(ROOT / "feeds.yml"), fall_back_to_default=False).config
    assert len(config.sources) >= 10
    assert {s.language for s in config.sources} >= {"fr", "de", "ar", "tr"}
    assert config.watch.groups


def test_missing_file_falls_back_to_the_packaged_default(tmp_path: Path) -> None:
    loaded = load_config(str(tmp_path / "nope.yml"))
    assert loaded.path == "<packaged default>"
    with pytest.raises(ConfigError, match="file not found"):
        load_config(str(tmp_path / "nope.yml"), fall_back_to_default=False)


def test_durations_and_specs() -> None:
    config = parse_config(BASE, "feeds.yml")
    assert config.schedule.default_interval == 1800
    assert config.feed_specs()[0].interval_s == 1800
