"""Elasticsearch 9 with the same Swedish analysis as OpenSearch. Tested only against OpenSearch
here: an Elasticsearch with its analysis modules cannot be obtained on this project's machines."""

from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.backends import swedish_backend


def reader_client(backend):
    """The same client with other per-request options (elasticsearch-py's `options`, which shares
    the connections). Its request timeout covers connecting and reading together, so the read
    timeout bounds both."""
    _connect, read = backend.reader_timeouts
    return backend.es.options(request_timeout=read, max_retries=0, retry_on_timeout=False)


SearchBackend = swedish_backend(Elasticsearch9SearchBackend, reader_client)
