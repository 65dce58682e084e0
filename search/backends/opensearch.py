from copy import deepcopy

from modelsearch.backends import opensearch3 as base
from modelsearch.utils import deep_update

from search.analysis import AUTOCOMPLETE_MAPPING, INDEX_SETTINGS
from search.backends import MatchingIdsMixin


class SwedishOpenSearchMapping(base.OpenSearch3Mapping):
    edgengram_analyzer_config = AUTOCOMPLETE_MAPPING


class SwedishOpenSearchIndex(base.OpenSearch3Index):
    mapping_class = SwedishOpenSearchMapping


class SwedishOpenSearchQueryCompiler(base.OpenSearch3SearchQueryCompiler):
    mapping_class = SwedishOpenSearchMapping


class SwedishOpenSearchAutocompleteQueryCompiler(base.OpenSearch3AutocompleteQueryCompiler):
    mapping_class = SwedishOpenSearchMapping


class SwedishOpenSearchResults(MatchingIdsMixin, base.OpenSearch3SearchResults):
    pass


class SwedishOpenSearchBackend(base.OpenSearch3SearchBackend):
    mapping_class = SwedishOpenSearchMapping
    index_class = SwedishOpenSearchIndex
    query_compiler_class = SwedishOpenSearchQueryCompiler
    autocomplete_query_compiler_class = SwedishOpenSearchAutocompleteQueryCompiler
    results_class = SwedishOpenSearchResults
    settings = deep_update(deepcopy(base.OpenSearch3SearchBackend.settings), INDEX_SETTINGS)


SearchBackend = SwedishOpenSearchBackend
