"""Wagtail search backends with Swedish analysis.

`search.backends.opensearch` (OpenSearch 2/3 through opensearch-py) and
`search.backends.elasticsearch` (Elasticsearch 9) are modelsearch's own backends with the Swedish
index settings, the matching autocomplete search analyzer (search/analysis.py), results that
can return just the matching ids, a second client for readers' queries, and the vocabulary of
"did you mean" (search/suggest.py): a field `_vocabulary` that every searchable text field copies
into, analysed into lower-cased words with the search's accent folding and nothing more (no
stemming, no stop words, no compound splitting), so its terms are words as readers write them.

Readers' queries (`reader_requests()`, used by search/engine.py) go through that second client:
short connect and read timeouts and no retries, since the reader has PostgreSQL to fall back on
and a stopped engine must cost a second at most, not the client's timeout times its retries.
Indexing (publishing, `update_index`) and the admin keep the backend's own client and its
`TIMEOUT` (SEARCH_TIMEOUT): they have no fallback, so waiting longer is the better failure.
"""

import contextlib
import contextvars
import logging
from copy import deepcopy

from modelsearch.utils import deep_update

from search.analysis import AUTOCOMPLETE_MAPPING, INDEX_SETTINGS

logger = logging.getLogger("pedagogsajten.search")

VOCABULARY_FIELD = "_vocabulary"
VOCABULARY_ANALYZER = "sv_vocabulary"

# Connect and read timeouts of readers' queries, in seconds, unless the backend's configuration
# gives READER_TIMEOUTS (site/settings/base.py takes them from the environment).
DEFAULT_READER_TIMEOUTS = (0.3, 1.0)

_reader_requests = contextvars.ContextVar("search_reader_requests", default=False)


@contextlib.contextmanager
def reader_requests():
    """Engine requests made inside use the backends' reader client. A context variable rather than
    an argument: modelsearch builds and clones the results objects that send the request."""
    token = _reader_requests.set(True)
    try:
        yield
    finally:
        _reader_requests.reset(token)


class ReaderClientMixin:
    """A backend with a second client for readers' queries (`reader_client`, built by the
    `build_reader_client` function the backend module gives `swedish_backend`)."""

    build_reader_client = None

    def __init__(self, params):
        params = dict(params)
        connect, read = params.pop("READER_TIMEOUTS", DEFAULT_READER_TIMEOUTS)
        self.reader_timeouts = (float(connect), float(read))
        # The reader client needs exactly the arguments modelsearch gives the first one (hosts,
        # credentials from the URL or OPTIONS, TLS), so they are caught as modelsearch passes them
        # rather than worked out again here.
        client_class, arguments = type(self).client_class, {}

        def catch_arguments(**given):
            arguments.update(given)
            return client_class(**given)

        self.client_class = catch_arguments
        try:
            super().__init__(params)
        finally:
            del self.client_class
        self.client_arguments = arguments
        self._reader_client = None

    @property
    def reader_client(self):
        # Built on first use: most backend objects (indexing, the admin) never need it.
        if self._reader_client is None:
            self._reader_client = type(self).build_reader_client(self)
        return self._reader_client

    def client_for_request(self):
        return self.reader_client if _reader_requests.get() else self.es


class SwedishResultsMixin:
    """Results that send their search through the reader client inside `reader_requests()`, and
    can give just the matching ids, best first, in one request.

    Iterating modelsearch's results pages through the scroll API 100 hits at a time and loads every
    object from the database; faceting needs only the ids (measured: 1.6 s for 10,000 hits)."""

    def _backend_do_search(self, body, **kwargs):
        client = self.backend.client_for_request()
        if self.backend.use_new_elasticsearch_api:
            return client.search(**body, **kwargs)
        return client.search(body=body, **kwargs)

    def matching_ids(self, limit: int) -> list[int]:
        params = {
            "index": self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            "_source": False,
            self.fields_param_name: "pk",
            "size": limit,
        }
        response = self._backend_do_search(self._get_es_body(), **params)
        return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


class VocabularyMappingMixin:
    """Every field that modelsearch copies into `_all_text` (the searchable text, nested related
    fields included) is copied into the vocabulary field too."""

    def get_mapping(self):
        mapping = super().get_mapping()

        def add_copies(properties):
            for field in properties.values():
                copy_to = field.get("copy_to")
                copy_to = [copy_to] if isinstance(copy_to, str) else list(copy_to or [])
                if "_all_text" in copy_to:
                    field["copy_to"] = [*copy_to, VOCABULARY_FIELD]
                if field.get("type") == "nested":
                    add_copies(field["properties"])

        add_copies(mapping["properties"])
        # Its own search analyzer too: the index's `default_search` (stems) would otherwise
        # apply. The suggester reads only the terms and how many documents hold each: no
        # positions, frequencies or norms to store.
        mapping["properties"][VOCABULARY_FIELD] = {
            "type": "text",
            "analyzer": VOCABULARY_ANALYZER,
            "search_analyzer": VOCABULARY_ANALYZER,
            "index_options": "docs",
            "norms": False,
        }
        return mapping


