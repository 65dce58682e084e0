""" "Menade du …?": when a search finds little or nothing, the closest words readers could find.

`did_you_mean(query, searchable_queryset, hits=…)` gives the reader's query with its unknown
words corrected, or None. It asks the backends in turn like search does (search/engine.py:
`first_answer`, the engine's circuit breaker and reader client, PostgreSQL last):

- OpenSearch/Elasticsearch: a term suggester over `_vocabulary`, a field every searchable text
  field copies into, analysed into lower-cased words with the search's accent folding (å, ä, ö
  kept) and nothing else — the words as written, never stems (search/backends/__init__.py).
- PostgreSQL: SearchWord (search/models.py), the same words with how many articles use each,
  found by trigram similarity on the word without å, ä, ö.

On both, a word is corrected only when it is made of letters, at least MIN_WORD_LENGTH long, and
not itself in the vocabulary. A candidate may differ by one edit (words of up to four letters) or
two; å, ä, ö typed as a, a, o count as no edit ("larare" → "lärare", "forskola" → "förskola").
Fewest edits win, then the more common word. The corrected query is offered only when it finds
more than the reader's query did — checked in the word lists of the findable objects, so a word
of an unpublished or private article is never offered — and only asked for when the reader's
query found at most MAX_HITS, so common searches pay nothing.

The vocabulary (SearchWord and each object's SearchWordList) holds the words of what readers may
find. The search app knows no page model: an app registers a *source* from its
AppConfig.ready(): a key, the model and a function giving the queryset of findable objects
(blog: `register_source("articles", ArticlePage, searchable_articles)`). The words are those of
the model's SearchFields, related fields included — what the search indexes. Saving an object
of that model (publishing, unpublishing) reads its words again; deleting it removes them;
`manage.py rebuild_search_words` rebuilds everything (after a bulk load, a restore or the
upgrade that added it). An object that stops being findable without being saved (its section
made private) keeps its words until the next rebuild: harmless, since the check above asks the
findable objects as they are now.
"""

import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import CharField, Exists, Manager, Model, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from modelsearch.index import RelatedFields, SearchField
from wagtail.search.backends import get_search_backend
from wagtail.signals import page_unpublished

from .analysis import fold_letters, lower
from .breaker import CLOSED, breaker_for
from .engine import available_backends, first_answer, normalise_query
from .models import MAX_WORD_LENGTH, SearchWord, SearchWordList

# A search that found more than this gets no suggestion, and no lookup is made.
MAX_HITS = 2
MIN_WORD_LENGTH = 3
# A query with more words to check than this is a pasted sentence, not a typo: no suggestion.
MAX_WORDS = 6
# Near words fetched per unknown word on PostgreSQL, best trigram similarity first.
CANDIDATES = 8
# PostgreSQL checks that a suggestion finds something in the word lists: by walking the
# findable objects when its rarest word is in this many or more, else from the lists' index,
# looking at this many of the objects that hold the words.
COMMON_WORD = 1000
RARE_CAP = 1000

_TOKEN = re.compile(r"\w+")

logger = logging.getLogger("pedagogsajten.search")


def word_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of `text` (give it in NFC): the word lower-cased and
    accent-folded as the engine's `_vocabulary` field has it, by the main analysis's own folding
    and lower-casing (folding first, as its character filter runs before the lower-case
    filter)."""
    for match in _TOKEN.finditer(text):
        yield match.start(), match.end(), lower(fold_letters(match.group()))


def is_word(word: str) -> bool:
    """Whether a word may be corrected or suggested: letters only (no number is "corrected" into
    another), long enough to tell a typo from another word."""
    return MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and word.isalpha()


def words_of(texts: Iterable[str]) -> set[str]:
    return {
        sys.intern(word)
        for text in texts
        for _start, _end, word in word_tokens(unicodedata.normalize("NFC", text))
        if is_word(word)
    }


def _flatten(value) -> Iterator[str]:
    """Text from a search field's value as modelsearch indexes it (StreamFields give lists)."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    else:
        yield str(value)


