"""Where a defector is from and where they are now: countries and places found near the person.

Pure functions over a `Scan` (alerts.rules): the nationality from "a Syrian man", "a deserter from
Raqqa" or "came home to India"; `now_in` from "now lives in", "crossed into", a return home or the
story's dateline.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from alerts.birthyear import month_names
from alerts.countries import country_name, local_country_names, town_countries
from alerts.rules import Hit, Scan, arabic_word, fold
from alerts.rules import word_list as _words

_FROM = _words("from of via through de du des von aus من")  # "شاب من القصرين", from Kasserine
_TO = _words("in to into at inside à en au aux dans nach im vers إلى في")
# Before "of", a part of a place ("in the north of Ivory Coast", "dans le nord de la Côte d'Ivoire",
# "on the outskirts of Mosul"): the place is still where the person is.
_PARTS = _words(
    """
north south east west north-east north-west south-east south-west northeast northwest southeast
southwest centre center heart outskirts suburbs edge part parts interior nord sud est ouest banlieue
périphérie
"""
)
_AUTHORITY = _words(
    """
authorities forces police army officials custody town village city camp prison government guards
soldiers troops border
behörden polizei armee soldaten sicherheitskräfte regierung streitkräfte grenzschutz
autorités militaires soldats armée gendarmes gendarmerie troupes
askerleri askerler polis makamları hükümeti güvenlik
"""
) - {"border"}
_BEFORE_FROM = frozenset(
    ["comes", "come", "came", "is", "was", "and", "originally", "hails", "native", "old"]
)
_CAME = frozenset(["comes", "come", "came"])
_THING_DETERMINERS = _words("the a an these those their his her our its some")
_PERSONAL_NOUNS = _words("family families")


def _thing_came(scan: Scan, t: int, mentions: list[tuple[int, int]]) -> bool:
    """Words t-1 and t, the subject before "came from", are a determiner and a common noun that
    names no person: "the orders came from Quetta" (but "is 23 and comes from Lice")."""
    return (
        t >= 1
        and scan.norm[t - 1] in _THING_DETERMINERS
        and scan.raw[t][:1].islower()
        and scan.norm[t] not in _PERSONAL_NOUNS
        and scan.covering("person_noun", t) is None
        and not any(j - 1 == t for _, j in mentions)
    )


# Before a demonym, these make it one person's: "a Syrian", "cette Française", "dieser Tunesier",
# "a 26-year-old American", "ein 19 Jahre alter Afghane".
_ARTICLES = _words(
    "a an another old this un une ce cet cette ein eine einen diese dieser alter alte alten jähriger jährige"
    " jährigen"
)
_PLACE_NOUNS = _words(
    """
refugee camp region province capital border district state territory city town village desert coast
embassy consulate court courts prison jail authorities media
grenze grenzstadt region provinz hauptstadt botschaft konsulat gericht gefängnis stadt dorf küste wüste
lager behörden medien sınır sınırı sınırında sınırına
"""
) - {"refugee"}
# After a demonym, the person's own status: "Danish citizenship", "a French passport".
_CITIZENSHIP = _words(
    "citizenship nationality passport passports citoyennete nationalite passeport staatsburgerschaft "
    "staatsangehorigkeit pass vatandasligi"
)
# Two words after a demonym, a place or a thing of the country's, not a person: "a Congolese gold mine".
_PLACES_AND_THINGS = _PLACE_NOUNS | _words("camp mine mines company firm factory school university hospital")
# A return, repatriation or deportation is to the person's own country.
_RETURN = tuple(
    _words(
        """
home back return repatri rapatri deport extradit expel expuls rentr retour ruckkehr zuruck abgeschoben
don iade عاد عودته
"""
    )
)
# Before "a Syrian man", these make him someone the person met or married, not the person.
_SOMEONE_ELSE = _words("married marry marrying wed met meet husband wife épousé heiratete evlendi")
_ORIGIN_PREPOSITIONS = _words("from of in dans à aus de d du des من")  # "originaire des environs de"
# Words saying where a person comes from, before a preposition (in English, French, German, Arabic).
_ORIGIN_WORDS = _words(
    """
