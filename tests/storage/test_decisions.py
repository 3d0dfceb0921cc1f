from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import sqlite_utils

from storage.alerts import get_alert, raise_alert
from storage.articles import NewArticle, add_article
from storage.audit import list_audit
from storage.cases import add_case, case_history, get_case, get_case_article_ids, link_case_article
from storage.db import connect, open_db, write_lock
from storage.decisions import (
    DecisionConflict,
    InvalidDecisionError,
    add_person_as_new_case,
    alert_cases,
    case_values,
    confirm_alert_as_new_case,
    merge_alert_into_case,
    merge_person_into_case,
    reject_alert,
    undo_decision,
    update_alert_fields,
)
from storage.errors import ConflictError, NotFoundError

STORY = (
    "A former fighter who left the Islamic State group last spring spoke to reporters in Gaziantep on "
    "Tuesday about the months he spent in Raqqa, the executions he witnessed and the smuggler he paid."
)
PERSON = {"name": "Hamza", "age": 33, "gender": "m", "nationality": "Iraq", "group": "Islamic State",
          "reasons": ["corruption"], "now_in": "Turkey"}


def story(db: sqlite_utils.Database, text: str, *outlets: str) -> tuple[int, list[int]]:
    """One story carried by several outlets, and its alert: (alert_id, article ids)."""
    ids = []
    cluster = None
    for i, outlet in enumerate(outlets):
        added = add_article(db, NewArticle(
            url=f"https://{outlet}.example/{abs(hash(text)) % 10_000}", title="T", text=text, outlet=outlet,
            published_at=f"2026-11-0{i + 1}T10:00:00+00:00",
        ))
        cluster = cluster or added.cluster_id
        assert added.cluster_id == cluster
        ids.append(added.article_id)
    alert_id, _ = raise_alert(db, ids[0], cluster or 0, 0.9, "account", [PERSON], ["left"])
    return alert_id, ids


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(tmp_path / "d.db")


def audit_for(db: sqlite_utils.Database, alert_id: int) -> list[str]:
    return [e.action for e in reversed(list_audit(db)) if e.target == f"alert:{alert_id}"]


def test_confirm_creates_a_case_linking_every_copy(db: sqlite_utils.Database) -> None:
    alert_id, articles = story(db, STORY, "a", "b", "c")
    case_id = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, "2026-11-01T10:00:00+00:00")
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.reviewer, alert.case_id, alert.version) == ("confirmed", "alice", case_id, 2)
    assert alert.decided_at is not None
    case = get_case(db, case_id)
    assert (case.name_or_alias, case.age, case.group_name, case.now_in, case.created_by) == (
        "Hamza", 33, "Islamic State", "Turkey", "alice")
    assert case.first_reported_at == "2026-11-01T10:00:00+00:00"
    assert sorted(get_case_article_ids(db, case_id)) == sorted(articles)
    entry = list_audit(db)[0]
    assert (entry.actor, entry.action, entry.target) == ("alice", "alert.confirm", f"alert:{alert_id}")
    assert entry.details["before"]["status"] == "pending" and entry.details["after"]["status"] == "confirmed"
    assert entry.details["before"]["version"] == 1 and entry.details["after"]["version"] == 2
    assert entry.details["case_id"] == case_id and sorted(entry.details["articles"]) == sorted(articles)


def test_stale_version_is_refused_naming_who_decided(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    reject_alert(db, alert_id, 1, "alice", "not_defector", "captured, not a defector")
    with pytest.raises(DecisionConflict) as caught:
        confirm_alert_as_new_case(db, alert_id, 1, "bob", PERSON, None)
    message = str(caught.value)
    decided_at = get_alert(db, alert_id).decided_at
    assert f"alice already decided this alert (rejected) at {decided_at}" in message
    assert "Reload" in message
    assert (caught.value.actor, caught.value.at) == ("alice", decided_at)
    assert isinstance(caught.value, ConflictError)
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.reviewer, alert.version, alert.case_id) == ("rejected", "alice", 2, None)
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
    assert audit_for(db, alert_id) == ["alert.reject"]


