from __future__ import annotations

from pathlib import Path

import pytest

from storage.alerts import count_alerts_by_status, raise_alert
from storage.articles import (
    PAGE_SUMMARY_ONLY,
    UNPLACED,
    NewArticle,
    Placed,
    add_article,
    add_articles,
    cluster_queued,
    count_articles,
    get_article,
    get_unjudged_articles,
    known_urls,
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
    url = "https://www.example.org/story/1/?utm_source=rss#top"
    first = add_article(db, NewArticle(url=url, title="T", text=STORY))
    again = add_article(db, NewArticle(url="http://example.org/story/1", title="T", text=STORY))
    assert first.created and not again.created
    assert again.article_id == first.article_id
    assert count_articles(db)["articles"] == 1


def test_syndicated_copy_joins_the_cluster(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(db, NewArticle(url="https://a.example/1", title="Defector", text=STORY, outlet="A"))
    copy_text = "This story first appeared in A. " + STORY.replace("Tuesday", "Wednesday") + " Subscribe now."
    copy = add_article(db, NewArticle(url="https://b.example/x", title="Ex", text=copy_text, outlet="B"))
    other = add_article(
        db, NewArticle(url="https://c.example/y", title="Weather", text=" ".join(["rain and wind"] * 20))
    )
    assert copy.created and copy.cluster_id == first.cluster_id and copy.duplicate_of == first.article_id
    assert other.cluster_id != first.cluster_id


def test_summary_only_article_is_completed_later_and_rejudged(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(
        db,
        NewArticle(url="https://a.example/2", title="T",text="", summary="s", page_status=PAGE_SUMMARY_ONLY),
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


# ------------------------------------------------------------------------------ issue 4
def test_redirect_targets_and_every_spelling_are_aliases(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(db, NewArticle(
        url="https://feeds.example/r/123", title="T", text=STORY,
        other_urls=("https://www.news.example/story/9/?utm_source=feed",),
    ))
    urls = {r[0] for r in db.execute("SELECT url FROM article_urls WHERE article_id = ?", [first.article_id])}
    assert urls == {
        "https://feeds.example/r/123", "https://news.example/story/9",
        "https://www.news.example/story/9/?utm_source=feed",
    }
    again = add_article(db, NewArticle(url="http://news.example/story/9#top", title="T", text=STORY))
    assert not again.created and again.article_id == first.article_id
    assert known_urls(db, ["https://news.example/story/9?fbclid=x", "https://news.example/other"]) == {
        "https://news.example/story/9?fbclid=x"
    }


def test_exact_repost_under_another_url_joins_the_cluster(db) -> None:  # type: ignore[no-untyped-def]
    first = add_article(db, NewArticle(url="https://a.example/1", title="Defector speaks", text=STORY))
    shouted = NewArticle(url="https://b.example/2", title="DEFECTOR  speaks", text=STORY.upper())
    repost = add_article(db, shouted)
    assert repost.created and repost.duplicate_of == first.article_id
    assert repost.cluster_id == first.cluster_id
    # exact copies add nothing to the near-duplicate index
    assert db.execute("SELECT COUNT(*) FROM nd_signatures").fetchone()[0] == 1


def test_search_ranks_title_hits_first_and_stems(db) -> None:  # type: ignore[no-untyped-def]
    filler = " ".join(["The council met to discuss the budget and the roads."] * 5)
    in_text = add_article(
        db, NewArticle(url="https://a.example/1", title="Council news", text=filler + " A defector spoke.")
    )
    in_title = add_article(db, NewArticle(url="https://a.example/2", title="Defectors speak out", text=STORY))
    add_article(db, NewArticle(url="https://a.example/3", title="Weather", text="Rain all week up north."))
    hits = search_articles(db, "defector")
    assert [a.id for a, _ in hits] == [in_title.article_id, in_text.article_id]
    snippet = dict((a.id, s) for a, s in hits)[in_text.article_id]
    assert "[defector]" in snippet and len(snippet) < 200
    assert [a.id for a, _ in search_articles(db, "defect*")] == [in_title.article_id, in_text.article_id]
    assert search_articles(db, "defector rain") == []  # every word must occur
    assert search_articles(db, "") == [] and search_articles(db, "*") == []


def test_bulk_load_settings_are_restored(db) -> None:  # type: ignore[no-untyped-def]
    from storage.db import BULK_CACHE_KIB, bulk_load

    before = [db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("cache_size", "wal_autocheckpoint")]
    with bulk_load(db):
        assert db.execute("PRAGMA cache_size").fetchone()[0] == -BULK_CACHE_KIB
        add_article(db, NewArticle(url="https://a.example/1", title="T", text=STORY))
    assert [db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("cache_size", "wal_autocheckpoint")] == before


def test_articles_stored_unplaced_end_in_the_same_stories_as_placed_ones(db) -> None:  # type: ignore[no-untyped-def]
    """The feed poller stores first and places later (cluster=False, then cluster_queued): the
    stories come out as if every article had been placed when stored, in id order."""
    copy = "Wire copy. " + STORY + " Reporting by our correspondent."
    texts = [("orig", STORY), ("other", STORY.replace("Raqqa", "Mosul").replace("bakery", "garage")[::-1]),
             ("exact", STORY), ("near", copy)]
    placed_now = [add_articles(db, [NewArticle(url=f"https://a.example/{n}", title="T", text=t)])[0]
                  for n, t in texts]
    later = add_articles(db, [NewArticle(url=f"https://b.example/{n}", title="T", text=t) for n, t in texts],
                         cluster=False)
    assert [r.cluster_id for r in later] == [r.article_id for r in later]  # each its own story, for now
    assert search_articles(db, "Gaziantep")  # searchable at once
    assert cluster_queued(db) == Placed(placed=4, linked=4)
    first = placed_now[0].cluster_id
    for stored_now, stored_later in zip(placed_now, later, strict=True):
        assert get_article(db, stored_later.article_id).cluster_id == stored_now.cluster_id
    assert [placed_now[i].cluster_id for i in (2, 3)] == [first, first]
    assert cluster_queued(db) == Placed(placed=0, linked=0)  # the queue is empty, nothing twice


def test_a_page_arriving_for_an_unplaced_article_is_what_gets_placed(db) -> None:  # type: ignore[no-untyped-def]
    summary = NewArticle(url="https://a.example/s", title="T", text="", summary="A short feed summary.",
                         page_status=PAGE_SUMMARY_ONLY)
    stored = add_articles(db, [summary], cluster=False)[0]
    placed = add_article(db, NewArticle(url="https://c.example/orig", title="T", text=STORY))
    page = add_article(db, NewArticle(url="https://a.example/s", title="T", text=STORY))
    assert page.updated and get_article(db, stored.article_id).content_hash == UNPLACED
    assert cluster_queued(db) == Placed(placed=1, linked=1)
    # the page's text was placed, as a copy of the story placed before it (placed first, leads)
    assert get_article(db, stored.article_id).cluster_id == placed.article_id
