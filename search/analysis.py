"""Swedish text analysis: one set of rules and one word list for both search backends.

The data below (stop words, letter folding, suffix rules, irregular forms, compound parts and the
words that must not be split) is the only description of the Swedish analysis. Two things are
generated from it:

- `INDEX_SETTINGS`, the Elasticsearch/OpenSearch analysis: every step is a standard Lucene filter
  (`mapping`, `pattern` tokenizer, `stop`, `pattern_replace`, `pattern_capture`,
  `dictionary_decompounder`), so it needs no plugin, script or file on the server;
- `analyse_positions()` (and `analyse()`, its words only), the same steps in Python, which the
  PostgreSQL backend (search/backends/database.py) uses to build the tsvector it stores and the tsquery it searches
  with, since a managed PostgreSQL has no Swedish dictionary beyond Snowball's, which leaves many
  definite forms alone (samtalet, skolan, närvaron) and splits no compounds.

Both run the same regular expressions (Java and Python agree on the subset used: classes,
lazy quantifiers, fixed-width lookbehind, back-references), and tests/test_swedish_analysis.py
compares Python's tokens with the engine's `_analyze` output for every word and text of the demo
content. Changing anything here changes what is indexed: run `manage.py update_index`.

The steps, for each word (README, "Swedish search"):

1. letters: decomposed å/ä/ö are composed; other accents fold (idé → ide, Müller → myller);
   å, ä and ö stay letters of their own;
2. words are runs of letters and digits; lower case; longer than MAX_WORD_LENGTH is dropped;
   stop words are dropped (their positions stay, so phrases keep their gaps);
3. irregular forms become their base form (böcker → bok, also at the end of a compound:
   bilderböcker → bilderbok);
4. one suffix rule: the longest listed ending is removed if at least three letters remain
   (skolorna → skol, samtalet → samtal, närvaron → närvaro), then a final double consonant is
   made single (klassrummet → klassrumm → klassrum, gruppen → grupp → grup); a listed noun made
   of a verb then becomes the verb's stem (bedömningen → bedömning → bedöm, as bedöma, bedömer);
5. when indexing only: known compound parts are added at the word's position (skolbibliotek →
   skolbibliotek, skol, bibliotek). Parts are stems (computed from COMPOUND_PARTS by steps 3–4),
   of at least MIN_PART_LENGTH letters anywhere in the word, nested parts included (högläsning →
   läsning). Three-letter parts (lek, bok, ord, tem) are found only as the last part
   (utomhuslek), and those in SHORT_PARTS_FIRST also as the first (temadag). Words in
   NOT_COMPOUNDS (stems or pieces of stems) are never searched for parts inside them: they are
   masked first (a marker between their letters, so no part matches inside), and unmasked
   afterwards; a masked word that is itself a part is still found inside longer words
   (matematiklärare → matematik, lärar).

Queries get steps 1–4 only, so "förskolan" is not split into "skola" and does not find every
"grundskola".
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

# --- Letters ------------------------------------------------------------------------------------

# Accented letters and the letter a Swedish reader takes them for. Å, ä and ö are not here: they
# are letters of their own (bråk is not brak). Upper case follows from the lower case.
ACCENT_FOLDS = {
    "é": "e",
    "è": "e",
    "ê": "e",
    "ë": "e",
    "á": "a",
    "à": "a",
    "â": "a",
    "í": "i",
    "ì": "i",
    "î": "i",
    "ï": "i",
    "ó": "o",
    "ò": "o",
    "ô": "o",
    "ú": "u",
    "ù": "u",
    "û": "u",
    "ü": "y",
    "ç": "c",
    "ñ": "n",
    # Danish and Norwegian spellings (Helsingborg's neighbours) of ä and ö.
    "æ": "ä",
    "ø": "ö",
}
KEPT_LETTERS = "åäö"

# A word is a run of letters and digits (Unicode categories L and N) in both engines: Java's
# [\p{L}\p{N}] and Python's [^\W_] are the same set. Everything else separates words.
ENGINE_WORD_PATTERN = r"[\p{L}\p{N}]+"
PYTHON_WORD_PATTERN = r"[^\W_]+"
# Longer "words" are pasted links or noise, not Swedish; Lucene's length filter counts UTF-16
# units, so Python does too.
MAX_WORD_LENGTH = 60

# --- Stop words ---------------------------------------------------------------------------------

# The Snowball Swedish stop list (Lucene's `_swedish_`, PostgreSQL's swedish.stop), written out
# so both backends use exactly these. One string reads better than a 114-item list literal.
STOPWORDS = tuple(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
    när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt
    mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några
    deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka
    ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
    """.split()  # noqa: SIM905
)

