"""Wagtail search backends with Swedish analysis.

`search.backends.opensearch` (OpenSearch 2/3 through opensearch-py) and
`search.backends.elasticsearch` (Elasticsearch 9) are modelsearch's own backends with the Swedish
index settings, the matching autocomplete search analyzer (search/analysis.py), results that
can return just the matching ids, and a second client for readers' queries.

Readers' queries (`reader_requests()`, used by search/engine.py) go through that second client:
short connect and read timeouts and no retries, since the reader has PostgreSQL to fall back on
and a stopped engine must cost a second at most, not the client's timeout times its retries.
Indexing (publishing, `update_index`) and the admin keep the backend's own client and its
`TIMEOUT` (SEARCH_TIMEOUT): they have no fallback, so waiting longer is the better failure.
"""

import contextlib
import contextvars
from copy import deepcopy

from modelsearch.utils import deep_update

from search.analysis import AUTOCOMPLETE_MAPPING, INDEX_SETTINGS

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


def swedish_backend(base, build_reader_client):
    """The Swedish variant of a modelsearch Elasticsearch/OpenSearch backend class.

    Every class in the backend that refers to the field mapping gets a subclass using ours, since
    the mapping decides the autocomplete analyzers. `build_reader_client(backend)` returns the
    client for readers' queries (the two client libraries take timeouts differently)."""
    mapping = type(
        "SwedishMapping", (base.mapping_class,), {"edgengram_analyzer_config": AUTOCOMPLETE_MAPPING}
    )

    def with_mapping(cls, name):
        return type(name, (cls,), {"mapping_class": mapping})

    return type(
        f"Swedish{base.__name__}",
        (ReaderClientMixin, base),
        {
            "mapping_class": mapping,
            "index_class": with_mapping(base.index_class, "SwedishIndex"),
            "query_compiler_class": with_mapping(base.query_compiler_class, "SwedishQueryCompiler"),
            "autocomplete_query_compiler_class": with_mapping(
                base.autocomplete_query_compiler_class, "SwedishAutocompleteQueryCompiler"
            ),
            "results_class": type("SwedishResults", (SwedishResultsMixin, base.results_class), {}),
            "settings": deep_update(deepcopy(base.settings), INDEX_SETTINGS),
            "build_reader_client": staticmethod(build_reader_client),
        },
    )
