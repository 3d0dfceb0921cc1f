"""Names in Arabic articles, found by the press's own cues (fifteenth session)."""

from __future__ import annotations

import pytest

from alerts.arabicnames import arabic_names
from alerts.match import name_evidence, name_key
from alerts.rules import WatchRules
from tests.alerts.judged import fields_of


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a quoted kunya
        ("يجلس «أبو حمزة» في مقهى صغير قرب السوق.", ["ابو حمزة"]),
        # a naming word, up to the next comma
        ("وقال المصدر إن الشاب، ويدعى مراد سليم، وصل إلى نقطة الجيش.", ["مراد سليم"]),
        # an appositive with an age after the name; the verb before it is no part of it
        ("يجلس فارس العلي، البالغ من العمر 31 عاماً، في غرفة صغيرة.", ["فارس العلي"]),
        ("سلّم المقاتل عبد الله حسن نور (29 عاماً) نفسه إلى الجيش.", ["عبد الله حسن نور"]),
        # a quoted name after a naming word; a pseudonym note
        ("عرّف نفسه باسم «رامي» فقط.", ["رامي"]),
        ("تروي «ليلى» (اسم مستعار) كيف خرجت.", ["ليلى"]),
    ],
)
def test_names_the_press_marks(rules: WatchRules, text: str, names: list[str]) -> None:
    scan = rules.compiled().scan("", text)
    assert [" ".join(scan.norm[i:j]) for i, j in arabic_names(scan)] == names


@pytest.mark.parametrize(
    "text",
    [
        "يصف قادة التنظيم أنفسهم بـ«المجاهدين» في بياناتهم.",  # scare quotes
        "قال «لم أعد أحتمل ما رأيت» ثم صمت.",  # a quoted sentence
        "ظهر العميد المعني، ويدعى كمال حسن، في المقطع.",  # an officer the army names
        "عاش باسم مختلف سنوات طويلة.",  # "under another name"
    ],
)
def test_no_name(rules: WatchRules, text: str) -> None:
    assert arabic_names(rules.compiled().scan("", text)) == []


def test_an_arabic_account_names_its_defector(rules: WatchRules) -> None:
    title = "عنصر سابق في داعش يروي قصة هروبه"
    text = (
        "الموصل – يجلس «أبو حمزة» في مقهى شعبي. انضم إلى تنظيم داعش عام 2014. "
        "يقول أبو حمزة إنه هرب من التنظيم عام 2016 بعد أن رأى الإعدامات، وسلّم نفسه إلى القوات العراقية."
    )
    assert fields_of(rules, title, text, ("name",)) == [("أبو حمزة",)]


def test_arabic_names_are_compared_in_arabic() -> None:
    assert name_key("أبو عُمر") == "ابو عمر"
    assert name_evidence("أبو عمر الديري", "أبو عمر") is not None
    assert name_evidence("أبو عمر", "أبو خالد") is None


ACCOUNT = (
    "{town} – يجلس «أبو حمزة» في مقهى شعبي. انضم إلى تنظيم داعش عام 2014. "
    "يقول أبو حمزة إنه هرب من التنظيم عام 2016 بعد أن رأى الإعدامات، وسلّم نفسه إلى القوات {forces}."
)


@pytest.mark.parametrize(
    ("town", "forces", "now_in"),
    [
        ("كركوك", "العراقية", "Iraq"),  # an Arabic dateline, its country named in the story
        ("زنجبار", "اليمنية", None),  # Zanzibar's spelling, Tanzania named nowhere: not Tanzania
    ],
)
def test_an_arabic_dateline(rules: WatchRules, town: str, forces: str, now_in: str | None) -> None:
    text = ACCOUNT.format(town=town, forces=forces)
    assert fields_of(rules, "عنصر سابق في داعش يروي قصة هروبه", text, ("now_in",)) == [(now_in,)]