# --- Suffixes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suffix:
    """An ending the stemmer removes; `after`/`not_after`: what must (not) come just before it
    (regular expressions of a fixed width: letters, or a class such as [^s])."""

    ending: str
    after: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()


# The longest ending that fits wins; at least MIN_STEM_LENGTH letters stay. Endings of
# definite and plural forms, their genitives, and a few adjective endings. Each `after` /
# `not_after` is a word class that would otherwise lose a letter of its base form.
MIN_STEM_LENGTH = 3
SUFFIXES = (
    # Plural definite, and their genitives: skolorna, eleverna, lärarna (see AGENT_NOUNS).
    Suffix("arna"),
    Suffix("arnas"),
    Suffix("erna"),
    Suffix("ernas"),
    Suffix("orna", not_after=("[^t]t",)),
    Suffix("ornas", not_after=("[^t]t",)),
    # Plural of -n plurals: ställena, ämnena.
    Suffix("ena"),
    # Plural: bilar, elever, skolor; their genitives (elevers lärande).
    # -ar stays on hållbar (-bar) and kommentar; -or on dator, rektor, mentor (-tor), not on
    # plattor, mattor (-ttor).
    Suffix("ar", not_after=("b", "nt")),
    Suffix("ars", not_after=("b", "nt")),
    Suffix("er"),
    Suffix("ers"),
    Suffix("or", not_after=("[^t]t",)),
    Suffix("ors", not_after=("[^t]t",)),
    # Nouns made of adjectives meet their adjective: trygghet, tryggheten, trygghetens, trygga
    # (→ trygg); möjligheter (→ möjlig).
    Suffix("het"),
    Suffix("hets"),
    Suffix("heten"),
    Suffix("hetens"),
    Suffix("heter"),
    Suffix("heterna"),
    Suffix("heternas"),
    # Past tense of -a verbs: odlade, planerade (→ odl, planer, as odlar, planerar); not -ad,
    # which would part kostnad from kostnader.
    Suffix("ade"),
    Suffix("ades"),
    # Definite singular: skolan, eleven, samtalet, and genitives. -et stays on kvalitet (-itet)
    # and on what -het leaves (enhet).
    Suffix("an"),
    Suffix("ans"),
    Suffix("en"),
    Suffix("ens"),
    Suffix("et", not_after=("it", "h")),
    Suffix("ets", not_after=("it", "h")),
    # Definite of words ending in a vowel, -el or -tor: närvaron, miljön, cykeln, datorn.
    # Not after other vowels: lektion, person, telefon, maskin keep their n.
    Suffix("n", after=("ro", "jö", "el", "tor")),
    Suffix("ns", after=("ro", "jö", "el", "tor")),
    # Syncopated definite: vintern (vinter), förälderns.
    Suffix("ern"),
    Suffix("erns"),
    # Genitive of -are words: lärares.
    Suffix("es"),
    # Latin neuters: gymnasium/gymnasiet/gymnasier, museum/museet/museer.
    Suffix("um", after=("i", "e")),
    # Base forms: skola, pojke, lärare (→ lärar), and adjectives: digitala, stora.
    Suffix("a"),
    Suffix("e"),
    # Neuter adjectives: digitalt, pedagogiskt, roligt, aktivt, hållbart, aktuellt (not salt).
    Suffix("t", after=("sk", "ig", "iv", "bar", "ell", "[^s]al")),
)
CONSONANTS = "bcdfghjklmnpqrstvwxz"
# A final double consonant is made single (klassrumm → klassrum, grupp → grup), except where
# that would make two common words one: matte/mat, full/ful, lätt/lät, vägg/väg.
UNDOUBLE_EXCEPTIONS = ("matt", "full", "lätt", "vägg")