born raised grew hails hailing native originally originaire originaires natif native nee ne grandi stammt
stammende stammte kommt geboren aufgewachsen المتحدر المنحدر ينحدر أصله أصلها مواليد
"""
)
# German puts the origin's verb after the place: "in Berlin-Neukölln aufgewachsen". (Not "geboren":
# "wurde in Grosny geboren ... ist österreichischer Staatsbürger" is Austrian, a birthplace read
# first would hide it.)
_GERMAN_BORN_AFTER = _words("aufgewachsen")
# English origin words that take "in", never "from" or "of" ("born in", "raised in").
_BORN_IN = _words("born raised grew")
# After a place, "born in" it, in the languages that put the word last ("Gaziantep doğumlu").
_BORN_AFTER = _words("dogumlu dogumludur")  # folded: "doğumlu"
_WHO = _words("who which that qui")  # not German "der", "die": articles too ("aus der Türkei")
_RELATIVES = _words("mother father wife husband son daughter brother sister parents family mum dad")


def nationality_of(
    scan: Scan, mentions: list[tuple[int, int]], sents: list[int], others: Sequence[tuple[int, int]] = ()
) -> str | None:
    """The country a person is from, stated in their sentences (`mentions`: where their name stands;
    `others`: where other people's names stand): the first sentence that states one ("Issa was born
    in Mocímboa da Praia" before "the second man, a Tanzanian national"), the headline's last ("a
    former Raqqa fighter" is where he fought)."""
    own: dict[int, tuple[int, int]] = {}
    for m in mentions:
        own.setdefault(scan.sent[m[0]], m)  # the first mention in each sentence
    other: dict[int, list[tuple[int, int]]] = {}
    for m in others:
        other.setdefault(scan.sent[m[0]], []).append(m)
    for s in sorted(set(sents), key=lambda s: (s < scan.title_sentences, s)):
        for stretch in _own_stretches(scan, own.get(s), other.get(s, []), s):
            found = _nationality_in(scan, mentions, s, stretch)
            if found:
                return found
    return None


def _country_after_town(scan: Scan, j: int) -> str | None:
    """A country named just after a town ending before word j ("San Cristóbal in Venezuela's Táchira
    state", "Mitrovica, Kosovo"): it settles a town's name that several countries share."""
    s = scan.sent[j - 1]
    for u in range(j, min(j + 6, len(scan.norm))):
        if scan.sent[u] != s:
            break
        gap = scan.text[scan.ends[u - 1] : scan.starts[u]].strip()
        hit = scan.at("nation", u)
        # no demonym; Arabic names the country itself ("في محافظة أبين جنوبي اليمن")
        named = hit is not None and (
            scan.span_text(hit.i, hit.j).lower() == hit.label.lower() or arabic_word(scan.norm[u])
        )
        after = scan.norm[u - 1]
        if hit and named and (gap == "," or after in ("in", "في") or after in _ARABIC_SIDES):
            return hit.label
    return None


# "جنوبي اليمن" (in the south of Yemen): a side of the country named after a town.
_ARABIC_SIDES = _words("جنوب جنوبي شمال شمالي شرق شرقي غرب غربي وسط")


def _age_set_off(scan: Scan, t: int) -> bool:
    """Word t is an age followed by a comma ("Ali Hamieh, 30, from Baalbek")."""
    word = scan.norm[t]
    gap = scan.text[scan.ends[t] : scan.starts[t + 1]] if t + 1 < len(scan.norm) else ""
    return len(word) <= 2 and word.isdigit() and 5 <= int(word) <= 90 and gap.strip() == ","


def _their_trade(scan: Scan, mentions: list[tuple[int, int]], t: int) -> bool:
    """Word t is a trade said of the person, in apposition or after a copula a few words after their
    name ("Amadou is in his twenties, a Fulani herder from Macina") or right after an age ("a
    28-year-old herder from the Tillabéri region"); a trade alone is someone else ("a message
    through a fisherman from Kukawa")."""
    if scan.at("occupation", t) is None:
        return False
    if t >= 2 and scan.norm[t - 2 : t] == ["year", "old"]:
        return True  # "a 28-year-old herder from the Tillabéri region": the person described
    for _, j in mentions:
        if j <= t and t - j <= 8 and scan.sent[j - 1] == scan.sent[t]:
            between = scan.text[scan.ends[j - 1] : scan.starts[t]]
            if "," in between or any(scan.norm[u] in _COPULAS for u in range(j, t)):
                return True
    return False


def _relative_before(scan: Scan, lo: int, prev: int) -> bool:
    """A relative named in the four words before the origin word (from `lo`, the stretch's start)."""
    return any(scan.norm[t] in _RELATIVES for t in range(max(lo, prev - 4), prev))


def _own_stretches(
    scan: Scan, own: tuple[int, int] | None, other: list[tuple[int, int]], s: int
) -> list[tuple[int, int]]:
    """The words of sentence s that describe the person when it names others too, in the order to
    read them: from their name to the next person's ("Z.A., 20, who was born in Diyarbakır, and
    M.H., 24, a Syrian national"), then from the last person's name to theirs ("a Syrian Kurd
    identified only as Dilan"); Turkish, which describes before it names ("Diyarbakır doğumlu 20
    yaşındaki Z.A. ile Suriye uyruklu 24 yaşındaki M.H."), the other way round."""
    a, b = scan.sentences[s]
    if own is None or not other:
        return [(a, b)]
    i, j = own
    after = (i, min([o for o, _ in other if o >= j], default=b))
    before = (max([e for _, e in other if e <= i], default=a), j)
    return [before, after] if scan.language == "tr" else [after, before]


def _nationality_in(
    scan: Scan, mentions: list[tuple[int, int]], s: int, stretch: tuple[int, int]
) -> str | None:
    norm = scan.norm
    lo, hi = stretch
    nations = [h for h in scan.in_sentence("nation", s) if lo <= h.i < hi]
    # "a Syrian man", "An American fighter", "another Syrian", "26-year-old American", "the Moroccan mechanic"
    first_named: dict[int, str] = {}  # "a dual British-Pakistani citizen": the first-named country
    for h in nations:
        label = first_named.get(h.i, h.label)
        # "SANLIURFA, Turkey — The man who": a dash or a comma between, so no noun the country
        # qualifies (but "T.C. vatandaşı", and a headline's "Algeria: armed militant surrenders")
        gap = scan.text[scan.ends[h.j - 1] : scan.starts[h.j]] if h.j < len(norm) else ""
        joined = h.j < len(norm) and gap.strip() in ("", ".", ":") and scan.sent[h.j] == s
        after = joined and (
            # "the Jordanian Anas", "الأردني أنس"
            any(i == h.j for i, _ in mentions)
            or (arabic_word(norm[h.i]) and scan.at("defection", h.j) is not None)  # "أردني انشق"
            or scan.covering("person_noun", h.j)
            or scan.at("occupation", h.j)
            or norm[h.j] in _CITIZENSHIP  # "he holds only Danish citizenship"
            or (
                h.j + 1 < len(norm)
                and scan.covering("person_noun", h.j + 1)
                and not scan.covering("organisation", h.j)
            )
        )
        if h.j < len(norm) and (norm[h.j] in _AUTHORITY or norm[h.j] in _PLACE_NOUNS):
            continue  # "a Mauritanian refugee camp", "Syrian forces": a place or a state, not the person
        if h.j + 1 < len(norm) and scan.raw[h.j].islower() and norm[h.j + 1] in _PLACES_AND_THINGS:
            continue  # "a job in a Congolese gold mine": a thing, not the person
        if h.j < len(norm) and scan.text[scan.ends[h.j - 1] : scan.starts[h.j]] == "-":
            if scan.at("nation", h.j):
                first_named[h.j] = label
            continue  # "Syrien-Rückkehrer": a compound naming where the person went, not where from
        if h.j < len(norm) and norm[h.j] in _WHO and country_name(scan.span_text(h.i, h.j)):
            continue  # "commanders based in Pakistan who took a share": the country, not a Pakistani
        if any(norm[t] in _SOMEONE_ELSE for t in range(max(0, h.i - 3), h.i)):
            continue  # "she married an Algerian man": the husband's nationality
        if _companion(scan, h):
            continue  # "a friendship with a Bosnian classmate": the classmate's
        if h.i >= 1 and norm[h.i - 1] in _WE:
            return label  # "Wir Deutschen wurden nach vorne geschickt": the speaker's own people
        if _someone_new(scan, mentions, h):
            continue  # "A German roaster has signed a three-year agreement", after her name: another
        before = (
            h.i > 0
            and norm[h.i - 1] in _ARTICLES
            or (h.i > 1 and norm[h.i - 2] in _ARTICLES and scan.raw[h.i - 1].islower())
        ) and not scan.quoted(h.i)  # "« Un Belge a fait emprisonner un Français »": others he tells of
        if after or (before and (h.j >= len(norm) or not scan.covering("organisation", h.j))):
            return label
        if _adjective_after_noun(scan, h) or _predicate_demonym(scan, h) or _german_demonym_noun(scan, h):
            return label
    # "an Ohio man", "a Kwale teenager", "Adıyamanlı genç" (not "from Mosul who")
    for h in scan.in_sentence("place", s):
        if not lo <= h.i < hi:
            continue
        noun = scan.covering("person_noun", h.j)
        if noun and norm[h.j] != "who" and not scan.covering("organisation", h.j):
            return h.label
        if h.j < len(norm) and norm[h.j] in _BORN_AFTER:
            return h.label  # "Gaziantep doğumlu 29 yaşındaki M.K.": born there
    if scan.language == "tr":
        found = _turkish_origin(scan, lo, hi)
        if found:
            return found
    for k in range(lo, hi):  # "a deserter from Syria", "the 27-year-old from Brussels"
        if norm[k] in _ARABIC_NATIVE and k + 1 < hi and norm[k + 1] in _ARABIC_TOWN_NOUNS:
            found = _place_after(scan, k + 1, 5, origin=True)  # "ابن مدينة معرة النعمان": a native of it
            if found:
                return found
        if norm[k] not in _ORIGIN_PREPOSITIONS or k == 0:
            continue
        if norm[k] == "in" and any(norm[u] in _GERMAN_BORN_AFTER for u in range(k + 2, min(k + 6, hi))):
            found = _place_after(scan, k + 1, 3, origin=True)  # "ist in Berlin-Neukölln aufgewachsen"
            if found:
                return found
        prev = k - 1
        if norm[prev] == "up" and prev >= 1 and norm[prev - 1] in _BORN_IN:
            prev -= 1  # "He grew up in Khan Younis"
        if norm[prev] in _ORIGIN_WORDS:  # "originaire de", "stammt aus", "born in", "المتحدر من"
            if norm[prev] in _BORN_IN and norm[k] != "in":
                continue  # "the money the movement raised from the poppy harvest"
            if _relative_before(scan, lo, prev):
                continue  # "his wife, Shazia, who grew up in Muzaffarabad": a relative's origin
            found = _place_after(scan, k + 1, min(12, hi - k - 1), origin=True)
            if found:
                return found
            continue
        if norm[k] not in ("from", "of", "aus", "من"):
            continue  # "eine 31 Jahre alte Frau aus Wuppertal" too
        if norm[prev] in _RELATIVES:
            continue  # "called his mother from a phone shop in Kilis"
        if scan.covering("crowd", prev) or scan.covering("plural", prev):
            continue  # "after fighters from her camp returned from a raid near Beni": others
        if norm[prev] in _CAME and prev >= 1 and _thing_came(scan, prev - 1, mentions):
            continue  # "the orders came from Quetta": a thing's origin, not the person's
        after_age = _age_set_off(scan, prev)  # "Ali Hamieh, 30, from Baalbek", "He is 30, from a village"
        if (
            norm[prev] in _BEFORE_FROM
            or after_age
            or scan.covering("person_noun", prev)
            or _their_trade(scan, mentions, prev)
            or scan.covering("defection", prev)
            or any(j - 1 == prev for _, j in mentions)
        ):
            if norm[k] == "of" and not (after_age or any(j - 1 == prev for _, j in mentions)):
                continue
            if _relative_before(scan, lo, prev):
                continue  # "his wife, Shazia, who grew up in Muzaffarabad": a relative's origin
            found = _place_after(scan, k + 1, min(12, hi - k - 1), origin=True)
            if found:
                return found
    for h in scan.in_sentence("now_in", s):  # "came home to India", "deported to Tunisia"
        if not lo <= h.i < hi:
            continue
        if any(w in _fold_label(h.label) for w in _RETURN):
            found = _place_after(scan, h.j, 8, need_to=norm[h.j - 1] not in _TO)
            # "Türkiye'ye dönen", "nach Deutschland zurückgekehrt": the verb last (English puts
            # the place after: "the Congo has returned home" is where he was)
            found = found or (_place_before(scan, h.i) if scan.language != "en" else None)
            if found:
                return found
    return None


_GERMAN_DEFINITE = _words("die der den dem des")
_INDEFINITE = _words("a an another un une ein eine einen")
_SINGULAR_PRONOUNS = _words("he she his her him himself herself il elle lui er sie sein seine ihr ihre")
_WITH = _words("with avec mit")
_WE = _words("we wir nous")  # "Wir Deutschen wurden nach vorne geschickt" (not "told us Syrian ...")


def _companion(scan: Scan, h: Hit) -> bool:
    """"with a Bosnian classmate": a people's name on someone or something the person was with (but
    "with a British passport" is the person's own)."""
    norm = scan.norm
    if h.i < 2 or norm[h.i - 2] not in _WITH or norm[h.i - 1] not in _INDEFINITE or h.j >= len(norm):
        return False
    return scan.raw[h.j].isalpha() and scan.raw[h.j].islower() and norm[h.j] not in _CITIZENSHIP


def _someone_new(scan: Scan, mentions: list[tuple[int, int]], h: Hit) -> bool:
    """"A German roaster" in a sentence that neither names the person nor says "he" or "she", told
    after their name: an indefinite article brings in somebody new (the person would be "the
    Colombian", or "He is ..., a Kenyan")."""
    s = scan.sent[h.i]
    if h.i == 0 or scan.norm[h.i - 1] not in _INDEFINITE or not mentions:
        return False
    a, b = scan.sentences[s]
    if any(scan.norm[t] in _SINGULAR_PRONOUNS for t in range(a, b)):
        return False
    return all(scan.sent[i] != s for i, _ in mentions) and min(i for i, _ in mentions) < a


def _german_demonym_noun(scan: Scan, h: Hit) -> bool:
    """German writes a people's noun with a capital after its article ("Die junge Deutsche aus
    Offenbach", "der Tunesier"): the person, where the adjective would be lower case ("die deutsche
    Polizei")."""
    written = scan.span_text(h.i, h.j)
    if scan.language != "de" or not written[:1].isupper() or _a_countrys_name(written):
        return False
    k = h.i - 1
    if k >= 1 and scan.raw[k].islower() and scan.norm[k] not in _GERMAN_DEFINITE:
        k -= 1  # "die junge Deutsche"
    return (
        k >= 0
        and scan.sent[k] == scan.sent[h.i]
        and scan.norm[k] in _GERMAN_DEFINITE
        and not (h.j < len(scan.norm) and scan.covering("organisation", h.j))
    )


_ARABIC_PRONOUNS = _words("هو هي")


def _adjective_after_noun(scan: Scan, h: Hit) -> bool:
    """Arabic and French put the adjective after the noun: "شاب ليبي" (a Libyan young man), "الشاب
    العراقي", "هو عراقي" (he is Iraqi); "un ex-combattant ougandais", "un jeune malien"."""
    if h.i == 0:
        return False
    if arabic_word(scan.norm[h.i]):
        return scan.norm[h.i - 1] in _ARABIC_PRONOUNS or scan.covering("person_noun", h.i - 1) is not None
    return (
        scan.language == "fr"
        and scan.raw[h.i].islower()
        and scan.sent[h.i - 1] == scan.sent[h.i]
        and scan.covering("person_noun", h.i - 1) is not None
    )


# Before a bare demonym, these make it said of the person: "Jamal is 32, British", "I'm British",
# "Inès B., 31 ans, Française", "the Ugandan says".
_COPULAS = _words("is am m was are were est ist")
# "Inès B., 31 ans, Française"; "He is in his late twenties, Lebanese"
_AGE_UNITS = _words("ans jahre yaşında twenties thirties forties fifties sixties")


def _predicate_demonym(scan: Scan, h: Hit) -> bool:
    """A demonym (not a country's name) said of the person: after a copula or an age in commas,
    or as the subject of a speech verb ("the Ugandan says"), and not before a noun it qualifies."""
    norm = scan.norm
    if scan.span_text(h.i, h.j).lower() == h.label.lower() or h.i == 0:
        return False
    if h.j >= len(norm):
        ends_phrase = True
    else:
        gap = scan.text[scan.ends[h.j - 1] : scan.starts[h.j]]
        ends_phrase = any(c in gap for c in ',;:.!?"”') or scan.sent[h.j] != scan.sent[h.i]
    prev = norm[h.i - 1]
    comma_before = "," in scan.text[scan.ends[h.i - 1] : scan.starts[h.i]]
    if ends_phrase and (prev in _COPULAS or (comma_before and (prev.isdigit() or prev in _AGE_UNITS))):
        return True
    plural_after = h.j < len(norm) and (scan.covering("plural", h.j) is not None or norm[h.j].endswith("s"))
    if prev in _COPULAS and not comma_before and plural_after:
        return True  # "Both men are Filipino Muslims": the people said to be so
    return prev == "the" and scan.at("speech", h.j) is not None


def _fold_label(label: str) -> str:
    """A cue phrase without the umlauts, to compare with the `_RETURN` stems ("Rückkehr", "dönen")."""
    return label.lower().replace("ü", "u").replace("ö", "o")


TURKISH_FROM = _words("dan den tan ten ndan nden")  # the ablative case ending: "from"


def _place_before(scan: Scan, i: int, towns: bool = False) -> str | None:
    """A country or place right before word i ("Türkiye'ye dönen": Turkish puts the verb last), or
    with `towns` a town the gazetteer knows ("near the town of Sarmada, where he still lives")."""
    for t in range(i - 1, max(-1, i - 3), -1):
        if scan.sent[t] != scan.sent[i]:
            break
        if scan.norm[t] in TURKISH_FROM:
            return None  # "Rakka'dan dönen": returning from Raqqa, not to it
        hit = scan.at("nation", t) or scan.at("place", t)
        if hit:
            return hit.label
        town = _town_at(scan, t) if towns and scan.raw[t][:1].isupper() else None
        if town:
            return town
    return None


def _place_after(
    scan: Scan, start: int, window: int, need_to: bool = False, origin: bool = False
) -> str | None:
    """The first country or place after `start`, in the same sentence, reached through "in"/"to"
    (or any way when `origin`: "from the same town, in the north-west of Aleppo province")."""
    s = scan.sent[start - 1] if start else 0
    ok = not need_to
    local = local_country_names()
    for t in range(start, min(start + window, len(scan.norm))):
        if scan.sent[t] != s:
            break
        word = scan.norm[t]
        if origin and word in _WHO:
            break  # "a man from Bwera who spent four years ... in the Congo": another clause
        if origin and word in _CLAUSE_SUBJECTS and "," in scan.text[scan.ends[t - 1] : scan.starts[t]]:
            break  # "Originaire de la banlieue lyonnaise, elle avait rejoint la Syrie": her own clause
        if origin and word in _ONWARD:
            break  # "young men from the south coast across the border into Somalia": where they went
        if word in _FROM and not origin and not (t > start and scan.norm[t - 1] in _PARTS):
            ok = False
        elif word in _TO:
            ok = True
        hit = scan.at("nation", t) or scan.at("place", t)
        if origin and t == start and not hit and _unknown_place_then_verb(scan, t):
            break  # "a boy from Gellerup ended up in a trench north of Aleppo": Gellerup, unknown
        if hit and ok:
            written = scan.span_text(hit.i, hit.j)
            # a country's name ("Syria", "aus der Türkei"), not a demonym ("from Syrian forces")
            is_name = (
                written.lower() == hit.label.lower()
                or hit.category == "place"
                or written in local
                or (written[-1:] == "s" and written[:-1] in local)  # the German genitive, "Mauretaniens"
            )
            follows = scan.norm[hit.j] if hit.j < len(scan.norm) else ""
            side = origin and follows in _SIDES  # "from the Chadian shore of the lake"
            # "aux militaires tchadiens": French puts the demonym after the authority it qualifies
            after_authority = hit.i > 0 and scan.norm[hit.i - 1] in _AUTHORITY and scan.raw[hit.i].islower()
            if follows in ("backed", "led", "based", "funded"):
                continue
            if not (is_name or side or after_authority or follows in _AUTHORITY):
                continue
            return (_country_after_town(scan, hit.j) if hit.category == "place" else None) or hit.label
        if not hit and ok and t >= 1 and (
            (scan.norm[t - 1] in _TOWN_PREPOSITIONS and not _arabic_from_a_thing(scan, t - 1))
            or scan.norm[t - 1] in _ARABIC_TOWN_NOUNS
            or (origin and _the_town_area(scan, t))
        ):
            town = _town_at(scan, t)
            if town:
                return _country_after_town(scan, t + 1) or town
        if not ok and _turkish_in(scan, t):
            # "bugün İzmir'de": Turkish says "in" after the place, as a suffix
            found = hit.label if hit else _town_at(scan, t)
            if found:
                return found
    return None


def _arabic_from_a_thing(scan: Scan, k: int) -> bool:
    """Arabic "من" (from) at word k opens a town only after a person's noun ("شاب من القصرين", a
    youth from Kasserine): after a verb the word is as often a thing ("هرب من معسكر", fled from a
    camp, is no flight from Mascara)."""
    return scan.norm[k] == "من" and not (k >= 1 and scan.covering("person_noun", k - 1))


def _unknown_place_then_verb(scan: Scan, t: int) -> bool:
    """Word t is a capitalised name the gazetteer lacks, and the clause goes on right after it with
    a lower-case word that is no preposition or town particle (a verb): the origin was that name."""
    k = t + 1
    if k >= len(scan.norm) or scan.sent[k] != scan.sent[t] or not scan.raw[t][:1].isupper():
        return False
    gap = scan.text[scan.ends[t] : scan.starts[k]]
    return (
        gap.strip() == ""
        and scan.raw[k][:1].islower()
        and scan.norm[k] not in _TOWN_PREPOSITIONS
        and scan.norm[k] not in _TOWN_PARTICLES
        and scan.norm[k] not in _WHO
        and scan.norm[k] not in _PLACE_NOUNS  # "from Kulgam district"
        and _town_at(scan, t) is None
    )


# After a comma, a subject pronoun opens a clause of its own.
_CLAUSE_SUBJECTS = _words("he she they il elle ils elles er sie")
# After a demonym, a part of its country: "He is from the Chadian shore of the lake".
_SIDES = _words("shore side bank part border north south east west")


# Turkish locative endings, split off the place by its apostrophe ("İzmir'de", "Van'da", "Sivas'ta").
_TURKISH_IN = frozenset(["de", "da", "te", "ta"])


def _turkish_in(scan: Scan, t: int) -> bool:
    """The capitalised word at t ends in a Turkish locative: "İzmir'de"."""
    return (
        t + 1 < len(scan.norm)
        and scan.raw[t][:1].isupper()
        and scan.norm[t + 1] in _TURKISH_IN
        and scan.text[scan.ends[t] : scan.starts[t + 1]] in ("'", "’")
    )


# Where an origin's words end: what follows is where the person went ("from the coast into Somalia").
_ONWARD = frozenset(["into", "to", "across", "towards", "toward", "nach", "vers"])
# A town no gazetteer of the rules holds counts only right after one of these ("lives in Kousseri",
# "from Bambari", "a village outside Ukunda"): elsewhere a capitalised word is as likely a person
# ("Hassan", "Kasongo").
_TOWN_PREPOSITIONS = _TO | _FROM | _words("near outside nahe près")
# "ابن مدينة" (son of the town of), "ابنة بلدة": a native of the town named next.
_ARABIC_NATIVE = _words("ابن ابنة وابن وابنة")
# Arabic names a town after its kind, with no preposition between: "من مدينة سراقب في ريف إدلب"
# (from the town of Saraqib in the Idlib countryside).
_ARABIC_TOWN_NOUNS = _words("مدينة بمدينة بلدة ببلدة قرية بقرية ريف بريف محافظة بمحافظة قضاء مخيم")
# After a town's name, the area around it ("in the Ferizaj municipality", "in the Gulu district").
_AREA_NOUNS = _words("municipality district province region governorate county area countryside")


def _the_town_area(scan: Scan, t: int) -> bool:
    """"born in a village in the Ferizaj municipality": a town's name between "in the" and its area's
    noun (not "in the Washington Post", where the name is a newspaper's). Only for an origin: "taken
    to a camp in the Beni area" tells where someone was, not where they are."""
    norm, s = scan.norm, scan.sent[t]
    if t < 2 or norm[t - 1] != "the" or norm[t - 2] not in _TOWN_PREPOSITIONS:
        return False
    after = range(t + 1, min(t + 4, len(norm)))
    return any(scan.sent[u] == s and norm[u] in _AREA_NOUNS and scan.raw[u].islower() for u in after)



# Lower-case words inside a town's name: "Mocímboa da Praia", "Dar es Salaam", "Bandar-e Abbas".
_TOWN_PARTICLES = _words("da de do dos das del di du la le el al es e")


# After "Adıyamanlı", a relative: the origin is theirs ("Vanlı eşi", his wife from Van).
_TURKISH_KIN = _words("esi kocasi karisi annesi babasi arkadasi kardesi")


def _turkish_origin(scan: Scan, lo: int, hi: int) -> str | None:
    """"Adıyamanlı olduğunu", "Suriyeli": Turkish says where someone is from with a suffix (-lı, -li,
    -lu, -lü) on the town or country."""
    for t in range(lo, hi):
        if t + 1 < len(scan.norm) and scan.norm[t + 1] in _TURKISH_KIN:
            continue
        country = turkish_demonym(scan, t)
        if country:
            return country
    return None


def turkish_demonym(scan: Scan, t: int) -> str | None:
    """The country of a Turkish town's or country's demonym at t ("Adıyamanlı", "Suriyeli")."""
    word = scan.norm[t]
    if not scan.raw[t][:1].isupper() or len(word) < 5 or word[-2:] not in ("li", "lu"):
        return None
    stem = word[:-2]
    return town_countries().get(stem) or _folded_country_names().get(stem)


@lru_cache(maxsize=1)
def _folded_country_names() -> dict[str, str]:
    """Country names in the five languages, folded ("suriye" -> Syria, "irak" -> Iraq)."""
    return {fold(name): country for name, country in local_country_names().items()}


def _arabic_town_at(scan: Scan, t: int) -> str | None:
    """"كركوك –": a town in Arabic letters, whose country the article names too, or names no country
    at all. Arabic spellings are shared across countries more often than Latin ones (زنجبار is
    Zanzibar and Yemen's Zinjibar): another country named may be the town's."""
    country = _town_at(scan, t)
    named = {h.label for category in ("nation", "place") for h in scan.hits.get(category, ())}
    return country if country in named or not named else None


def _town_at(scan: Scan, t: int) -> str | None:
    """The country of the town named by the capitalised words at t (the longest name first)."""
    towns = town_countries()
    s = scan.sent[t]
    for n in (4, 3, 2, 1):  # "San José del Guaviare"
        words = range(t, t + n)
        if t + n > len(scan.norm) or any(
            scan.sent[u] != s
            or not (
                scan.raw[u][:1].isupper()
                or arabic_word(scan.raw[u])  # no capitals: "أربيل –"
                or (t < u < t + n - 1 and scan.norm[u] in _TOWN_PARTICLES)
            )
            for u in words
        ):
            continue
        if n == 1 and scan.norm[t] in month_names():
            continue  # "his release from prison in March": a month, not the English town
        country = towns.get(" ".join(scan.norm[u] for u in words))
        if country:
            return country
    return None


def back_home(scan: Scan, sents: list[int], nationality: str | None) -> str | None:
    """'flown home', 'came home', 'since returning', 'Rückkehr': they are back in their own country."""
    if nationality is None:
        return None
    wanted = set(sents)
    for h in scan.hits.get("now_in", ()):
        returns = any(w in _fold_label(h.label) for w in _RETURN)
        if not returns or scan.sent[h.i] not in wanted or _not_now(scan, h):
            continue
        if not (_back_to_a_thing(scan, h) or _others_return(scan, h)):
            return nationality
    return None


_HOMELIKE = _words(
    "home village town city country hometown family parents region province district mainstream fold"
)


def _back_to_a_thing(scan: Scan, h: Hit) -> bool:
    """"Then he went back to the dough": a return to a thing, not to the person's country."""
    k = h.j
    if scan.norm[k - 1] != "to" or k + 1 >= len(scan.norm) or scan.sent[k + 1] != scan.sent[h.i]:
        return False
    if scan.norm[k] not in ("the", "a", "an"):
        return False
    return scan.raw[k + 1][:1].islower() and scan.norm[k + 1] not in _HOMELIKE


# A first line that is a byline or a slug, not the story: "By Jane Doe", "FOR IMMEDIATE RELEASE".
_BYLINE_WORDS = _words("by par von reporting for press release immediate updated")


def dateline(scan: Scan) -> str | None:
    """The country of a dateline ("MBERA CAMP, Mauritania -", "MOGADISHU -"): where the story was told.
    Looked for in the first line of the story, or after a byline or a slug above it."""
    for k in range(scan.title_sentences, min(scan.title_sentences + 4, len(scan.sentences))):
        a, b = scan.sentences[k]
        found = _dateline_in(scan, a, b)
        if found:
            return found
        if b > a and scan.norm[a] in _BYLINE_WORDS:
            found = _byline_place(scan, a, b)
            if found:
                return found
        elif not any(check(scan, a, b) for check in (_slug, _credit, _repeats_title, _bracketed)):
            return None
    return None


_CREDIT_JOINERS = _words("by and")


def _credit(scan: Scan, a: int, b: int) -> bool:
    """A credit line above the story, every word capitalised but "by" and "and" ("Photographs by
    Douye Kuromo", "Words and pictures by Ana Ruiz")."""
    words = range(a, b)
    return (
        0 < b - a <= 10
        and "by" in scan.norm[a:b]
        and all(scan.raw[t][:1].isupper() or scan.norm[t] in _CREDIT_JOINERS for t in words)
    )


def dateline_words(scan: Scan) -> frozenset[str]:
    """The folded words of a dateline written in capitals ("KIFFA -", "MBERA CAMP, Mauritania --"):
    a place, so the same word elsewhere ("a Kiffa schoolroom") is no person's name. Only before a
    dash, in the first lines of the story (a colon may end a speaker's label: "AMINA: I was 17")."""
    for k in range(scan.title_sentences, min(scan.title_sentences + 4, len(scan.sentences))):
        a, b = scan.sentences[k]
        for t in range(a, min(a + 5, b)):
            if not (scan.raw[t].isupper() and len(scan.raw[t]) > 1) and not scan.at("nation", t):
                break
            gap = scan.text[scan.ends[t] : scan.starts[t + 1]] if t + 1 < len(scan.norm) else ""
            if "\n" in gap:
                break
            if any(c in gap for c in "-–—"):
                return frozenset(scan.norm[u] for u in range(a, t + 1) if scan.raw[u].isupper())
    return frozenset()


def _bracketed(scan: Scan, a: int, b: int) -> bool:
    """A caption or an editor's note in square brackets above the story ("[Photo: ...]")."""
    if b <= a:
        return False
    line = scan.text.rfind("\n", 0, scan.starts[a]) + 1
    return scan.text[line : scan.starts[a]].strip() == "["


def _slug(scan: Scan, a: int, b: int) -> bool:
    """A section slug or an outlet's line above the story: a few words, every one capitalised
    ("KHYBER PAKHTUNKHWA", "FEATURES", "The Caspian Review | Essays")."""
    return 0 < b - a <= 6 and all(scan.raw[t][:1].isupper() or scan.raw[t].isdigit() for t in range(a, b))


def _repeats_title(scan: Scan, a: int, b: int) -> bool:
    """The headline printed again at the top of the text."""
    if not scan.title_sentences:
        return False
    return scan.norm[a:b] == scan.norm[: scan.title_end]


def _byline_place(scan: Scan, a: int, b: int) -> str | None:
    """The place a byline ends with: "By Fatma Said | NAIROBI", "By Rana Haddad | SANLIURFA, Turkey",
    "Von Reto Gisler, Bellinzona", "By Maren Holtby in Gaziantep" (after the author's name, past a
    bar, a comma or "in", on that line)."""
    line_end = scan.text.find("\n", scan.starts[a])
    for t in range(a + 1, b):
        if line_end != -1 and scan.starts[t] > line_end:
            break
        gap = scan.text[scan.ends[t - 1] : scan.starts[t]]
        if "|" in gap or "," in gap or (scan.norm[t - 1] == "in" and scan.raw[t][:1].isupper()):
            for u in range(t, b):
                if line_end != -1 and scan.starts[u] > line_end:
                    break
                hit = scan.at("nation", u) or scan.at("place", u)
                if hit and scan.raw[u][:1].isupper():
                    return hit.label
                town = _town_at(scan, u) if scan.raw[u][:1].isupper() else None
                if town:
                    return town  # "By Ngozi Eze | Owerri"
    return None


def _a_countrys_name(text: str) -> bool:
    """A country's name in English or in the four other languages read ("Niger", "Mauritanie"), not
    a people's ("(Nigerian)")."""
    return country_name(text) is not None or text in local_country_names()


def _capitals_go_on(scan: Scan, hit: Hit, b: int) -> bool:
    """In a dateline in capitals, the hit's name goes on with more capitals after a space."""
    j = hit.j
    return (
        j < b
        and scan.raw[j - 1].isupper()
        and scan.raw[j].isupper()
        and scan.text[scan.ends[j - 1] : scan.starts[j]] == " "
    )


def _inside_a_name(scan: Scan, hit: Hit, a: int, b: int) -> bool:
    """The hit stands between two capitalised words of the same name (no comma or dash between)."""
    if hit.i <= a or hit.j >= b:
        return False
    before = scan.text[scan.ends[hit.i - 1] : scan.starts[hit.i]]
    after = scan.text[scan.ends[hit.j - 1] : scan.starts[hit.j]]
    return (
        before == " " and after == " " and scan.raw[hit.i - 1][:1].isupper() and scan.raw[hit.j][:1].isupper()
    )


# A capital spelt as a country is without its vowel marks: "عمّان –" heads a story from Amman (Omani
# papers date theirs "مسقط").
_ARABIC_DATELINE_CAPITALS = {fold("عمان"): "Jordan"}


def _dateline_in(scan: Scan, a: int, b: int) -> str | None:
    title_end = scan.title_end
    if b - a == 1 and scan.raw[a][:1].isupper():
        hit = scan.at("nation", a) or scan.at("place", a)
        if hit:
            return hit.label  # the German style: "Köln. Berfin K. war 18, ..."
        if scan.raw[a].isupper():
            return _town_at(scan, a)  # "CELLE. Vor dem Oberlandesgericht ...": a town in capitals
    seen: str | None = None  # "ŞIRNAK (GHA) -": the place, then the agency
    bracket = False  # inside "(Highland Newswire)": an agency's name, no place
    outside = 0  # the dateline's own words: five at most (and as many in brackets)
    opening = max(a, title_end)
    for t in range(opening, min(a + 10, len(scan.norm))):
        gap = scan.text[scan.ends[t] : scan.starts[t + 1]] if t + 1 < len(scan.norm) else ""
        bracket = bracket or (t > a and "(" in scan.text[scan.ends[t - 1] : scan.starts[t]])
        if bracket:
            country = scan.at("nation", t)
            if country and _a_countrys_name(scan.span_text(country.i, country.j)):
                seen = country.label  # "GOUDOUMARIA (Niger) –": the town's country in brackets
            if any(c in gap for c in "-–—:") and "\n" not in gap:
                return seen
            bracket = ")" not in gap
            if "\n" in gap:
                return None
            continue
        outside += 1
        if outside > 5:
            return None
        # "QALA-I-NAW:": a hyphen between two words joins one name; its first part is no town
        joined = gap == "-" or (t > a and scan.text[scan.ends[t - 1] : scan.starts[t]] == "-")
        hit = scan.at("nation", t) or scan.at("place", t)
        if hit and (_inside_a_name(scan, hit, a, b) or _capitals_go_on(scan, hit, b)):
            # "DATU SAUDI AMPATUAN, Maguindanao": a town's name holding a demonym; "SAN JOSÉ DEL
            # GUAVIARE -": a longer name than the capital's
            hit = None
        if scan.norm[t] in _ARABIC_DATELINE_CAPITALS:
            seen = _ARABIC_DATELINE_CAPITALS[scan.norm[t]]
        elif hit and not scan.raw[t].islower() and not (joined and hit.j == t + 1):
            seen = hit.label
        elif not hit and not seen and not joined and t == opening and scan.raw[t][:1].isupper():
            # "KOUSSERI —": a town no gazetteer of the rules holds, opening the line (not "OPERATION
            # HADIN KAI:", a slug whose last word is also a Japanese town)
            seen = _town_at(scan, t)
        elif not hit and not seen and not joined and t == opening and arabic_word(scan.raw[t]):
            seen = _arabic_town_at(scan, t)
        if gap != "-" and any(c in gap for c in "-–—:") and "\n" not in gap:
            return seen
        if "\n" in gap:
            return None
    return None


def now_in_of(scan: Scan, sents: list[int], category: str = "now_in") -> str | None:
    """A place after a `now_in` cue ("now lives in") or, with category="arrival", after an
    arrival cue ("crossed into") in these sentences."""
    wanted = set(sents)
    for h in scan.hits.get(category, ()):
        if scan.sent[h.i] not in wanted or _not_now(scan, h):
            continue
        if category == "now_in" and (_of_someone_else(scan, h) or _others_return(scan, h)):
            continue
        if scan.norm[h.j - 1] in _FROM or (h.j < len(scan.norm) and scan.norm[h.j] in _STATES):
            continue  # "repatriated from the al-Roj camp in Syria"; "lives in fear of deportation to"
        if category == "now_in" and _returned_later(scan, h):
            continue  # "held her in the Roj camp in Syria before her repatriation": no longer there
        need_to = scan.norm[h.j - 1] not in _TO and scan.norm[h.j - 1] not in _REACHED
        if scan.norm[h.i] == "where":  # "a village near Sarmada, where he still lives"
            found = _place_before(scan, h.i, towns=True)
        elif not _HANDED.isdisjoint(scan.norm[h.i : h.j]):
            found = _last_handover(scan, h)
        else:
            found = _place_after(scan, h.j, 12, need_to=need_to)
        if not found and scan.language in ("tr", "de"):
            # "Türkiye'de yaşıyor", "nach Deutschland abgeschoben": the verb last
            found = _place_before(scan, h.i)
        if found:
            return found
    return None


# Handing a person over, often along a chain: "handed him to the Congolese army and later to
# Ugandan authorities" leaves him with the last.
_HANDED = _words("handed turned")


def _last_handover(scan: Scan, h: Hit) -> str | None:
    """Where the last "to" of a handover's sentence takes the person ("... and later to Ugandan
    authorities"), else where its first does."""
    s = scan.sent[h.i]
    end = scan.sentences[s][1]
    tos = [t for t in range(h.j, end) if scan.norm[t] == "to"]
    for start in [*(t + 1 for t in reversed(tos)), h.j]:
        found = _place_after(scan, start, 5)
        if found:
            return found
    return None


_THEN = _words("before until till then later and")
# Verbs whose object is the place reached, with no preposition: "avant de regagner la Tunisie".
_REACHED = _words("regagner regagne regagné")


def _returned_later(scan: Scan, h: Hit) -> bool:
    """Later in the sentence, after "before", "until" or "then", the person goes home; or the cue
    stands in an opening "After ..." clause and the going home comes after its comma ("After months
    in a camp in Syria, she was repatriated to Kazakhstan")."""
    a = scan.sentences[scan.sent[h.i]][0]
    after_clause = scan.norm[a] in _AFTER
    return any(
        r.i >= h.j
        and any(w in _fold_label(r.label) for w in _RETURN)
        and (
            any(scan.norm[t] in _THEN for t in range(max(h.j, r.i - 3), r.i))
            or (after_clause and "," in scan.text[scan.ends[h.j - 1] : scan.starts[r.i]])
        )
        for r in scan.in_sentence("now_in", scan.sent[h.i])
    )


_AFTER = _words("after après nach")


# Before a participle cue ("living in"), words that leave the person its subject: "is living in",
# "now living in", "he, living in".
_PARTICIPLE_LEADS = _words(
    """
is was are were been be now still currently already then today and who he she they i we also after
before by since while when upon
"""
)


def _of_someone_else(scan: Scan, h: Hit) -> bool:
    """Whereabouts that are not the article's person's: a participle cue right after a noun that is
    not a person ("leaders living in Quetta", "his family living in Kabul") or after a plural
    subject and "were" ("Our leaders were living in Pakistan"); the group's camp or one the person
    was brought back from ("a JI-run camp in Mindanao", "repatriated from the al-Roj camp in
    Syria"); a time ("right now in Doha")."""
    first = scan.norm[h.i]
    if h.i == 0 or scan.sent[h.i - 1] != scan.sent[h.i]:
        return False
    if first == "now" and scan.norm[h.i - 1] == "right":
        return True  # "talks are happening right now in Doha": a time, not the person's place
    run_by = scan.norm[h.i - 1] in _CAMP_RUNNERS or scan.covering("group", h.i - 1) is not None
    # "repatriated from the al-Roj camp in north-east Syria": where she came from
    run_by = run_by or any(
        scan.norm[t] in _FROM and scan.norm[t - 1] in _BROUGHT_BACK for t in range(max(1, h.i - 4), h.i)
    )
    if first in ("camp", "camps") and run_by:
        return True  # "sent to a JI-run camp in Mindanao": the group's training camp, long ago
    if first.endswith("ing") and h.i >= 2 and scan.norm[h.i - 1] in ("were", "are"):
        # "Our leaders were living in Pakistan": a plural subject other than "we" or "they"
        return scan.norm[h.i - 2] not in _PLURAL_PERSONS and scan.sent[h.i - 2] == scan.sent[h.i]
    if not first.endswith("ing"):
        return False
    before = scan.raw[h.i - 1]
    gap = scan.text[scan.ends[h.i - 1] : scan.starts[h.i]]
    if gap.strip() or not before.isalpha() or not before.islower():
        return False
    person = any(scan.covering(c, h.i - 1) for c in ("person_noun", "singular", "occupation"))
    return scan.norm[h.i - 1] not in _PARTICIPLE_LEADS and not person  # "a teacher living in Gaziantep"


# Before "camp in", words that make it the group's training camp, not where the person is held.
_CAMP_RUNNERS = _words("training militant rebel jihadist terrorist run insurgent")
_PLURAL_PERSONS = _words("we they you both all")
# Before "from ... camp in", verbs that took the person out of it ("repatriated from the al-Roj camp").
_BROUGHT_BACK = _words("repatriated returned brought flown deported released freed transferred rescued back")

# Before a whereabouts cue, these say it is not where the person is: "has not been back to Iran",
# "had been living in Kunar" (before the story's time).
# "would accept trial in Tunisia": a condition, not where they are.
# "t": "can't"; "bei einer Rückkehr nach Afghanistan": a return that may come, not one made
_NOT_NOW = _words("not never no had cannot t unable nicht nie pas jamais would could might einer")


# "He wants to go back to Belgium", "hopes to return to": a wish, not where the person is.
_WISHES = _words(
    "want wants wanted hope hopes hoping dream dreams wish wishes plan plans veut espère rêve hofft möchte"
    " يريد يأمل يحلم"
    # a return others prepare: "while officials arrange his return to Tanzania"
    " arrange arranges arranging await awaits awaiting planned planning"
    " organise organising organize organizing"
)
_FEARS = _words("fear fears feared afraid dread korku korkusu korkuyor angst peur crainte craint يخشى خوف")
# After "lives in", a state of mind or of hiding, not a place: "lives in fear of deportation to".
_STATES = _words("fear dread terror limbo")


def _others_return(scan: Scan, h: Hit) -> bool:
    """A plural subject right before a finite return verb ("TTP fighters returned to the hills",
    "when the girls come home"): others, not the article's person. (A participle or "back in" after
    a plural noun, "people returning to Hawija", "ran from the insurgents back in school", is left
    to `_of_someone_else`.)"""
    first = scan.norm[h.i]
    if h.i == 0 or first.endswith("ing") or first == "back" or scan.sent[h.i - 1] != scan.sent[h.i]:
        return False
    a = scan.sentences[scan.sent[h.i]][0]
    if any(scan.norm[t] == "one" and scan.norm[t + 1] == "of" for t in range(a, h.i - 1)):
        return False  # "She was one of a group of women repatriated from": she is among them
    return scan.covering("plural", h.i - 1) is not None


def _not_now(scan: Scan, h: Hit) -> bool:
    """A negated, pluperfect, conditional, past progressive, feared or wished whereabouts cue ("En
    büyük korkusu Rusya'ya iade edilmek": his greatest fear is extradition to Russia)."""
    s = scan.sent[h.i]
    before = [scan.norm[t] for t in range(max(0, h.i - 4), h.i) if scan.sent[t] == s]
    # "three years ago he was living in Raqqa": where they were
    past = bool(before) and before[-1] in ("was", "were") and scan.norm[h.i].endswith("ing")
    return past or any(w in _NOT_NOW for w in before[-3:]) or any(w in _FEARS or w in _WISHES for w in before)