def _texts(obj: Model, fields) -> Iterator[str]:
    for field in fields:
        if isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            else:
                related = [related() if callable(related) else related]
            for item in related:
                yield from _texts(item, field.fields)
        elif isinstance(field, SearchField):
            yield from _flatten(field.get_value(obj))


def object_words(obj: Model) -> set[str]:
    """The words an object gives the vocabulary: those of its SearchFields, as indexed."""
    return words_of(_texts(obj, type(obj).get_search_fields()))


# The vocabulary's sources --------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    key: str  # short ASCII name, stored with each object's words
    findable: Callable[[], QuerySet]  # what readers may find, e.g. live public articles
    model: type[Model]


_sources: dict[str, Source] = {}


def register_source(key: str, model: type[Model], findable: Callable[[], QuerySet]) -> Source:
    """Keep the words of `findable()`, objects of `model`, in the vocabulary. Registering the
    same key again replaces it (ready() may run more than once). The model is named rather than
    read from the queryset: building one may query the database (Wagtail's `public()`), which
    ready() must not."""
    source = Source(key, findable, model)
    _sources[key] = source
    uid = f"search-vocabulary-{key}"
    post_save.connect(_saved, sender=source.model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(_deleted, sender=source.model, dispatch_uid=f"{uid}-deleted")
    # Unpublishing saves the page; this also catches a save made through a non-specific Page.
    page_unpublished.connect(_unpublished, sender=source.model, dispatch_uid=f"{uid}-unpub")
    return source


def sources() -> list[Source]:
    return list(_sources.values())


def _sources_of(instance: Model) -> list[Source]:
    return [source for source in _sources.values() if isinstance(instance, source.model)]


def refresh_words(source: Source, instance: Model) -> None:
    findable = source.findable().filter(pk=instance.pk).exists()
    SearchWord.record(source.key, instance.pk, object_words(instance) if findable else set())


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loading fixtures: the objects may not be complete yet
        return
    for source in _sources_of(instance):
        if update_fields is not None:
            # Saving a draft updates only bookkeeping fields (latest revision, draft title): the
            # live text and whether the object can be found stay as they were.
            text_fields = {
                field.field_name
                for field in source.model.get_search_fields()
                if isinstance(field, SearchField)
            }
            if not set(update_fields) & (text_fields | {"live"}):
                continue
        refresh_words(source, instance)


def _unpublished(sender, instance, **kwargs):
    for source in _sources_of(instance):
        refresh_words(source, instance)


def _deleted(sender, instance, **kwargs):
    for source in _sources_of(instance):
        SearchWord.record(source.key, instance.pk, set())


def _related_lookups(model, fields=None, prefix="") -> Iterator[str]:
    for field in model.get_search_fields() if fields is None else fields:
        if isinstance(field, RelatedFields):
            yield prefix + field.field_name
            yield from _related_lookups(model, field.fields, f"{prefix}{field.field_name}__")


def rebuild_vocabulary() -> tuple[int, int]:
    """Read every findable object of every source again; (objects, distinct words). The words
    are read before the vocabulary is locked, so publishing waits only for the writing."""
    lists = []
    for source in _sources.values():
        # Every relation prefetched, many-to-many fields of modelcluster included (modelsearch's
        # select_on_queryset leaves those out: three queries per article; measured 17 s per
        # 1,000 articles, 2 s with this).
        queryset = source.findable().prefetch_related(*_related_lookups(source.model))
        for obj in queryset.iterator(chunk_size=500):
            lists.append((source.key, obj.pk, tuple(object_words(obj))))
    return SearchWord.rebuild(lists)


# Choosing a correction -------------------------------------------------------------------------


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance counting a swap of two neighbouring letters as one edit (optimal
    string alignment), as the engine's suggester does."""
    previous2, previous = [], list(range(len(second) + 1))
    for i, letter in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            cost = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (letter != other),
            )
            if i > 1 and j > 1 and letter == second[j - 2] and first[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def best_candidate(word: str, candidates: Iterable[tuple[str, int]]) -> str | None:
    """The correction for `word` among (word, number of articles) candidates, or None."""
    allowed = allowed_edits(word)
    folded = SearchWord.fold(word)
    ranked = []
    for candidate, frequency in candidates:
        if candidate == word or not is_word(candidate):
            continue
        edits = edit_distance(folded, SearchWord.fold(candidate))
        if edits <= allowed:
            ranked.append((edits, edit_distance(word, candidate), -frequency, candidate))
    return min(ranked)[-1] if ranked else None


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def trigram_threshold(folded: str) -> float:
    """The least trigram similarity a word within `allowed_edits` of `folded` can have, so that
    the trigram index passes on fewer words to check (pg_trgm pads a word with two spaces before
    and one after; an edit changes at most four of its trigrams, a swap of two letters included).
    Long compounds share many trigrams with other compounds: measured at 130,000 words, 33–40 ms
    with pg_trgm's default of 0.3, 7–11 ms with this."""
    padded = f"  {folded} "
    trigrams = len({padded[i : i + 3] for i in range(len(padded) - 2)})
    changed = 4 * allowed_edits(folded)
    # `%` passes words whose similarity is above the threshold, not equal to it.
    return max(0.3, (trigrams - changed) / (trigrams + changed) - 0.01)


def vocabulary_candidates(words: list[str]) -> dict[str, list[tuple[str, int]]]:
    """PostgreSQL: near words for each word the vocabulary lacks (for one unknown word, one
    query for the known ones and one the trigram index on `folded` answers)."""
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    candidates = {}
    for word in words:
        if word in known:
            continue
        folded = SearchWord.fold(word)
        with transaction.atomic(), connection.cursor() as cursor:
            # The `%` operator's threshold, for this transaction only.
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(trigram_threshold(folded))],
            )
            candidates[word] = list(
                SearchWord.objects.filter(folded__trigram_similar=folded)
                .annotate(similarity=TrigramSimilarity("folded", folded))
                .order_by("-similarity", "-articles")
                .values_list("word", "articles")[:CANDIDATES]
            )
    return candidates


