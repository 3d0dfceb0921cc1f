"""OPML import (appended to feeds.yml, comments kept, validated first) and export (OPML 2.0)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from defwatch.config import parse_config
from defwatch.opml import OpmlError, import_opml, read_opml

REPO_CONFIG = Path(__file__).resolve().parents[2] / "feeds.yml"

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="Middle East Eye again" xmlUrl="https://www.middleeasteye.net/rss"/>
    <outline type="rss" text="Le Monde International" title="Le Monde: International"
             xmlUrl="https://www.lemonde.fr/international/rss_full.xml" htmlUrl="https://www.lemonde.fr/"/>
    <outline text="A folder inside a folder">
      <outline type="rss" text="bbc-middle-east" xmlUrl="https://example.org/another-bbc-feed.xml"/>
    </outline>
  </outline>
  <outline text="A link, not a feed" url="https://example.org/"/>
  <outline type="rss" text="Gopher" xmlUrl="gopher://example.org/feed"/>
</body></opml>"""


def defwatch(config: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(config.parent / "d.db"), "--config", str(config),
         *args],
        capture_output=True, input=stdin, timeout=60,
    )


def test_read_opml_flattens_folders_and_names_sources() -> None:
    feeds = read_opml(OPML)
    assert [f.url for f in feeds] == [
        "https://www.middleeasteye.net/rss", "https://www.lemonde.fr/international/rss_full.xml",
        "https://example.org/another-bbc-feed.xml", "gopher://example.org/feed",
    ]
    assert feeds[1].name == "le-monde-international" and feeds[1].title == "Le Monde: International"
    assert feeds[2].name == "bbc-middle-east"  # already a valid name: kept as it is


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>',
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline text="&x;" xmlUrl="https://x.example/"/></body></opml>',
        b"<opml><body><outline",
        b"<rss><channel/></rss>",
    ],
)
def test_hostile_or_broken_opml_is_refused(hostile: bytes) -> None:
    with pytest.raises(OpmlError):
        read_opml(hostile)


def test_import_appends_to_feeds_yml_keeping_every_comment(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yml"
    original = REPO_CONFIG.read_text(encoding="utf-8")
    config.write_text(original, encoding="utf-8")
    result = import_opml(config, OPML, "imported from test.opml")
    assert [f.name for f in result.added] == ["le-monde-international", "bbc-middle-east-2"]
    assert {reason for _, reason in result.skipped} == {"URL already configured", "not an http(s) URL"}
    text = config.read_text(encoding="utf-8")
    # Only lines added, none changed or lost; the new sources sit at the end of the sources list.
    new_lines = text.splitlines()
    assert [line for line in new_lines if line in set(original.splitlines())] == original.splitlines()
    assert text.index("bbc-middle-east-2") < text.index("\nwatch:")
    loaded = parse_config(text, str(config))
    added = {s.name: s for s in loaded.sources}
    assert str(added["le-monde-international"].url) == "https://www.lemonde.fr/international/rss_full.xml"
    assert added["le-monde-international"].outlet == "Le Monde: International"
    assert len(loaded.sources) == len(parse_config(original, "x").sources) + 2
    # The same file again: nothing to add, the file is left alone.
    again = import_opml(config, OPML, "imported again")
    assert again.added == [] and config.read_text(encoding="utf-8") == text


def test_import_into_an_empty_list_or_no_sources_section(tmp_path: Path) -> None:
    for start in ("sources: []\nschedule:\n  tick: 1s\n", "schedule:\n  tick: 1s\n"):
        config = tmp_path / "feeds.yml"
        config.write_text(start, encoding="utf-8")
        import_opml(config, OPML, "imported")
        loaded = parse_config(config.read_text(encoding="utf-8"), "x")
        assert len(loaded.sources) == 3 and loaded.schedule.tick == 1


def test_no_feeds_yml_or_an_invalid_one_is_not_imported_into(tmp_path: Path) -> None:
    """A new file with only the imported sources would watch no group: refuse and say what to do."""
    config = tmp_path / "feeds.yml"
    with pytest.raises(OpmlError, match="copy the repository's feeds.yml there"):
        import_opml(config, OPML, "imported")
    assert not config.exists()
    config.write_text("sources: 3\n", encoding="utf-8")
    with pytest.raises(OpmlError, match="fix it first"):
        import_opml(config, OPML, "imported")
    assert config.read_text(encoding="utf-8") == "sources: 3\n"


def test_an_import_that_would_break_the_config_changes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yml"
    config.write_text("sources: []\n", encoding="utf-8")
    bad = b'<opml><body><outline text="x" xmlUrl="http://exa mple.org/feed"/></body></opml>'
    with pytest.raises(OpmlError, match="left as it was"):
        import_opml(config, bad, "imported")
    assert config.read_text(encoding="utf-8") == "sources: []\n"


def test_export_then_import_round_trips_through_the_cli(tmp_path: Path) -> None:
    exported = defwatch(REPO_CONFIG, "feeds", "export-opml")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    config = tmp_path / "feeds.yml"
    config.write_text("# my sources\nsources: []\n", encoding="utf-8")
    imported = defwatch(config, "feeds", "import-opml", "-", stdin=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    mine = parse_config(config.read_text(encoding="utf-8"), "x").sources
    repo = parse_config(REPO_CONFIG.read_text(encoding="utf-8"), "y")
    theirs = [s for s in repo.sources if s.kind == "feed"]
    assert [(s.name, str(s.url), s.outlet) for s in mine] == [(s.name, str(s.url), s.outlet) for s in theirs]
    assert config.read_text(encoding="utf-8").startswith("# my sources\n")
