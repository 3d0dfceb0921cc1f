"""People's names in Arabic articles, which have no capital letters to find them by.

The Arabic press marks a name in a few set ways, and only those are read: a short quoted name or
kunya («أبو عمر», "سلمى"), a naming word before it ("ويدعى سالم", "المدعو أحمد خلف", "بكنية أبو
يحيى"), or an appositive after it ("سامر العبد الله، البالغ من العمر 27 عاماً", "صالح، وهو شاب",
"عبد الله محمد نور (30 عاماً)", "خالد (اسم مستعار)"). Every later occurrence of the same words is a
mention of that person.
"""

from __future__ import annotations

from collections import Counter

from alerts.rules import Scan, arabic_word
from alerts.rules import word_list as _words

# Before a name: the words that introduce one (folded: no hamza, no shadda), and those that do only
# when the name after them is quoted ("عرّف نفسه باسم «سالم»"; "باسم مختلف" is "under another name").
_NAMING = _words("يدعى ويدعى تدعى وتدعى المدعو المدعوة المدعوين المدعوان المكنى المكناة")
_NAMING_QUOTED = _words("باسم بكنية كنيته كنيتها اسمه اسمها نناديه")  # not "بلقب": an alias
# A kunya, "father of" or "mother of": a name even in quotes alone («أبو عمر»).
_KUNYA = _words("ابو ام")
# Right after a comma or a bracket that follows a name: an appositive only people get...
# ...or the kunya or nickname it goes by ("فهد يحيى المعمري، المكنّى «أبو جبريل»")...
_APPOSITIVE = _words("البالغ البالغة ويبلغ وتبلغ اسم المكنى المكناة الملقب الملقبة")
# A verb of age before the name: "يبلغ أبو عمر من العمر 35 عاماً".
_IS_AGED = _words("يبلغ تبلغ ويبلغ وتبلغ")
# ...or "وهو"/"وهي" before a person's noun, a people's name or an age ("وهو شاب سوري", "وهو في
# الثالثة والثلاثين", "وهو من أبناء")...
_HE_IS = _words("وهو وهي")
_PERSON_AFTER_HE_IS = _words("شاب شابة رجل امراة اب ام في من عنصر مقاتل")
# ...or an age ("(30 عاماً)", "، 24 عاماً").
_AGE_UNITS = _words("عاما عاماً سنة سنوات عام")
# Words that stand before a name but are no part of it: verbs of the scene, roles, particles, and
# kin ("شقيقه مهند": his brother Muhannad).
_NOT_NAME = _words(
    """
يجلس تجلس جلس يروي تروي روى يطلب تطلب طلب يقف تقف يعيش تعيش يتابع تتابع يتحدث تتحدث يقول تقول
قال قالت وقال وقالت واقر اقر سلم وسلم وصل وصلت توجه توجهت يسكن تسكن ان انه انها هما هو هي كان
كانت لم يكن حين عندما بعد قبل في من على الى عن مع او و ثم لكن اما ايضا حسب بحسب هذا هذه ذلك
تلك الشاب الشابة الرجل المراة المتهم المتهمة المقاتل العنصر السابق السابقة الطفل الفتى الفتاة
يدعى ويدعى المدعو اسم مستعار
شقيقه شقيقها شقيقته شقيقتها اخوه اخيه اخته زوجته زوجها ابنه ابنها ابنته ابنتها
"""
)
# A state's ranks and spokesmen: a name they introduce is an officer's, not a defector's ("العميد
# المعني، ويدعى عبد الرحيم", "المتحدث باسم الجيش").
_OFFICIALS = _words(
    "العميد العقيد اللواء الرائد النقيب الملازم المقدم الضابط الجندي العريف المتحدث الناطق المحافظ الوزير"
)
_ALL_OPENING_QUOTES = "«\"“"
_ALL_CLOSING_QUOTES = "»\"”"
_LONGEST = 4  # words in a name at most ("عبدالله سالم بن عيسى")


def arabic_names(scan: Scan) -> list[tuple[int, int]]:
    """The word spans [i, j) the article marks as a person's name, in text order."""
    found: set[tuple[int, int]] = set()
    n = len(scan.norm)
    counts = Counter(scan.norm)  # how often each word is told: a verb once, a name again and again
    for t in range(n):
        gap_before = scan.text[scan.ends[t - 1] : scan.starts[t]] if t else ""
        if any(q in gap_before for q in _ALL_OPENING_QUOTES):
            span = _quoted(scan, t)
            named = t >= 1 and (scan.norm[t - 1] in _NAMING or scan.norm[t - 1] in _NAMING_QUOTED)
            if span and (named or scan.norm[t] in _KUNYA or _appositive_after(scan, span[1] - 1)):
                found.add(span)
        if scan.norm[t] in _NAMING and t + 1 < n:
            span = _after_naming(scan, t + 1)
            if span:
                found.add(span)
        if scan.norm[t] in _IS_AGED and t + 2 < n:
            span = _before_age(scan, t + 1)
            if span:
                found.add(span)
        if t + 1 < n and _appositive_after(scan, t):
            span = _before_appositive(scan, t, counts)
            if span:
                found.add(span)
    return sorted(span for span in found if not _official_before(scan, span[0]))