def vocabulary_analysis() -> dict:
    """The vocabulary field's analyzer: the standard tokenizer, the default analyzer's character
    filters (the accent folding, which keeps å, ä, ö) and lower case."""
    default = INDEX_SETTINGS["settings"]["analysis"]["analyzer"]["default"]
    analyzer = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
    if default.get("char_filter"):
        analyzer["char_filter"] = list(default["char_filter"])
    return {"settings": {"analysis": {"analyzer": {VOCABULARY_ANALYZER: analyzer}}}}


_warned_indexes: set[str] = set()


def _index_without_vocabulary(index: str) -> None:
    if index not in _warned_indexes:
        _warned_indexes.add(index)
        logger.warning(
            "Search index %r has no %s field: run manage.py update_index. Until then "
            '"did you mean" uses PostgreSQL\'s vocabulary.',
            index,
            VOCABULARY_FIELD,
        )


class SpellingMixin:
    """The term suggester of "did you mean" (search/suggest.py), through the reader client."""

    def spelling_candidates(
        self, model, words: list[str]
    ) -> dict[str, list[tuple[str, int]]] | None:
        """(word, documents using it) candidates for each of `words` that the vocabulary field
        lacks, or None when the index has no such field yet. One request; search/suggest.py
        ranks the candidates."""
        # The suggester's entries are matched to the words by where they start in the text.
        text, starts, position = " ".join(words), {}, 0
        for word in words:
            starts[position] = word
            position += len(word) + 1
        body = {
            "size": 0,
            "query": {"match_none": {}},
            "suggest": {
                "text": text,
                "words": {
                    "term": {
                        "field": VOCABULARY_FIELD,
                        "analyzer": VOCABULARY_ANALYZER,
                        # Only words the vocabulary lacks: a real word is never "corrected".
                        "suggest_mode": "missing",
                        # A word may begin with å, ä or ö typed as a or o ("arskurs").
                        "prefix_length": 0,
                        # search/suggest.py sends only the words it may correct (the default
                        # minimum, 4 letters, would leave "asa" uncorrected).
                        "min_word_length": 3,
                        "max_edits": 2,
                        "size": 5,
                    }
                },
            },
        }
        index = self.get_index_for_model(model).name
        client = self.client_for_request()
        try:
            if self.use_new_elasticsearch_api:
                response = client.search(index=index, **body)
            else:
                response = client.search(index=index, body=body)
        except Exception as error:
            if getattr(error, "status_code", None) == 400 and "no mapping found" in str(error):
                # An index built before the vocabulary field existed: the engine is fine (its
                # breaker must not count this), the caller asks PostgreSQL's vocabulary instead.
                _index_without_vocabulary(index)
                return None
            raise
        candidates = {}
        for entry in response["suggest"]["words"]:
            word = starts.get(entry["offset"])
            if word is not None and entry["options"]:
                candidates[word] = [(option["text"], option["freq"]) for option in entry["options"]]
        return candidates


def swedish_backend(base, build_reader_client):
    """The Swedish variant of a modelsearch Elasticsearch/OpenSearch backend class.

    Every class in the backend that refers to the field mapping gets a subclass using ours, since
    the mapping decides the autocomplete analyzers. `build_reader_client(backend)` returns the
    client for readers' queries (the two client libraries take timeouts differently)."""
    mapping = type(
        "SwedishMapping",
        (VocabularyMappingMixin, base.mapping_class),
        {"edgengram_analyzer_config": AUTOCOMPLETE_MAPPING},
    )

    def with_mapping(cls, name):
        return type(name, (cls,), {"mapping_class": mapping})

    return type(
        f"Swedish{base.__name__}",
        (ReaderClientMixin, SpellingMixin, base),
        {
            "mapping_class": mapping,
            "index_class": with_mapping(base.index_class, "SwedishIndex"),
            "query_compiler_class": with_mapping(base.query_compiler_class, "SwedishQueryCompiler"),
            "autocomplete_query_compiler_class": with_mapping(
                base.autocomplete_query_compiler_class, "SwedishAutocompleteQueryCompiler"
            ),
            "results_class": type("SwedishResults", (SwedishResultsMixin, base.results_class), {}),
            "settings": deep_update(
                deep_update(deepcopy(base.settings), INDEX_SETTINGS), vocabulary_analysis()
            ),
            "build_reader_client": staticmethod(build_reader_client),
        },
    )
