"""Elasticsearch 9 with the same Swedish analysis as OpenSearch. Tested only against OpenSearch
here: an Elasticsearch with its analysis modules cannot be obtained on this project's machines."""

from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.backends import swedish_backend

SearchBackend = swedish_backend(Elasticsearch9SearchBackend)
