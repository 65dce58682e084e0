"""Wagtail search backends with Swedish analysis.

`search.backends.opensearch` (OpenSearch 2/3 through opensearch-py) and
`search.backends.elasticsearch` (Elasticsearch 9) differ from modelsearch's own only in using the
Swedish index settings and the matching autocomplete search analyzer (search/analysis.py).
"""