def text_hits(queryset: QuerySet, text: str, backend_name: str, limit: int) -> int:
    """How many of the queryset's objects the text finds on the backend, counting up to `limit`
    (the ids only, nothing loaded on the engine)."""
    # Unranked: only whether there are more matches counts, and PostgreSQL ranking every match
    # of a common word cost 150 ms at 10,000 articles.
    results = queryset.search(text, operator="and", order_by_relevance=False, backend=backend_name)
    if hasattr(results, "matching_ids"):  # our Elasticsearch/OpenSearch backends
        return len(results.matching_ids(limit))
    return len(results[:limit])


def vocabulary_hits(queryset: QuerySet, words: list[str], limit: int) -> int | None:
    """How many of the queryset's objects hold every one of `words` in their word lists (the
    PostgreSQL vocabulary, kept whichever backend answers), counting up to `limit`; None when
    no source covers the queryset's model or its vocabulary was never built.

    A suggestion's words are words of the vocabulary, so the lists answer whether it finds
    something in a few milliseconds, where PostgreSQL's full-text search of a two-word
    suggestion cost 60–170 ms at 10,000 articles (it reads its whole index table) and the
    engine's a second request. It counts objects with the words as written, which the search
    (on stems) finds too; words of the query that are never corrected (under three letters,
    numbers) are not checked."""
    keys = [source.key for source in _sources.values() if issubclass(queryset.model, source.model)]
    if not keys:
        return None
    words = sorted(set(words))
    counts = dict(SearchWord.objects.filter(word__in=words).values_list("word", "articles"))
    holding = SearchWordList.objects.filter(source__in=keys)
    if not words or len(counts) < len(words):
        # A word no object holds: none holds them all, unless the lists were never built (the
        # engine's vocabulary then has words these lack: its search must answer).
        return 0 if holding.exists() else None
    rarest = min(counts.values())
    holding = holding.filter(words__contains=words)
    found = queryset.order_by()
    if rarest >= COMMON_WORD:
        # Most objects hold the words: walk the findable ones and stop at `limit`.
        found = found.filter(Exists(holding.filter(object_id=Cast(OuterRef("pk"), CharField()))))
    else:
        # Few do: the word lists' index first. (In one statement PostgreSQL walked every object
        # when the limit made it hope for an early hit: 98 ms for a rare word among 130,000.)
        found = found.filter(pk__in=list(holding.values_list("object_id", flat=True)[:RARE_CAP]))
    return len(found.values_list("pk", flat=True)[:limit])


