from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from search.backends import swedish_backend

SearchBackend = swedish_backend(OpenSearch3SearchBackend)