@dataclass(frozen=True)
class Irregular:
    """Forms the suffix rule cannot reach, and the base form they become before it runs.
    `whole_word`: only the word itself, not a compound ending in it."""

    base: str
    forms: tuple[str, ...]
    whole_word: bool = False


# Words for people that end in -are: their plural definite (lärarna) looks like that of bil
# (bilarna) to the suffix rule, which would make it "lär", the stem of the verb lära.
AGENT_NOUNS = (
    "lärare",
    "ledare",
    "läsare",
    "deltagare",
    "medarbetare",
    "besökare",
    "användare",
    "utvecklare",
    "vårdnadshavare",
    "förstelärare",
)
IRREGULARS = (
    Irregular("bok", ("böcker", "böckerna", "böckers", "böckernas")),
    Irregular("förälder", ("föräldrar", "föräldrarna", "föräldrars", "föräldrarnas")),
    Irregular("exempel", ("exemplet", "exemplen", "exemplets", "exemplens")),
    Irregular("regel", ("regler", "reglerna", "reglers", "reglernas")),
    Irregular("artikel", ("artiklar", "artiklarna", "artiklars", "artiklarnas")),
    Irregular("stad", ("städer", "städerna")),
    Irregular("land", ("länder", "länderna")),
    # Not "händer" alone: it is also the verb (det händer).
    Irregular("hand", ("händerna", "händernas")),
    # Neuter -a words: temat/tema, schemat/schema.
    Irregular("tema", ("temat", "temats")),
    Irregular("schema", ("schemat", "schemats")),
    Irregular("drama", ("dramat", "dramats")),
    # vatten loses its e before an ending: vattnet, dricksvattnets.
    Irregular("vatten", ("vattnet", "vattnets", "vattnen", "vattnens")),
    # idé → ide (folded): idén. Whole word only: "tiden" ends in "iden".
    Irregular("ide", ("iden", "idens"), whole_word=True),
    *(
        Irregular(agent, (agent[:-1] + "na", agent[:-1] + "nas"))  # lärarna, lärarnas
        for agent in AGENT_NOUNS
    ),
)

# Nouns made of verbs meet their verb: a teacher who searches "bedöma" wants the articles about
# bedömning, one who searches "läsning" those where the pupils läser, and "odlade" finds the
# skolodling. A list, not an ending rule: -ning and -ing also end nouns that are no verb's
# (tidning is not tid, ordning not ord, mening not men). Noun and verb in their base forms.
VERBAL_NOUNS = (
    ("bedömning", "bedöma"),
    ("läsning", "läsa"),
    ("odling", "odla"),
    ("planering", "planera"),
    ("programmering", "programmera"),
    ("undervisning", "undervisa"),
    ("handledning", "handleda"),
    ("kartläggning", "kartlägga"),
    ("anpassning", "anpassa"),
    ("utveckling", "utveckla"),
    ("forskning", "forska"),
)

# --- Compounds ----------------------------------------------------------------------------------

