"""The Swedish analysis (search/analysis.py): its rules, and Python and the engine giving the
same tokens for the same text (the PostgreSQL backend relies on Python's, the engine on its
generated index settings)."""

import collections
import contextlib
import json
import re
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from search import analysis
from search.analysis import analyse, analyse_positions, stem
from tests import search_engine

ROOT = Path(__file__).resolve().parent.parent


def stems(*words: str) -> set[str]:
    return {stem for word in words for stem in analyse(word, for_query=True)}


def parts(word: str) -> set[str]:
    """What indexing `word` puts at its position: its stem and the compound parts found in it."""
    return set(analyse(word))


# Forms that must meet: a query for any of them finds text with any other.
FORM_GROUPS = [
    ("samtal", "samtalet", "samtalen", "samtalets"),
    ("klassrum", "klassrummet", "klassrummen"),
    ("närvaro", "närvaron", "närvarons"),
    ("frånvaro", "frånvaron"),
    ("skola", "skolan", "skolor", "skolorna", "skolans", "skolornas"),
    ("förskola", "förskolan", "förskolor", "förskolorna", "Förskolans"),
    ("lärare", "läraren", "lärarna", "lärares", "lärarens", "lärarnas"),
    ("vårdnadshavare", "vårdnadshavaren", "vårdnadshavarna", "vårdnadshavarnas"),
    ("elev", "eleven", "elever", "eleverna", "elevernas", "elevens", "elevers"),
    ("lektion", "lektionen", "lektioner", "lektionerna"),
    ("matematiklektion", "matematiklektionen"),
    ("kvalitet", "kvaliteten", "kvaliteter"),
    ("trygghet", "tryggheten", "trygghetens", "trygg", "trygga"),
    ("möjlighet", "möjligheter", "möjligheterna", "möjlig"),
    ("odlar", "odlade", "odla"),
    # A listed noun made of a verb meets the verb (VERBAL_NOUNS).
    ("odling", "odlingen", "odlingar", "odlar", "odlade"),
    ("bedömning", "bedömningen", "bedömningar", "bedömningarna", "bedöma", "bedömer"),
    ("läsning", "läsningen", "läsa", "läser"),
    ("planering", "planeringen", "planeringar", "planerar"),
    ("utveckling", "utvecklingen", "utveckla", "utvecklar"),
    ("planerar", "planerade", "planerades", "planera"),
    ("lärplatta", "lärplattan", "lärplattor", "lärplattorna"),
    ("vatten", "vattnet", "vattnets"),
    ("bok", "boken", "böcker", "böckerna"),
    ("bilderbok", "bilderboken", "bilderböcker"),
    ("barn", "barnet", "barnen", "barnens"),
    ("grupp", "gruppen", "grupper", "grupperna"),
    ("dator", "datorn", "datorer", "datorerna"),
    ("rektor", "rektorn", "rektorer"),
    ("miljö", "miljön", "miljöer"),
    ("lärmiljö", "lärmiljön"),
    ("gymnasium", "gymnasiet", "gymnasier"),
    ("ämne", "ämnet", "ämnen", "ämnena"),
    ("regel", "regeln", "regler", "reglerna"),
    ("exempel", "exemplet", "exemplen"),
    ("tema", "temat", "teman"),
    ("förälder", "föräldern", "föräldrar", "föräldrarna"),
    ("kommentar", "kommentaren", "kommentarer"),
    ("hållbar", "hållbara", "hållbart"),
    ("digital", "digitala", "digitalt"),
    ("pedagogisk", "pedagogiska", "pedagogiskt"),
    ("idé", "ide", "idéer", "idén"),
]


@pytest.mark.parametrize("group", FORM_GROUPS, ids=lambda group: group[0])
def test_definite_plural_and_genitive_forms_meet(group):
    assert len(stems(*group)) == 1, {word: stems(word) for word in group}


# Words that must stay apart: other letters, other words.
APART = [
    ("bråk", "brak"),  # å, ä, ö are letters of their own
    ("höst", "hast"),
    ("lärare", "lära"),  # the teacher is not the verb
    ("lärarna", "lära"),
    ("matte", "mat"),
    ("lätt", "lät"),
    ("salt", "sal"),
    ("förskolan", "skolan"),  # a query is not split into parts
    ("lektion", "lek"),
    ("tiden", "idé"),
    ("kostnad", "kost"),  # -ad is not an ending (kostnader would part from kostnad)
    ("enhet", "en"),
    ("dator", "dat"),  # -tor keeps its -or, -ttor does not
    ("tidning", "tid"),  # only listed nouns meet a verb: -ning alone is not an ending
    ("ordning", "ord"),
    ("mening", "men"),
]