def _before_age(scan: Scan, i: int) -> tuple[int, int] | None:
    """"يبلغ أبو عمر من العمر 35 عاماً" (Abu Omar is 35): the words between the verb and "من العمر"."""
    for k in range(i + 1, min(i + _LONGEST + 1, len(scan.norm) - 1)):
        if scan.sent[k] != scan.sent[i]:
            return None
        if scan.norm[k] == "من" and scan.norm[k + 1] == "العمر":
            named = all(arabic_word(scan.norm[t]) and scan.norm[t] not in _NOT_NAME for t in range(i, k))
            return (i, k) if named else None
    return None


def _official_before(scan: Scan, i: int) -> bool:
    return any(scan.norm[t] in _OFFICIALS for t in range(max(0, i - 4), i) if scan.sent[t] == scan.sent[i])


def mentions_of(scan: Scan, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every place the words of one of `names` occur again, as spans."""
    wanted = {tuple(scan.norm[i:j]) for i, j in names}
    out: list[tuple[int, int]] = []
    for words in wanted:
        size = len(words)
        for t in range(len(scan.norm) - size + 1):
            one_sentence = scan.sent[t] == scan.sent[t + size - 1]
            if one_sentence and tuple(scan.norm[t : t + size]) == words:
                out.append((t, t + size))
    return out


def _name_word(scan: Scan, t: int) -> bool:
    word = scan.norm[t]
    if not arabic_word(word) and not (len(word) == 1 and word.isalpha()):
        return False
    if word in _NOT_NAME or word in _AGE_UNITS or scan.covering("nation", t) or scan.covering("group", t):
        return False
    return not scan.covering("place", t)


def _quoted(scan: Scan, t: int) -> tuple[int, int] | None:
    """«أبو عمر», "سلمى", «م. ع.»: one to three words inside quotes, not opening with the article (a
    word in scare quotes, «المجاهدين», is no name)."""
    if scan.norm[t].startswith("ال"):
        return None
    for j in range(t + 1, min(t + 4, len(scan.norm)) + 1):
        if not _name_word(scan, j - 1) or scan.sent[j - 1] != scan.sent[t]:
            return None
        gap = scan.text[scan.ends[j - 1] : scan.starts[j]] if j < len(scan.norm) else ""
        if any(q in gap for q in _ALL_CLOSING_QUOTES):
            return t, j
        if gap.strip(" ."):
            return None  # other punctuation inside: a quoted sentence, not a name
    return None


def _after_naming(scan: Scan, t: int) -> tuple[int, int] | None:
    """"ويدعى سالم، وهو", "المدعوين أحمد خلف عبدالله ومحمود": the words after a naming word, up to
    punctuation or the next word joined by "و"."""
    j = t
    while j < len(scan.norm) and j - t < _LONGEST and scan.sent[j] == scan.sent[t] and _name_word(scan, j):
        if j > t and (scan.text[scan.ends[j - 1] : scan.starts[j]].strip() or scan.norm[j].startswith("و")):
            break
        j += 1
    if j > t and scan.norm[t].startswith("ال"):
        return None
    return (t, j) if j > t else None


def _appositive_after(scan: Scan, t: int) -> bool:
    """Word t ends a name: a comma or an opening bracket, then an appositive or an age."""
    if t + 1 >= len(scan.norm) or scan.sent[t + 1] != scan.sent[t]:
        return False
    gap = scan.text[scan.ends[t] : scan.starts[t + 1]]
    if not any(c in gap for c in "،,("):
        return False
    nxt = scan.norm[t + 1]
    after = scan.norm[t + 2] if t + 2 < len(scan.norm) else ""
    if nxt in _HE_IS:
        return after in _PERSON_AFTER_HE_IS or scan.covering("nation", t + 2) is not None
    return nxt in _APPOSITIVE or (nxt.isdigit() and after in _AGE_UNITS)


def _before_appositive(scan: Scan, t: int, counts: Counter[str]) -> tuple[int, int] | None:
    """"يجلس سامر العبد الله،" -> سامر العبد الله: back from word t while the words read as a name;
    a word with the article ends it once a given name is in ("المتهم سعد خلف حمادي")."""
    i = t + 1
    given = False
    while i > 0 and t + 2 - i <= _LONGEST and scan.sent[i - 1] == scan.sent[t] and _name_word(scan, i - 1):
        gap = scan.text[scan.ends[i - 1] : scan.starts[i]].strip()
        if i <= t and gap and not (gap == "." and len(scan.norm[i - 1]) == 1):
            break  # (but initials: "المتهم (س. ك.)")
        word = scan.norm[i - 1]
        if word.startswith("ال") and given and not (i >= 2 and scan.norm[i - 2] == "عبد"):
            break  # (but "عبد الله محمد نور": "عبد" and the divine name are one given name)
        given = given or not word.startswith("ال")
        i -= 1
    while i <= t and scan.norm[i].startswith("ال"):
        i += 1  # a name opens with its given name
    while i < t and scan.norm[i][:1] in "يت" and counts[scan.norm[i]] == 1 and counts[scan.norm[i + 1]] > 1:
        i += 1  # "ينحدر صالح، البالغ": a verb told once before a name told again
    return (i, t + 1) if i <= t else None