# Parts of compounds common in Swedish school writing, in their base form; the index holds their
# stems. A query for one of them finds compounds containing it (bibliotek → skolbibliotek).
COMPOUND_PARTS = (
    "skola",
    "förskola",
    "gymnasium",
    "klass",
    "klassrum",
    "lektion",
    "lärare",
    "pedagog",
    "elev",
    "barn",
    "rektor",
    "mentor",
    "matematik",
    "svenska",
    "engelska",
    "språk",
    "modersmål",
    "läsning",
    "skriva",
    "skrivande",
    "utveckling",
    "bedömning",
    "betyg",
    "närvaro",
    "frånvaro",
    "hälsa",
    "trygghet",
    "studiero",
    "stöd",
    "anpassning",
    "samtal",
    "planering",
    "undervisning",
    "utbildning",
    "handledning",
    "förståelse",
    "lärande",
    "kunskap",
    "natur",
    "teknik",
    "digital",
    "program",
    "programmering",
    "film",
    "bild",
    "musik",
    "idrott",
    "rörelse",
    "lek",
    "rast",
    "fritids",
    "fritidshem",
    "grupp",
    "arbete",
    "projekt",
    "tema",
    "övning",
    "uppgift",
    "material",
    "bok",
    "bibliotek",
    "text",
    "ord",
    "berättelse",
    "högläsning",
    "källkritik",
    "hållbar",
    "miljö",
    "odling",
    "trädgård",
    "skog",
    "utomhus",
    "kemi",
    "fysik",
    "biologi",
    "historia",
    "samhälle",
    "geografi",
    "religion",
    "slöjd",
    "matlagning",
    "hemkunskap",
    "vårdnadshavare",
    "förälder",
    "samverkan",
    "kollegial",
    "nätverk",
    "forskning",
    "metod",
    "modell",
    "strategi",
    "resurs",
    "flerspråkig",
    "nyanlända",
    "mottagande",
    "kartläggning",
    "övergång",
    "likvärdighet",
    "förmåga",
    "analys",
    "team",
    "vatten",
)
# Parts shorter than this (as stems) are found only as the last part of a word, or the first
# (SHORT_PARTS_FIRST): "lek" inside any word would find "lektion", "ord" would find "ordning".
MIN_PART_LENGTH = 4
# Three-letter parts also found as the first part, spelt as they are in a compound:
# temadag, temaarbete (tema- → tem); boksamtal, bokcirkel; vattenprov (vatten- → vat).
SHORT_PARTS_FIRST = {"tema": "tem", "bok": "bok", "vatten": "vat"}
# A part must leave at least this many letters of the word around it to count as a short part.
SHORT_PART_REST = 3
# The stop-list: stems (or pieces of stems) in which a listed part is a false hit. Nothing is
# split out of them, but they are found as parts themselves when listed.
NOT_COMPOUNDS = (
    "relevan",  # relevant, irrelevant: not elev
    "utbild",  # utbilda: not bild (utbildning stays a part)
    "bildning",  # folkbildning: not bild
    "kontrast",  # not rast
    "reflektion",  # not lektion
    "selektion",  # not lektion
    "cklas",  # utvecklas, avvecklas: not klass (whose stem is klas)
    "nklas",  # enklast: not klass
    "signatur",  # not natur
    "kontext",  # not text
    "textil",  # not text
    "naturlig",  # naturligtvis: not natur
    "hälsning",  # hälsningar: not hälsa
    "klassi",  # klassisk, klassiker, klassificera: not klass
    "kärlek",  # not lek
    "storlek",  # not lek
    "rekord",  # not ord
    "ackord",  # not ord
    "ombord",  # not ord
    "bokst",  # bokstav, bokstäver: not bok
    "system",  # systemet, skolsystem: not tema
)
# Put between the letters of a masked word: a token (letters and digits only) never has it.
MASK_MARK = "_"

# --- Generated: the stemmer as regular expressions ----------------------------------------------


def _lookbehind(contexts: tuple[str, ...], negative: bool) -> str:
    # One lookbehind per context: Python needs each to have a fixed width.
    if negative:
        return "".join(f"(?<!{context})" for context in contexts)
    return "(?:" + "|".join(f"(?<={context})" for context in contexts) + ")"


def _suffix_pattern(suffix: Suffix) -> str:
    parts = []
    if suffix.after:
        parts.append(_lookbehind(suffix.after, negative=False))
    if suffix.not_after:
        parts.append(_lookbehind(suffix.not_after, negative=True))
    return "".join(parts) + suffix.ending