@pytest.mark.parametrize(("one", "other"), APART, ids=lambda word: word)
def test_different_words_stay_apart(one, other):
    assert stems(one).isdisjoint(stems(other))


# A compound and the words whose query finds it through its parts.
COMPOUNDS = [
    ("utomhuslek", {"lek", "utomhus"}),
    ("utomhusleken", {"leken", "utomhus"}),
    ("skolbibliotek", {"bibliotek", "skola"}),
    ("skolbiblioteket", {"biblioteket", "skolan"}),
    ("högläsning", {"läsning", "läser"}),  # läsning is läs, a short part, found at the end
    ("högläsningen", {"läsningen"}),
    ("skolodlingen", {"odling", "odlade", "skola"}),
    ("lektionsplanering", {"lektion", "planering", "planerar"}),
    ("språkutveckling", {"språk", "utveckla"}),
    ("matematiklärare", {"matematik", "lärare", "lärarna"}),
    ("lärarutbildningen", {"lärare", "utbildning"}),
    ("bilderböcker", {"bok", "böcker", "bild"}),
    ("temadag", {"tema"}),  # tema as the first part
    ("elevhälsoteamet", {"elev", "team", "teamet"}),
    ("bildanalys", {"bild", "analys", "analyser"}),
    ("vattenprover", {"vatten", "vattnet"}),  # vatten as the first part
    ("dricksvattnet", {"vatten"}),
    ("elevhälsan", {"elev", "hälsa"}),
    ("förskoleklass", {"förskola", "skola", "klass"}),
]


@pytest.mark.parametrize(("word", "found_by"), COMPOUNDS, ids=lambda item: str(item))
def test_indexing_adds_the_known_parts_of_compounds(word, found_by):
    assert stems(*found_by) <= parts(word)
    assert analyse(word, for_query=True) == [stem(word.lower())]  # queries are not split


# Words in which a listed part is a false hit (the stop-list), and words where a short part is
# not at the end.
NOT_SPLIT = [
    ("matematik", "tem"),  # tema
    ("matematiken", "tem"),
    ("systemet", "tem"),
    ("relevant", "elev"),
    ("utbildning", "bild"),
    ("folkbildning", "bild"),
    ("kontext", "text"),
    ("naturligtvis", "natur"),
    ("kärlek", "lek"),
    ("storleken", "lek"),
    ("lektion", "lek"),
    ("ordning", "ord"),
    ("rekord", "ord"),
    ("bokstäver", "bok"),
    ("utvecklas", "klas"),
    ("reflektion", "lektion"),
]


@pytest.mark.parametrize(("word", "false_part"), NOT_SPLIT, ids=lambda item: str(item))
def test_no_false_parts(word, false_part):
    assert false_part not in parts(word)


def test_a_masked_word_is_still_found_as_a_part_of_longer_words():
    assert {"matematik", "lärar"} <= parts("matematiklärarna")
    assert "utbildning" in parts("vuxenutbildningen")


def test_every_stop_listed_word_hides_a_part_that_would_otherwise_be_found():
    """An entry of NOT_COMPOUNDS that hides nothing is dead weight: each must contain a part."""
    every_part = {part.replace(analysis.MASK_MARK, "") for part in analysis.PART_DICTIONARY}
    every_part |= analysis.SHORT_PARTS
    for host in analysis.NOT_COMPOUNDS:
        hidden = {part for part in every_part if part in host and part != host}
        assert hidden, host


def test_the_generated_lists_agree_with_their_sources():
    assert set(analysis.SHORT_PARTS_FIRST.values()) <= analysis.SHORT_PARTS
    assert all(len(part) >= analysis.MIN_PART_LENGTH for part in analysis.PART_DICTIONARY)
    # Every listed part is found, as its stem, in a word made of it and another part.
    for part in analysis.COMPOUND_PARTS:
        assert stem(part) in parts("skol" + part), part


def test_irregular_forms_become_their_base_form():
    for irregular in analysis.IRREGULARS:
        for form in irregular.forms:
            assert stem(form) == stem(irregular.base), form