def did_you_mean(
    query: str,
    searchable_queryset: QuerySet,
    hits: int = 0,
) -> str | None:
    """The reader's query with its unknown words corrected, if that finds more than the `hits`
    the query found; None otherwise, or when the query found more than MAX_HITS.

    What a correction finds is counted among the objects of `searchable_queryset` whose word
    lists hold all its words (`vocabulary_hits`, on either backend: two small queries instead of
    a second search request), or by its text search when no source covers the model."""
    if hits > MAX_HITS:
        return None
    text = unicodedata.normalize("NFC", normalise_query(query))
    tokens = [(start, end, word) for start, end, word in word_tokens(text) if is_word(word)]
    words = list(dict.fromkeys(word for _start, _end, word in tokens))
    if not words or len(words) > MAX_WORDS:
        return None

    def ask(backend_name: str) -> str | None:
        finder = getattr(get_search_backend(backend_name), "spelling_candidates", None)
        candidates = finder(searchable_queryset.model, words) if finder else None
        if candidates is None:  # PostgreSQL, or an engine index older than its vocabulary
            candidates = vocabulary_candidates(words)
        corrections = {}
        for word, options in candidates.items():
            if best := best_candidate(word, options):
                corrections[word] = best
        if not corrections:
            return None
        parts, position = [], 0
        for start, end, word in tokens:
            if word in corrections:
                # The vocabulary is lower case; a capital the reader typed stays (Johan Öberg).
                correction = corrections[word]
                if text[start : start + 1].isupper():
                    correction = correction[:1].upper() + correction[1:]
                parts += [text[position:start], correction]
                position = end
        suggestion = "".join([*parts, text[position:]])
        found = vocabulary_hits(
            searchable_queryset,
            [word for _start, _end, word in word_tokens(suggestion) if is_word(word)],
            hits + 1,
        )
        if found is None:  # no word lists for this model: ask the search itself
            found = text_hits(searchable_queryset, suggestion, backend_name, hits + 1)
        return suggestion if found > hits else None

    names = available_backends()
    if len(names) > 1 and not _engine_healthy(names[0]):
        # The engine failed a moment ago (most likely the reader's search itself, which then came
        # from PostgreSQL): a suggestion is not worth a second timeout, nor the breaker's probe.
        try:
            return ask(names[-1])
        except Exception:  # noqa: BLE001 - a suggestion is never worth a failed page
            logger.warning("Did you mean failed on backend %r", names[-1], exc_info=True)
            return None
    _answered, suggestion = first_answer(ask, "Did you mean")
    return suggestion


def _engine_healthy(name: str) -> bool:
    """Whether the engine's circuit breaker is closed and its last request succeeded (read
    without its lock: a hint, and the worst a stale read costs is one suggestion's source)."""
    breaker = breaker_for(name)
    return breaker.state == CLOSED and breaker.failures_in_row == 0