def test_deciding_a_decided_alert_needs_an_undo_first(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    with pytest.raises(DecisionConflict, match="undo that decision first"):
        reject_alert(db, alert_id, 2, "bob", "other", None)
    with pytest.raises(DecisionConflict, match="no decision to undo"):
        undo_decision(db, story(db, "A different story about a smuggler in Idlib.", "z")[0], 1, "bob")


def test_merge_links_into_an_existing_case(db: sqlite_utils.Database) -> None:
    first, _ = story(db, STORY, "a")
    case_id = confirm_alert_as_new_case(db, first, 1, "alice", PERSON, None)
    second, articles = story(db, "A second interview with Hamza in Turkey about leaving Raqqa.", "b", "c")
    merge_alert_into_case(db, second, 1, "bob", case_id)
    alert = get_alert(db, second)
    assert (alert.status, alert.case_id, alert.reviewer, alert.version) == ("merged", case_id, "bob", 2)
    assert set(articles) <= set(get_case_article_ids(db, case_id))
    assert get_case(db, case_id).articles == 3
    assert list_audit(db)[0].details["articles"] == articles


def test_merge_into_missing_or_withdrawn_case_changes_nothing(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    with pytest.raises(NotFoundError):
        merge_alert_into_case(db, alert_id, 1, "alice", 999)
    gone, _ = story(db, "Another story about someone else entirely, who left in 2015.", "b")
    case_id = confirm_alert_as_new_case(db, gone, 1, "alice", PERSON, None)
    undo_decision(db, gone, 2, "alice")
    with pytest.raises(InvalidDecisionError, match="withdrawn"):
        merge_alert_into_case(db, alert_id, 1, "alice", case_id)
    assert get_alert(db, alert_id).version == 1
    assert audit_for(db, alert_id) == []


def test_reject_records_reason_and_note(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    with pytest.raises(InvalidDecisionError, match="not_defector, aggregate, duplicate, other"):
        reject_alert(db, alert_id, 1, "alice", "boring", None)
    reject_alert(db, alert_id, 1, "alice", "aggregate", "  a study  ")
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.reject_reason, alert.version) == ("rejected", "aggregate", 2)
    assert alert.note == "a study"


def test_undo_of_confirm_withdraws_the_case_and_removes_its_links(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a", "b")
    case_id = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    undo_decision(db, alert_id, 2, "bob")
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.case_id, alert.reviewer, alert.decided_at, alert.version) == (
        "pending", None, None, None, 3)
    case = get_case(db, case_id)  # kept, never deleted
    assert case.status == "withdrawn" and get_case_article_ids(db, case_id) == []
    entry = list_audit(db)[0]
    assert (entry.actor, entry.action) == ("bob", "alert.undo")
    assert entry.details["case_withdrawn"] is True and entry.details["before"]["status"] == "confirmed"
    # and it can be decided again
    reject_alert(db, alert_id, 3, "bob", "duplicate", None)
    assert audit_for(db, alert_id) == ["alert.confirm", "alert.undo", "alert.reject"]


def test_undo_of_confirm_keeps_a_case_other_alerts_support(db: sqlite_utils.Database) -> None:
    first, first_articles = story(db, STORY, "a")
    case_id = confirm_alert_as_new_case(db, first, 1, "alice", PERSON, None)
    second, second_articles = story(db, "A second interview with Hamza in Turkey about leaving Raqqa.", "b")
    merge_alert_into_case(db, second, 1, "bob", case_id)
    undo_decision(db, first, 2, "alice")
    case = get_case(db, case_id)
    assert case.status == "confirmed"
    assert get_case_article_ids(db, case_id) == second_articles
    assert case.first_reported_at == "2026-11-01T10:00:00+00:00"


def test_undo_of_merge_removes_only_links_it_added(db: sqlite_utils.Database) -> None:
    alert_id, articles = story(db, STORY, "a", "b")
    case_id = add_case(db, {"name_or_alias": "Hamza"}, "fixture", None)
    link_case_article(db, case_id, articles[0])  # linked earlier, by hand
    merge_alert_into_case(db, alert_id, 1, "alice", case_id)
    assert list_audit(db)[0].details["articles"] == [articles[1]]
    undo_decision(db, alert_id, 2, "alice")
    assert get_case_article_ids(db, case_id) == [articles[0]]
    assert get_case(db, case_id).status == "confirmed"


def test_update_fields_is_versioned_and_audited(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    edited = [{**PERSON, "name": "Hamza al-Iraqi"}, {"name": "Abu Omar"}]
    update_alert_fields(db, alert_id, 1, "alice", edited)
    alert = get_alert(db, alert_id)
    assert alert.fields == edited and alert.version == 2 and alert.status == "pending"
    entry = list_audit(db)[0]
    assert entry.action == "alert.update_fields"
    assert entry.details["fields_before"] == [PERSON] and entry.details["fields_after"] == edited
    with pytest.raises(DecisionConflict, match="alice edited the fields of this alert"):
        update_alert_fields(db, alert_id, 1, "bob", [])
    with pytest.raises(InvalidDecisionError):
        update_alert_fields(db, alert_id, 2, "bob", ["not a dict"])  # type: ignore[list-item]


def test_edit_and_confirm_in_one_transaction_roll_back_together(db: sqlite_utils.Database) -> None:
    alert_id, _ = story(db, STORY, "a")
    with pytest.raises(InvalidDecisionError), write_lock(db):
        update_alert_fields(db, alert_id, 1, "alice", [{"name": "Edited"}])
        confirm_alert_as_new_case(db, alert_id, 2, "alice", {"name": "Edited", "age": "old"}, None)
    alert = get_alert(db, alert_id)
    assert alert.fields == [PERSON] and alert.version == 1
    assert audit_for(db, alert_id) == []
    with write_lock(db):
        update_alert_fields(db, alert_id, 1, "alice", [{"name": "Edited"}])
        confirm_alert_as_new_case(db, alert_id, 2, "alice", {"name": "Edited"}, None)
    assert get_alert(db, alert_id).version == 3
    assert audit_for(db, alert_id) == ["alert.update_fields", "alert.confirm"]


def test_two_processes_deciding_at_once_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    db = open_db(path)
    alert_id, _ = story(db, STORY, "a", "b")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(reviewer: str) -> None:
        own = connect(path)  # each reviewer's request has its own connection
        barrier.wait()
        try:
            if reviewer == "alice":
                confirm_alert_as_new_case(own, alert_id, 1, reviewer, PERSON, None)
            else:
                reject_alert(own, alert_id, 1, reviewer, "other", None)
            outcomes.append("won")
        except DecisionConflict as exc:
            outcomes.append(f"lost: {exc}")
        finally:
            own.conn.close()

    threads = [threading.Thread(target=decide, args=(name,)) for name in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["lost", "won"]
    alert = get_alert(db, alert_id)
    assert alert.version == 2
    winner = alert.reviewer
    assert any(f"{winner} already decided this alert" in o for o in outcomes)
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == (1 if winner == "alice" else 0)


def test_case_values_maps_extracted_keys() -> None:
    assert case_values({"name": " Hamza ", "group": "IS", "age": "33", "reasons": "a, b", "extra": 1}) == {
        "name_or_alias": "Hamza", "group_name": "IS", "age": 33, "reasons": ["a", "b"],
        "gender": None, "nationality": None, "now_in": None,
    }
    assert case_values({"name": "x", "name_or_alias": "y"})["name_or_alias"] == "y"
    with pytest.raises(InvalidDecisionError, match="whole number"):
        case_values({"age": "thirty"})


# Several people in one story (m006 alert_cases): each can become a case of their own.

CROWD = (
    "Three former fighters who left the Islamic State group described their escape from Raqqa to "
    "reporters in Gaziantep: Hamza, a 33-year-old Iraqi, his cousin Omar, and a Syrian called Abu Bakr."
)
PEOPLE = [
    PERSON,
    {"name": "Omar", "age": 29, "group": "Islamic State"},
    {"name": "Abu Bakr", "nationality": "Syria"},
]


def crowd(db: sqlite_utils.Database, *outlets: str) -> tuple[int, list[int]]:
    """One story naming three defectors, carried by ``outlets``: (alert_id, article ids)."""
    alert_id, ids = story(db, CROWD, *outlets)
    db.execute("UPDATE alerts SET fields = ? WHERE id = ?", [json.dumps(PEOPLE), alert_id])
    return alert_id, ids


def linked(db: sqlite_utils.Database, alert_id: int) -> list[tuple[int, int | None, str]]:
    return [(c.case_id, c.person, c.action) for c in alert_cases(db, alert_id)]


def test_every_person_of_a_story_becomes_a_case(db: sqlite_utils.Database) -> None:
    known = add_case(db, {"name_or_alias": "Abu Bakr"}, "fixture", None)
    alert_id, articles = crowd(db, "a", "b")
    first = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    second = add_person_as_new_case(db, alert_id, 2, "bob", PEOPLE[1], 1, "2026-11-01T10:00:00+00:00")
    merge_person_into_case(db, alert_id, 3, "bob", known, 2)
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.case_id, alert.reviewer, alert.version) == ("confirmed", first, "alice", 4)
    assert linked(db, alert_id) == [(first, 0, "confirmed"), (second, 1, "confirmed"), (known, 2, "merged")]
    assert [c.name_or_alias for c in alert_cases(db, alert_id)] == ["Hamza", "Omar", "Abu Bakr"]
    for case_id in (first, second, known):
        assert sorted(get_case_article_ids(db, case_id)) == sorted(articles)
    omar = get_case(db, second)
    assert (omar.age, omar.group_name, omar.created_by, omar.status) == (
        29, "Islamic State", "bob", "confirmed")
    assert omar.first_reported_at == "2026-11-01T10:00:00+00:00"
    assert db.execute("SELECT DISTINCT alert_id FROM case_articles").fetchall() == [(alert_id,)]


def test_merged_alert_can_add_people_and_first_decision_records_its_person(db: sqlite_utils.Database) -> None:
    known = add_case(db, {"name_or_alias": "Omar"}, "fixture", None)
    alert_id, _ = crowd(db, "a")
    merge_alert_into_case(db, alert_id, 1, "alice", known, person=1)
    added = add_person_as_new_case(db, alert_id, 2, "alice", PEOPLE[0], 0, None)
    assert linked(db, alert_id) == [(known, 1, "merged"), (added, 0, "confirmed")]
    assert get_alert(db, alert_id).status == "merged"


def test_adding_people_needs_a_confirmed_or_merged_alert(db: sqlite_utils.Database) -> None:
    known = add_case(db, {"name_or_alias": "Omar"}, "fixture", None)
    alert_id, _ = crowd(db, "a")
    with pytest.raises(InvalidDecisionError, match="is pending: confirm or merge its first person"):
        add_person_as_new_case(db, alert_id, 1, "alice", PEOPLE[1], 1, None)
    with pytest.raises(InvalidDecisionError, match="is pending"):
        merge_person_into_case(db, alert_id, 1, "alice", known, 1)
    reject_alert(db, alert_id, 1, "alice", "other", None)
    with pytest.raises(InvalidDecisionError, match="is rejected"):
        add_person_as_new_case(db, alert_id, 2, "alice", PEOPLE[1], 1, None)
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM alert_cases").fetchone()[0] == 0
    assert get_alert(db, alert_id).version == 2
    assert audit_for(db, alert_id) == ["alert.reject"]


def test_adding_a_person_with_a_stale_version_is_a_conflict(db: sqlite_utils.Database) -> None:
    alert_id, _ = crowd(db, "a")
    confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    add_person_as_new_case(db, alert_id, 2, "alice", PEOPLE[1], 1, None)
    with pytest.raises(DecisionConflict, match="alice added another case from this alert") as caught:
        add_person_as_new_case(db, alert_id, 2, "bob", PEOPLE[2], 2, None)  # bob's page was at version 2
    assert caught.value.actor == "alice" and "you saw version 2, it is now version 3" in str(caught.value)
    other = add_case(db, {"name_or_alias": "Abu Bakr"}, "fixture", None)
    with pytest.raises(DecisionConflict):
        merge_person_into_case(db, alert_id, 2, "bob", other, 2)
    assert len(alert_cases(db, alert_id)) == 2
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 3  # two from the alert, one fixture


def test_a_case_or_person_is_recorded_once_per_alert(db: sqlite_utils.Database) -> None:
    alert_id, _ = crowd(db, "a")
    first = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    with pytest.raises(InvalidDecisionError, match=f"case {first} is already linked to alert {alert_id}"):
        merge_person_into_case(db, alert_id, 2, "alice", first, 1)
    with pytest.raises(InvalidDecisionError, match=f"person 1 of alert {alert_id} is already case #{first}"):
        add_person_as_new_case(db, alert_id, 2, "alice", PERSON, 0, None)
    with pytest.raises(InvalidDecisionError, match="names 3 people; there is no person 4"):
        add_person_as_new_case(db, alert_id, 2, "alice", PERSON, 3, None)
    with pytest.raises(InvalidDecisionError, match="index of a person"):
        add_person_as_new_case(db, alert_id, 2, "alice", PERSON, -1, None)
    with pytest.raises(NotFoundError):
        merge_person_into_case(db, alert_id, 2, "alice", 999, 1)
    gone, _ = story(db, "Another story about someone else entirely, who left in 2015.", "z")
    withdrawn = confirm_alert_as_new_case(db, gone, 1, "alice", PERSON, None)
    undo_decision(db, gone, 2, "alice")
    with pytest.raises(InvalidDecisionError, match="withdrawn"):
        merge_person_into_case(db, alert_id, 2, "alice", withdrawn, 1)
    assert get_alert(db, alert_id).version == 2 and len(alert_cases(db, alert_id)) == 1
    assert audit_for(db, alert_id) == ["alert.confirm"]


def test_undo_withdraws_every_case_the_alert_created_and_unlinks_merges(db: sqlite_utils.Database) -> None:
    earlier, earlier_articles = story(db, "A 2025 report on Abu Bakr, a Syrian who left the group.", "old")
    known = confirm_alert_as_new_case(db, earlier, 1, "carol", {"name": "Abu Bakr"}, None)
    alert_id, articles = crowd(db, "a", "b")
    first = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    second = add_person_as_new_case(db, alert_id, 2, "alice", PEOPLE[1], 1, None)
    merge_person_into_case(db, alert_id, 3, "alice", known, 2)
    assert get_case(db, known).articles == 3
    undo_decision(db, alert_id, 4, "bob")
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.case_id, alert.version) == ("pending", None, 5)
    assert alert_cases(db, alert_id) == []
    for created in (first, second):
        assert get_case(db, created).status == "withdrawn" and get_case_article_ids(db, created) == []
    assert get_case(db, known).status == "confirmed"
    assert get_case_article_ids(db, known) == earlier_articles
    assert not set(articles) & set(get_case_article_ids(db, known))
    # decided again from scratch: the people can be recorded anew
    third = confirm_alert_as_new_case(db, alert_id, 5, "bob", PEOPLE[1], None, person=1)
    assert linked(db, alert_id) == [(third, 1, "confirmed")]


def test_undo_keeps_an_added_case_that_another_alert_joined(db: sqlite_utils.Database) -> None:
    alert_id, _ = crowd(db, "a")
    confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    omar = add_person_as_new_case(db, alert_id, 2, "alice", PEOPLE[1], 1, None)
    later, later_articles = story(db, "Omar, who fled Raqqa with his cousin, now lives in Germany.", "c")
    merge_alert_into_case(db, later, 1, "bob", omar)
    undo_decision(db, alert_id, 3, "alice")
    case = get_case(db, omar)
    assert case.status == "confirmed" and get_case_article_ids(db, omar) == later_articles
    assert case.first_reported_at == "2026-11-01T10:00:00+00:00"


def test_adding_people_and_undoing_is_audited(db: sqlite_utils.Database) -> None:
    known = add_case(db, {"name_or_alias": "Abu Bakr"}, "fixture", None)
    alert_id, articles = crowd(db, "a")
    first = confirm_alert_as_new_case(db, alert_id, 1, "alice", PERSON, None)
    second = add_person_as_new_case(db, alert_id, 2, "bob", PEOPLE[1], 1, None)
    merge_person_into_case(db, alert_id, 3, "carol", known, 2)
    undo_decision(db, alert_id, 4, "dave")
    assert audit_for(db, alert_id) == ["alert.confirm", "alert.add_case", "alert.add_merge", "alert.undo"]
    undo, merge, add, confirm = list_audit(db)[:4]
    assert confirm.details["person"] == 0 and confirm.details["case_id"] == first
    assert (add.actor, add.details["case_id"], add.details["person"]) == ("bob", second, 1)
    assert add.details["case"]["name_or_alias"] == "Omar" and add.details["articles"] == articles
    assert add.details["before"]["version"] == 2 and add.details["after"]["version"] == 3
    assert add.details["after"]["status"] == "confirmed"
    assert (merge.actor, merge.details["case_id"], merge.details["person"]) == ("carol", known, 2)
    assert merge.details["articles"] == articles
    assert undo.actor == "dave" and undo.details["case_id"] == first and undo.details["case_withdrawn"]
    assert [(c["case_id"], c["person"], c["action"], c["withdrawn"]) for c in undo.details["cases"]] == [
        (first, 0, "confirmed", True), (second, 1, "confirmed", True), (known, 2, "merged", False)]
    assert all(c["unlinked_articles"] == articles for c in undo.details["cases"])
    # the undo shows in the history of every case it touched, not only the alert's first one
    assert [h["action"] for h in case_history(db, second)] == ["alert.add_case", "alert.undo"]
    assert [h["action"] for h in case_history(db, known)] == ["alert.add_merge", "alert.undo"]