def test_letters_fold_except_å_ä_ö():
    assert analyse("Idé café MÜLLER", for_query=True) == ["ide", "caf", "myl"]
    # Decomposed letters (as some systems paste them) are the composed ones.
    assert analyse("Ska\u030alar sko\u0308ldpadda ide\u0301", for_query=True) == analyse(
        "Skålar sköldpadda idé", for_query=True
    )
    assert analyse("Bråk höst", for_query=True) == ["bråk", "höst"]


def test_stop_words_go_but_keep_their_place():
    assert analyse_positions("Högläsning som skapar samtal", for_query=True) == [
        (0, ("högläs",)),
        (2, ("skap",)),
        (3, ("samtal",)),
    ]


def test_words_are_letters_and_digits_and_overlong_ones_are_dropped():
    assert analyse("Åk8 e-post: 3,5 timmar!", for_query=True) == [
        "åk8",
        "e",
        "post",
        "3",
        "5",
        "tim",
    ]
    assert analyse("x" * (analysis.MAX_WORD_LENGTH + 1) + " ord", for_query=True) == ["ord"]


# --- Python and the engine agree ----------------------------------------------------------------


def demo_texts() -> list[str]:
    """Every string in the demo content: several thousand Swedish words in real sentences."""
    texts = []

    def collect(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for name in ("articles.toml", "workflow_articles.toml", "authors.toml", "site.toml"):
        collect(tomllib.loads((ROOT / "demo" / "data" / name).read_text()))
    return texts


EDGE_CASES = [
    "ΟΔΟΣ İstanbul",  # lower case letter by letter, as Lucene does
    "Ska\u030alar MÜLLER Ærø IDÉN tiden",
    "😀 emoji👍ord 中文字 テキスト 𝐀𝐁𝐂𝐃𝐄",  # symbols separate words; letters outside the BMP
    "x" * 60 + " " + "y" * 61,  # the longest word kept and the first dropped
    "e-post c:a 3,5 t.ex. åk8 A4-längd 2026-11-24 don't tv:n",
    "matematiklärare temadag systemet kärleken utomhusleken lärarutbildning relevant utvecklas",
    "FÖRSKOLAN BÖCKERNA bilderböcker lärarnas gymnasiet datorns miljön cykeln närvarons",
]


def all_words(texts) -> list[str]:
    words = {word for text in texts for word in re.findall(r"\S+", text)}
    for group in FORM_GROUPS:
        words.update(group)
    for pair in APART:
        words.update(pair)
    words.update(word for word, _found_by in COMPOUNDS)
    words.update(word for word, _part in NOT_SPLIT)
    return sorted(words)


class Engine:
    def __init__(self, index: str):
        self.url = f"{search_engine.ENGINE_URL}/{index}"

    def request(self, method: str, path: str = "", body=None):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def analyse_positions(self, text: str, analyzer: str) -> list[tuple[int, tuple[str, ...]]]:
        tokens = self.request("POST", "/_analyze", {"analyzer": analyzer, "text": text})["tokens"]
        by_position = collections.defaultdict(list)
        for token in tokens:
            by_position[token["position"]].append(token["token"])
        return [(position, tuple(by_position[position])) for position in sorted(by_position)]


@pytest.fixture(scope="module")
def engine():
    """An index created with the backend's generated settings, on the tests' engine."""
    search_engine.require_engine()
    from search.backends.opensearch import SearchBackend

    engine = Engine(search_engine.unique_prefix() + "analysis")
    engine.request("PUT", body=SearchBackend.settings)
    yield engine
    with contextlib.suppress(urllib.error.URLError):
        engine.request("DELETE")


@pytest.mark.parametrize(("analyzer", "for_query"), [("default", False), ("default_search", True)])
def test_python_and_the_engine_give_the_same_tokens(engine, analyzer, for_query):
    words = all_words(demo_texts())
    assert len(words) > 1000  # the demo content is there: several hundred words at the least
    # Words in batches (one request each), then whole texts: sentences, punctuation, positions.
    batches = [" ".join(words[start : start + 250]) for start in range(0, len(words), 250)]
    differences = {}
    for text in batches + demo_texts() + EDGE_CASES:
        python = analyse_positions(text, for_query=for_query)
        found = engine.analyse_positions(text, analyzer)
        if python != found:
            python_at, engine_at = dict(python), dict(found)
            differences[text[:60]] = {
                position: (python_at.get(position), engine_at.get(position))
                for position in sorted(set(python_at) | set(engine_at))
                if python_at.get(position) != engine_at.get(position)
            }
    assert differences == {}
