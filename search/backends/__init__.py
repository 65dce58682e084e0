"""Wagtail search backends with Swedish analysis.

`search.backends.opensearch` (OpenSearch 2/3 through opensearch-py) and
`search.backends.elasticsearch` (Elasticsearch 9) differ from modelsearch's own in using the
Swedish index settings, the matching autocomplete search analyzer (search/analysis.py), and in
offering `matching_ids()` on results.
"""


class MatchingIdsMixin:
    """Results that can give just the matching ids, best first, in one request.

    Iterating modelsearch's results pages through the scroll API 100 hits at a time and loads every
    object from the database; faceting needs only the ids (measured: 1.6 s for 10,000 hits)."""

    def matching_ids(self, limit: int) -> list[int]:
        params = {
            "index": self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            "_source": False,
            self.fields_param_name: "pk",
            "size": limit,
        }
        response = self._backend_do_search(self._get_es_body(), **params)
        return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]