@dataclass(frozen=True)
class Replace:
    """A regular expression and its replacement, written once for both engines: `groups` are the
    numbers of the groups the replacement is made of ($1$2 in Java, \\g<1>\\g<2> in Python)
    followed by `text`."""

    pattern: str
    groups: tuple[int, ...] = ()
    text: str = ""

    def engine_filter(self) -> dict:
        replacement = "".join(f"${group}" for group in self.groups) + self.text
        return {"type": "pattern_replace", "pattern": self.pattern, "replacement": replacement}

    @functools.cached_property
    def compiled(self):
        return re.compile(self.pattern)

    def python_replacement(self) -> str:
        return "".join(f"\\g<{group}>" for group in self.groups) + self.text.replace("\\", "\\\\")


def _apply(rule: Replace, word: str) -> str:
    return rule.compiled.sub(rule.python_replacement(), word)


def _irregular_rule(irregular: Irregular) -> Replace:
    forms = "|".join(sorted(irregular.forms, key=len, reverse=True))
    if irregular.whole_word:
        return Replace(f"^(?:{forms})$", (), irregular.base)
    return Replace(f"^(.*)(?:{forms})$", (1,), irregular.base)


IRREGULAR_RULES = tuple(_irregular_rule(irregular) for irregular in IRREGULARS)
STEM_RULE = Replace(
    f"^(.{{{MIN_STEM_LENGTH},}}?)(?:" + "|".join(_suffix_pattern(s) for s in SUFFIXES) + ")$",
    (1,),
)
UNDOUBLE_RULE = Replace(
    "^(?!(?:" + "|".join(UNDOUBLE_EXCEPTIONS) + f")$)(.+)([{CONSONANTS}])\\2$",
    (1, 2),
)


def _stem_inflections(word: str) -> str:
    return _apply(UNDOUBLE_RULE, _apply(STEM_RULE, word))


def _verbal_noun_rule(noun: str, verb: str) -> Replace:
    # On stems, so every form of the noun and any compound ending in it is reached
    # (skolodlingen → skolodling → skolodl).
    return Replace(f"^(.*){_stem_inflections(noun)}$", (1,), _stem_inflections(verb))


VERBAL_NOUN_RULES = tuple(_verbal_noun_rule(noun, verb) for noun, verb in VERBAL_NOUNS)


def _fold_map() -> dict[str, str]:
    """Every accented letter (both cases, composed and decomposed) and decomposed å/ä/ö."""
    mapping = {}
    for letter, plain in ACCENT_FOLDS.items():
        for source, target in ((letter, plain), (letter.upper(), plain.upper())):
            mapping[source] = target
            mapping[unicodedata.normalize("NFD", source)] = target
    for letter in KEPT_LETTERS + KEPT_LETTERS.upper():
        mapping[unicodedata.normalize("NFD", letter)] = letter
    # Lucene lower-cases İ to i (one letter), Python to i + combining dot: fold it first.
    mapping["İ"] = "I"
    return {source: target for source, target in mapping.items() if source != target}


FOLDS = _fold_map()
_FOLD_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(FOLDS, key=len, reverse=True)))
_WORD = re.compile(PYTHON_WORD_PATTERN)
_STOPWORDS = frozenset(STOPWORDS)


def fold_letters(text: str) -> str:
    """Step 1: compose å/ä/ö, fold other accents (what the engine's `sv_letters` char filter
    does: the longest listed sequence at each place)."""
    return _FOLD_PATTERN.sub(lambda match: FOLDS[match.group()], text)


def _utf16_length(word: str) -> int:
    return len(word) + sum(1 for char in word if ord(char) > 0xFFFF)


def lower(word: str) -> str:
    """Lucene's lower case: one character at a time (no final-sigma rule)."""
    lowered = word.lower()
    if len(lowered) == len(word) and "ς" not in lowered:
        return lowered
    return "".join(char.lower()[0] if len(char.lower()) > 1 else char.lower() for char in word)


