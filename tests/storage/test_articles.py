from __future__ import annotations

from pathlib import Path

import pytest

from storage.alerts import count_alerts_by_status, raise_alert
from storage.articles import (
    NewArticle,
    add_article,
    count_articles,
    get_unjudged_articles,
    mark_article_judged,
    search_articles,
)
from storage.db import open_db

STORY = (
    "A former fighter who left the Islamic State group last spring spoke to reporters in Gaziantep on "
    "Tuesday about the months he spent in Raqqa, the executions he witnessed and the smuggler he paid "
    "to take him across the border. He said commanders stole food meant for the fighters and that "
    "foreign recruits were treated better than Syrians. He now works in a bakery and fears informers."
)


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_db(tmp_path / "a.db")


def test_same_url_in_any_spelling_is_stored_once(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(db, NewArticle(url="https://www.example.org/story/1/?utm_source=rss#top", title="T", text=STORY))
    again = add_article(db, NewArticle(url="http://example.org/story/1", title="T", text=STORY))
    assert first.created and not again.created
    assert again.article_id == first.article_id
    assert count_articles(db)["articles"] == 1


def test_syndicated_copy_joins_the_cluster(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(db, NewArticle(url="https://a.example/1", title="Defector speaks", text=STORY, outlet="A"))
    copy_text = "This story first appeared in A. " + STORY.replace("Tuesday", "Wednesday") + " Subscribe now."
    copy = add_article(db, NewArticle(url="https://b.example/x", title="Ex-fighter tells all", text=copy_text, outlet="B"))
    other = add_article(
        db, NewArticle(url="https://c.example/y", title="Weather", text=" ".join(["rain and wind today"] * 20))
    )
    assert copy.created and copy.cluster_id == first.cluster_id and copy.duplicate_of == first.article_id
    assert other.cluster_id != first.cluster_id


def test_summary_only_article_is_completed_later_and_rejudged(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(
        db, NewArticle(url="https://a.example/2", title="T", text="", summary="short summary", page_status="summary_only")
    )
    mark_article_judged(db, first.article_id, "other", 0.1)
    later = add_article(db, NewArticle(url="https://a.example/2", title="T", text=STORY))
    assert later.updated and not later.created
    assert [a.id for a in get_unjudged_articles(db)] == [first.article_id]


def test_one_alert_per_cluster(db) -> None:  # type: ignore[no-untyped-def]
    a = add_article(db, NewArticle(url="https://a.example/1", title="T", text=STORY))
    b = add_article(db, NewArticle(url="https://b.example/1", title="T2", text=STORY + " More."))
    first = raise_alert(db, a.article_id, a.cluster_id, 0.9, "account", [], [])
    second = raise_alert(db, b.article_id, b.cluster_id, 0.8, "account", [], [])
    assert first[1] and not second[1] and first[0] == second[0]
    assert count_alerts_by_status(db)["pending"] == 1


def test_full_text_search_survives_punctuation(db) -> None:  # type: ignore[no-untyped-def]
    add_article(db, NewArticle(url="https://a.example/1", title="Gaziantep interview", text=STORY))
    assert search_articles(db, "bakery")[0][0].title == "Gaziantep interview"
    assert search_articles(db, 'bakery" OR (') == []
