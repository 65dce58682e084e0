"""Elasticsearch 9 with the same Swedish analysis as OpenSearch. Tested only against OpenSearch
here: an Elasticsearch with its analysis modules cannot be obtained on this project's machines."""

from copy import deepcopy

from modelsearch.backends import elasticsearch9 as base
from modelsearch.utils import deep_update

from search.analysis import AUTOCOMPLETE_MAPPING, INDEX_SETTINGS
from search.backends import MatchingIdsMixin


class SwedishElasticsearchMapping(base.Elasticsearch9Mapping):
    edgengram_analyzer_config = AUTOCOMPLETE_MAPPING


class SwedishElasticsearchIndex(base.Elasticsearch9Index):
    mapping_class = SwedishElasticsearchMapping


class SwedishElasticsearchQueryCompiler(base.Elasticsearch9SearchQueryCompiler):
    mapping_class = SwedishElasticsearchMapping


class SwedishElasticsearchAutocompleteQueryCompiler(base.Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = SwedishElasticsearchMapping


class SwedishElasticsearchResults(MatchingIdsMixin, base.Elasticsearch9SearchResults):
    pass


class SwedishElasticsearchBackend(base.Elasticsearch9SearchBackend):
    mapping_class = SwedishElasticsearchMapping
    index_class = SwedishElasticsearchIndex
    query_compiler_class = SwedishElasticsearchQueryCompiler
    autocomplete_query_compiler_class = SwedishElasticsearchAutocompleteQueryCompiler
    results_class = SwedishElasticsearchResults
    settings = deep_update(deepcopy(base.Elasticsearch9SearchBackend.settings), INDEX_SETTINGS)


SearchBackend = SwedishElasticsearchBackend