_IRREGULAR_ENDINGS = tuple({form for irregular in IRREGULARS for form in irregular.forms})
_VERBAL_NOUN_ENDINGS = tuple(_stem_inflections(noun) for noun, _verb in VERBAL_NOUNS)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Steps 3–4 for one lower-case word."""
    if word.endswith(_IRREGULAR_ENDINGS):
        for rule in IRREGULAR_RULES:
            word = _apply(rule, word)
    word = _stem_inflections(word)
    if word.endswith(_VERBAL_NOUN_ENDINGS):
        for rule in VERBAL_NOUN_RULES:
            word = _apply(rule, word)
    return word


# --- Generated: compound parts ------------------------------------------------------------------


def mask(word: str) -> str:
    return MASK_MARK.join(word)


# Longest first, so that a host inside another (utbild in utbildning) is masked consistently.
MASKED_HOSTS = tuple(sorted(NOT_COMPOUNDS, key=lambda host: (-len(host), host)))


def mask_hosts(stemmed: str) -> str:
    for host in MASKED_HOSTS:
        if host in stemmed:
            stemmed = stemmed.replace(host, mask(host))
    return stemmed


def _part_stems() -> tuple[frozenset[str], frozenset[str]]:
    stems = {stem(part) for part in COMPOUND_PARTS}
    long_parts = frozenset(mask_hosts(s) for s in stems if len(s) >= MIN_PART_LENGTH)
    short_parts = frozenset(s for s in stems if len(s) < MIN_PART_LENGTH)
    return long_parts, short_parts


PART_DICTIONARY, SHORT_PARTS = _part_stems()
MIN_WORD_TO_SPLIT = MIN_PART_LENGTH + 1
MAX_PART_LENGTH = max(len(part) for part in PART_DICTIONARY)

# Short parts as the last part (…lek) or, for SHORT_PARTS_FIRST, the first (tema… → tem).
_rest = f".{{{SHORT_PART_REST},}}"
SHORT_PART_PATTERNS = (
    f"^{_rest}(" + "|".join(sorted(SHORT_PARTS)) + ")$",
    *(
        f"^({short}){re.escape(spelt[len(short) :])}{_rest}$"
        for spelt, short in sorted(SHORT_PARTS_FIRST.items())
    ),
)
_SHORT_PART_REGEXES = tuple(re.compile(pattern) for pattern in SHORT_PART_PATTERNS)


@functools.lru_cache(maxsize=200_000)
def word_parts(stemmed: str) -> tuple[str, ...]:
    """Step 5 for one stemmed word: the word and its parts, as the engine emits them at one
    position (duplicates removed, first kept)."""
    masked = mask_hosts(stemmed)
    emitted = [masked]
    # dictionary_decompounder (only_longest_match false): every listed substring, by start.
    length = len(masked)
    if _utf16_length(masked) >= MIN_WORD_TO_SPLIT:
        for start in range(length - MIN_PART_LENGTH + 1):
            for size in range(MIN_PART_LENGTH, MAX_PART_LENGTH + 1):
                if start + size > length:
                    break
                if masked[start : start + size] in PART_DICTIONARY:
                    emitted.append(masked[start : start + size])
    # pattern_capture runs first, but the word it adds reaches the decompounder (which leaves
    # a three-letter word alone) after the word's own parts.
    for regex in _SHORT_PART_REGEXES:
        match = regex.match(masked)
        if match:
            emitted.extend(group for group in match.groups() if group)
    unmasked = (token.replace(MASK_MARK, "") for token in emitted)
    return tuple(dict.fromkeys(unmasked))


# --- Python analysis ----------------------------------------------------------------------------


def analyse_positions(text: str, *, for_query: bool = False) -> list[tuple[int, tuple[str, ...]]]:
    """The tokens of `text` by position (counted from 0, stop words leaving gaps), as the engine's
    `default` analyzer (indexing) or `default_search` analyzer (`for_query=True`) gives them."""
    result = []
    for position, match in enumerate(_WORD.finditer(fold_letters(text))):
        word = match.group()
        if _utf16_length(word) > MAX_WORD_LENGTH:
            continue
        word = lower(word)
        if word in _STOPWORDS:
            continue
        stemmed = stem(word)
        result.append((position, (stemmed,) if for_query else word_parts(stemmed)))
    return result


def analyse(text: str, *, for_query: bool = False) -> list[str]:
    """The tokens of `text` in order (see analyse_positions)."""
    return [
        token
        for _position, tokens in analyse_positions(text, for_query=for_query)
        for token in tokens
    ]


# --- Generated: the engine's index settings -----------------------------------------------------


def _engine_analysis() -> dict:
    filters = {
        "sv_length": {"type": "length", "max": MAX_WORD_LENGTH},
        "sv_stop": {"type": "stop", "stopwords": list(STOPWORDS)},
        "sv_stem": STEM_RULE.engine_filter(),
        "sv_undouble": UNDOUBLE_RULE.engine_filter(),
        "sv_short_parts": {
            "type": "pattern_capture",
            "preserve_original": True,
            "patterns": list(SHORT_PART_PATTERNS),
        },
        "sv_decompound": {
            "type": "dictionary_decompounder",
            "word_list": sorted(PART_DICTIONARY),
            "only_longest_match": False,
            "min_word_size": MIN_WORD_TO_SPLIT,
            "min_subword_size": MIN_PART_LENGTH,
            "max_subword_size": MAX_PART_LENGTH,
        },
        "sv_unmask": Replace(re.escape(MASK_MARK)).engine_filter(),
        "sv_unique": {"type": "unique", "only_on_same_position": True},
    }
    irregular_names = []
    for number, rule in enumerate(IRREGULAR_RULES):
        irregular_names.append(f"sv_irregular_{number}")
        filters[irregular_names[-1]] = rule.engine_filter()
    mask_names = []
    for number, host in enumerate(MASKED_HOSTS):
        mask_names.append(f"sv_mask_{number}")
        filters[mask_names[-1]] = Replace(re.escape(host), (), mask(host)).engine_filter()
    verbal_noun_names = []
    for number, rule in enumerate(VERBAL_NOUN_RULES):
        verbal_noun_names.append(f"sv_verbal_noun_{number}")
        filters[verbal_noun_names[-1]] = rule.engine_filter()
    stemming = [
        "lowercase",
        "sv_length",
        "sv_stop",
        *irregular_names,
        "sv_stem",
        "sv_undouble",
        *verbal_noun_names,
    ]
    compounds = [*mask_names, "sv_short_parts", "sv_decompound", "sv_unmask", "sv_unique"]
    letters = {
        "type": "mapping",
        "mappings": [f"{source}=>{target}" for source, target in sorted(FOLDS.items())],
    }
    words = {"type": "pattern", "pattern": ENGINE_WORD_PATTERN, "group": 0}
    return {
        "char_filter": {"sv_letters": letters},
        "tokenizer": {"sv_words": words},
        "filter": filters,
        "analyzer": {
            # Every text field without an analyzer of its own: steps 1–5.
            "default": {
                "type": "custom",
                "char_filter": ["sv_letters"],
                "tokenizer": "sv_words",
                "filter": stemming + compounds,
            },
            # Queries: steps 1–4, no compound splitting.
            "default_search": {
                "type": "custom",
                "char_filter": ["sv_letters"],
                "tokenizer": "sv_words",
                "filter": stemming,
            },
            # Autocomplete: the same folding when indexing prefixes and when searching them.
            # Wagtail's default folds å/ä/ö to a/o when indexing but not when searching, so
            # "förs" missed "förskola".
            "edgengram_analyzer": {
                "type": "custom",
                "tokenizer": "standard",
                "char_filter": ["sv_letters"],
                "filter": ["lowercase", "edgengram"],
            },
            "ngram_analyzer": {
                "type": "custom",
                "tokenizer": "standard",
                "char_filter": ["sv_letters"],
                "filter": ["lowercase", "ngram"],
            },
            "sv_autocomplete_search": {
                "type": "custom",
                "tokenizer": "standard",
                "char_filter": ["sv_letters"],
                "filter": ["lowercase"],
            },
        },
    }


SWEDISH_ANALYSIS = _engine_analysis()
INDEX_SETTINGS = {"settings": {"analysis": SWEDISH_ANALYSIS}}
AUTOCOMPLETE_MAPPING = {
    "analyzer": "edgengram_analyzer",
    "search_analyzer": "sv_autocomplete_search",
}
