"""Faceted search: one page of hits, the exact number of matches and every facet's counts, in
one request to the engine or one SQL statement after PostgreSQL's text search.

It knows no page model. Callers give the queryset of what may be found and a `FacetedQuery`:
the text, the facets (each a relation of the model to terms, a foreign key or many-to-many field,
and the `FilterField` holding the same term ids in the engine), the chosen term ids per facet, a
fixed scope, the sort and the page.

Facet counts are disjunctive, as readers expect: a facet's counts apply every *other* chosen
facet but not its own, so each number says how many hits choosing that term would give.

- Elasticsearch/OpenSearch (`_engine_answer`): one search request. `query` is modelsearch's
  compiled text query (its filters included: live, public) with the scope added as filters;
  `post_filter` applies the chosen terms to the hits only; `aggs` holds one `terms` aggregation
  per facet inside a `filter` of the other facets' choices; `track_total_hits` makes the total
  exact however many match; `from`/`size` give the page. The field names come from modelsearch's
  mapping of the model's `search_fields`.
- PostgreSQL (`_database_answer`): one statement. Its base is the SQL of the backend's queryset
  for the text (every match, so no ids travel to Python and back) or of the queryset itself for
  a listing; then one grouped branch per facet (`UNION ALL`), the total and the page. A
  many-to-many facet is counted from an integer array on the model's own row when the facet
  names one (`Facet.terms_column`, kept by triggers), else through its link table: at 100,000
  articles a join over the link table cost 70–90 ms for a word in nearly every article.
  Ranking (`ts_rank` over each match's stored text) is what grows with the number of matches,
  so only the RANKED_MATCHES newest matches (of those the chosen facets keep) are ranked, in
  the same statement: a search finding fewer is ranked in full; a broad one (`elever`, in nearly
  every article) shows the best of its newest matches first, then the others newest first, with
  the total and every count still exact. The rows are read and marked once; every further step
  over all of them (a count, the page's sort) costs 10–25 ms at 98,600 matches, so the page is
  taken from the ranked matches and the newest-first order without joining the two. The
  matches meet their articles and live pages in id order (a merge join, `MERGE_BY_ID`), which
  copies neither into a hash table.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL
from modelsearch.query import MATCH_ALL
from wagtail.search.backends import get_search_backend

# Elasticsearch's and OpenSearch's `index.max_result_window` (default 10,000): `from + size` may
# not go past it, so pages beyond it cannot be asked for (the total stays exact).
MAX_RESULT_WINDOW = 10_000
# Terms counted per facet: more than any taxonomy here has, and cheap for the engine.
TERMS_PER_FACET = 500
# PostgreSQL ranks at most this many matches, the newest (module docstring). Ranking took about
# 2 ms per 1,000 matches and column on this machine: a word in every article of 100,000 cost
# most of a second.
RANKED_MATCHES = 2_000


@dataclass(frozen=True)
class Restriction:
    """A fixed part of a listing the reader cannot remove (a school form's page, an author's
    page): matches must have one of `values` in the filter field `field`. `lookup` is the ORM
    lookup the database backend filters with (default: the field's name)."""

    field: str
    values: tuple[int, ...]
    lookup: str = ""


@dataclass(frozen=True)
class Facet:
    """Terms to count: `relation` is the model's foreign key or many-to-many field to them
    (PostgreSQL counts through it), `field` the filter field with their ids in the engine's
    index (default: the relation itself, as FilterField("article_type")).

    `terms_column`, for a many-to-many relation: a column of the model's table holding the same
    term ids as an integer array, kept by triggers on the link table (search/migrations/
    0005_term_arrays.py). PostgreSQL then counts the terms from the matches' own rows instead of
    joining the link table."""

    relation: str
    field: str = ""
    terms_column: str = ""

    @property
    def filter_field(self) -> str:
        return self.field or self.relation


@dataclass(frozen=True)
class FacetedQuery:
    text: str  # empty: everything in the queryset (a listing)
    facets: tuple[Facet, ...]  # what to count; answers are keyed by each facet's relation
    chosen: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (relation, chosen term ids), AND-ed
    scope: tuple[Restriction, ...] = ()
    newest_first: bool = False  # else by relevance (without text: always newest first)
    date_field: str = "publication_date"  # newest first: this field, then `id_field`, descending
    id_field: str = "id"  # the model's id as a filter field (Wagtail's Page has FilterField("id"))
    offset: int = 0
    limit: int = 10

    def cache_key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()


@dataclass
class FacetedAnswer:
    ids: list[int]  # the page, in display order
    total: int  # every match, exact
    counts: dict[str, dict[int, int]] = field(default_factory=dict)  # relation -> id -> hits
    offset: int = 0  # the page given: a page past the end gives the last one


def page_offset(offset: int, limit: int, total: int) -> int:
    """The offset of the page to show: the one asked for, or the last page when it is past the
    end (or past what the engine can page to)."""
    reachable = min(total, MAX_RESULT_WINDOW)
    if reachable <= 0:
        return 0
    last = (reachable - 1) // limit * limit
    return max(0, min(offset, last))


def run(queryset, query: FacetedQuery, backend_name: str) -> FacetedAnswer:
    """Ask one backend. Raises whatever the backend raises (search/engine.py falls back)."""
    backend = get_search_backend(backend_name)
    if hasattr(backend.results_class, "_get_es_body"):
        return _engine_answer(queryset, query, backend_name)
    return _database_answer(queryset, query, backend_name)


# --- Elasticsearch / OpenSearch ------------------------------------------------------------------


def _filter_columns(results):
    """Names of the model's filter fields in the index, from modelsearch's own mapping."""
    compiler = results.query_compiler
    fields = {
        search_field.field_name: search_field
        for search_field in compiler.queryset.model.get_filterable_search_fields()
    }

    def column(name: str) -> str:
        if name not in fields:
            raise LookupError(f"{compiler.queryset.model.__name__} has no FilterField {name!r}")
        return compiler.mapping.get_field_column_name(fields[name])

    return column


def engine_body(results, query: FacetedQuery) -> dict:
    """The body of the one search request (without paging, which goes with the parameters)."""
    column = _filter_columns(results)
    fields = {facet.relation: facet.filter_field for facet in query.facets}
    body = results._get_es_body()
    scope = [{"terms": {column(part.field): list(part.values)}} for part in query.scope]
    if scope:
        body["query"] = {"bool": {"must": [body["query"]], "filter": scope}}
    chosen = {
        name: {"terms": {column(fields.get(name, name)): list(ids)}} for name, ids in query.chosen
    }
    if chosen:
        body["post_filter"] = {"bool": {"filter": list(chosen.values())}}
    body["aggs"] = {
        facet.relation: {
            # Every other facet's choice, not this one's: what choosing a term would give.
            "filter": {
                "bool": {"filter": [f for other, f in chosen.items() if other != facet.relation]}
            },
            "aggs": {
                "terms": {"terms": {"field": column(facet.filter_field), "size": TERMS_PER_FACET}}
            },
        }
        for facet in query.facets
    }
    body["track_total_hits"] = True
    tiebreak = {column(query.id_field): "desc"}
    if query.newest_first or not query.text:
        body["sort"] = [{column(query.date_field): "desc"}, tiebreak]
    else:
        body["sort"] = ["_score", tiebreak]
    return body


def _engine_answer(queryset, query: FacetedQuery, backend_name: str) -> FacetedAnswer:
    results = queryset.search(query.text or MATCH_ALL, operator="and", backend=backend_name)
    body = engine_body(results, query)
    index = results.backend.get_index_for_model(results.query_compiler.queryset.model).name

    def ask(offset: int) -> dict:
        return results._backend_do_search(
            body,
            index=index,
            _source=False,
            **{results.fields_param_name: "pk"},
            from_=offset,
            size=query.limit,
        )

    offset = page_offset(query.offset, query.limit, MAX_RESULT_WINDOW)
    response = ask(offset)
    total = response["hits"]["total"]
    total = total["value"] if isinstance(total, dict) else int(total)
    if page_offset(offset, query.limit, total) != offset:  # past the end: the last page
        offset = page_offset(offset, query.limit, total)
        response = ask(offset)
    aggregations = response.get("aggregations", {})
    return FacetedAnswer(
        ids=[int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]],
        total=total,
        counts={
            facet.relation: {
                int(bucket["key"]): bucket["doc_count"]
                for bucket in aggregations[facet.relation]["terms"]["buckets"]
            }
            for facet in query.facets
        },
        offset=offset,
    )


# --- PostgreSQL ----------------------------------------------------------------------------------


def _scoped(queryset, query: FacetedQuery):
    model = queryset.model
    for part in query.scope:
        # A semi-join rather than a join: an article linked twice to the same author (or term)
        # is still one article.
        within = model._base_manager.filter(**{f"{part.lookup or part.field}__in": part.values})
        queryset = queryset.filter(pk__in=within.values("pk"))
    return queryset


RANK = "_faceted_rank"


def _database_answer(queryset, query: FacetedQuery, backend_name: str) -> FacetedAnswer:
    scoped = _scoped(queryset, query)
    matches = rank = None
    if query.text:
        # The backend's queryset of the matches and its relevance expression: their SQL
        # becomes part of the one statement, so no ids travel (search/backends/database.py).
        results = scoped.search(query.text, operator="and", backend=backend_name)
        matches = results.get_queryset()
        rank = results.query_compiler.rank_expression(
            results.query_compiler.get_config(results.backend)
        )
    try:
        sql, params = facet_statement(scoped, query, matches, rank)
    except EmptyResultSet:  # the backend knew at once that nothing can match (queryset.none())
        return FacetedAnswer(ids=[], total=0, counts={facet.relation: {} for facet in query.facets})
    rows = _run_statement(sql, params, text_search=matches is not None)
    counts = {facet.relation: {} for facet in query.facets}
    page, total = [], 0
    for kind, key, number in rows:
        if kind == "#":
            page.append((number, key))
        elif kind == "":
            total = number
        else:
            counts[kind][key] = number
    return FacetedAnswer(
        ids=[key for _position, key in sorted(page)],
        total=total,
        counts=counts,
        offset=page_offset(query.offset, query.limit, total),
    )


# PostgreSQL's planner prices `@@` on a tsvector like any cheap operator, so when a word is in
# most articles it reads every index entry and matches each tsvector itself (70 ms at 10,000
# articles) rather than taking the matches from the GIN index (3 ms: the index answers a query
# of plain words exactly, nothing is rechecked). Sequential scans are turned off for the text
# search statement only: SET LOCAL in the same round trip, set back to the default after it (an
# enclosing transaction keeps nothing). Measured at 10,000 articles: the statement's p95 from
# 120 ms to 75 ms.
PREFER_INDEXES = "enable_seqscan", "off"
# The statement keeps every match in memory several times over (the matches, the marked rows;
# about 14 MB for 98,600 matches at 100,000 articles). With the default 4 MB each was written to
# a temporary file and read back by every count.
ENOUGH_MEMORY = "work_mem", "'64MB'"
ONE_PROCESS = "max_parallel_workers_per_gather", "0"
# The matches, the articles' covering index and the live pages are joined by id. PostgreSQL
# prices a hash join of them below a merge join, but a hash join copies every article's row
# (with its term arrays) into a table first, and the pages' ids into another: at 100,000
# articles, for a word in 98,600 of them, 135 ms against 69 ms for merging the three in id
# order (both indexes are in id order; only the matches are sorted). Few matches still take
# the nested loop over the indexes.
MERGE_BY_ID = "enable_hashjoin", "off"


def _run_statement(sql: str, params: list, *, text_search: bool) -> list[tuple]:
    settings = [ENOUGH_MEMORY, *([PREFER_INDEXES, ONE_PROCESS, MERGE_BY_ID] if text_search else [])]
    # Several statements in one execute need client-side binding (Django's default for psycopg;
    # OPTIONS server_side_binding turns it off, and the statement then runs with the defaults).
    if connection.settings_dict["OPTIONS"].get("server_side_binding"):
        settings = []
    before = "".join(f"SET LOCAL {name} = {value}; " for name, value in settings)
    after = "".join(f"; SET LOCAL {name} TO DEFAULT" for name, _value in settings)
    with connection.cursor() as cursor:
        cursor.execute(f"{before}{sql}{after}", params)
        for _setting in settings:
            cursor.nextset()
        return cursor.fetchall()


@dataclass
class _Facet:
    name: str
    column: str  # the foreign key's column in the base rows (fk facets)
    through: str = ""  # many-to-many: the link table with its two columns
    source: str = ""
    target: str = ""
    terms: str = ""  # many-to-many with Facet.terms_column: the array's column in the base rows
    terms_column: str = ""  # ... and in the model's table


def _describe_facets(model, names, terms_columns: dict[str, str]) -> list[_Facet]:
    quote = connection.ops.quote_name
    described = []
    for position, name in enumerate(names):
        model_field = model._meta.get_field(name)
        if model_field.many_to_many and terms_columns.get(name):
            described.append(
                _Facet(name, column="", terms=f"a{position}", terms_column=terms_columns[name])
            )
        elif model_field.many_to_many:
            described.append(
                _Facet(
                    name,
                    column="",
                    through=quote(model_field.m2m_db_table()),
                    source=quote(model_field.m2m_column_name()),
                    target=quote(model_field.m2m_reverse_name()),
                )
            )
        elif model_field.many_to_one:
            described.append(_Facet(name, column=f"f{position}"))
        else:
            raise ValueError(f"{model.__name__}.{name} is not a relation to terms")
    return described


def facet_statement(scoped, query: FacetedQuery, matches=None, rank=None):
    """The one statement: facet counts, the total and the page, as rows (kind, key, number):
    (facet, term id, hits), ("", None, total) and ("#", id, position on the page).

    `matches`: the text search's queryset of what it finds, or None for everything `scoped`
    allows (a listing); `rank`: the expression of a match's relevance."""
    model = scoped.model
    chosen = dict(query.chosen)
    counted = [facet.relation for facet in query.facets]
    # A chosen facet that is not counted still needs its condition.
    names = [*counted, *sorted(set(chosen) - set(counted))]
    facets = _describe_facets(
        model, names, {facet.relation: facet.terms_column for facet in query.facets}
    )
    by_name = {facet.name: facet for facet in facets}
    foreign_keys = [facet for facet in facets if facet.column]
    arrays = [facet for facet in facets if facet.terms]
    # Columns Django does not know, read as they are from the model's table.
    table = connection.ops.quote_name(model._meta.db_table)
    array_values = {
        f"_faceted_{facet.terms}": RawSQL(
            f"{table}.{connection.ops.quote_name(facet.terms_column)}", ()
        )
        for facet in arrays
    }

    # The base rows: what the queryset (live, public, the scope, the text) allows, as plain
    # columns: every match of the text, or everything `scoped` allows for a listing.
    rows = (matches if matches is not None else scoped).annotate(**array_values)
    fields = ["pk", *[facet.name for facet in foreign_keys], *array_values, query.date_field]
    columns = [
        "id",
        *[facet.column for facet in foreign_keys],
        *[facet.terms for facet in arrays],
        "d",
    ]
    base_sql, base_params = rows.order_by().values_list(*fields).query.sql_with_params()
    params: list = []  # the marks', then the base rows' (the order they are written in)

    # One boolean per chosen facet: whether the row has one of its chosen terms.
    marks = []
    for name, ids in query.chosen:
        facet = by_name[name]
        if facet.column:
            marks.append(f"b.{facet.column} = ANY(%s) AS m_{name}")
        elif facet.terms:
            marks.append(f"b.{facet.terms} && %s::integer[] AS m_{name}")
        else:
            marks.append(
                f"b.id IN (SELECT t.{facet.source} FROM {facet.through} AS t "
                f"WHERE t.{facet.target} = ANY(%s)) AS m_{name}"
            )
        params.append(list(ids))

    def all_chosen_but(skip: str | None) -> str:
        conditions = [f"m.m_{name}" for name in chosen if name != skip]
        return " AND ".join(conditions) or "TRUE"

    branches, branch_params = [], []
    for facet in facets:
        if facet.name not in counted:
            continue
        if facet.column:
            branches.append(
                f"SELECT %s, m.{facet.column}, count(*) FROM marked AS m "
                f"WHERE {all_chosen_but(facet.name)} AND m.{facet.column} IS NOT NULL "
                f"GROUP BY m.{facet.column}"
            )
        elif facet.terms:
            # The matches grouped by their array first (a few hundred different ones), then
            # each array's terms counted: one step per match, not one per term of each match.
            branches.append(
                f"SELECT %s, k.term, sum(g.n)::bigint FROM ("
                f"SELECT m.{facet.terms} AS terms, count(*) AS n FROM marked AS m "
                f"WHERE {all_chosen_but(facet.name)} GROUP BY m.{facet.terms}) AS g "
                "CROSS JOIN LATERAL unnest(g.terms) AS k(term) GROUP BY k.term"
            )
        else:
            branches.append(
                f"SELECT %s, t.{facet.target}, count(*) FROM marked AS m "
                f"JOIN {facet.through} AS t ON t.{facet.source} = m.id "
                f"WHERE {all_chosen_but(facet.name)} GROUP BY t.{facet.target}"
            )
        branch_params.append(facet.name)

    # The page: the one asked for, or the last one when it is past the end (as page_offset).
    window_last = f"LEAST(n, {MAX_RESULT_WINDOW})"
    first = (
        f"(SELECT CASE WHEN n = 0 THEN 0 ELSE LEAST(%s, ({window_last} - 1) / %s * %s) END "
        "FROM total)"
    )
    first_params = [max(0, query.offset), query.limit, query.limit]
    newest_order = "d DESC, id DESC"
    ranked_ctes, ranked_params = "", []
    if matches is not None and not query.newest_first:
        # By relevance. Only the newest RANKED_MATCHES matches are ranked (module docstring):
        # they come first, best first, ties by id descending (modelsearch's own order); the
        # others follow newest first. The ranked ones are the first of the newest-first order, so
        # the page's places past them are the same places of that order: neither part needs
        # every match joined to its rank or sorted, only the page's own rows. Each ranked match
        # is found by its id (it matched already, so the text is not matched again).
        newest_ids = RawSQL("SELECT id FROM newest", ())
        ranked_sql, ranked_params = (
            scoped.model._base_manager.filter(pk__in=newest_ids)
            .annotate(**{RANK: rank})
            .order_by()
            .values_list("pk", RANK)
            .query.sql_with_params()
        )
        ranked_ctes = (
            ", newest AS MATERIALIZED "
            f"(SELECT id FROM matched ORDER BY {newest_order} LIMIT {RANKED_MATCHES}), "
            f"ranked(id, rank) AS MATERIALIZED ({ranked_sql}), "
            "ranked_count AS (SELECT count(*) AS r FROM ranked)"
        )
        past_ranked = f"GREATEST({first}, (SELECT r FROM ranked_count))"
        page = (
            "SELECT '#', id, place FROM ("
            "SELECT id, row_number() OVER (ORDER BY rank DESC NULLS LAST, id DESC) AS place FROM ("
            f"SELECT id, rank FROM ranked ORDER BY rank DESC NULLS LAST, id DESC "
            f"LIMIT %s OFFSET {first}"
            ") AS best) AS best "
            "UNION ALL "
            f"SELECT '#', id, {RANKED_MATCHES} + place FROM ("
            f"SELECT id, row_number() OVER (ORDER BY {newest_order}) AS place FROM ("
            f"SELECT id, d FROM matched ORDER BY {newest_order} "
            f"LIMIT GREATEST(0, {first} + %s - {past_ranked}) OFFSET {past_ranked}"
            ") AS rest) AS rest"
        )
        page_params = [
            query.limit,
            *first_params,
            *first_params,
            query.limit,
            *first_params,
            *first_params,
        ]
    else:
        # Newest first (a listing, or a search sorted by date): only the page is sorted (a top-N
        # sort), not every match.
        page = (
            f"SELECT '#', id, row_number() OVER (ORDER BY {newest_order}) FROM ("
            f"SELECT id, d FROM matched ORDER BY {newest_order} LIMIT %s OFFSET {first}) AS p"
        )
        page_params = [query.limit, *first_params]
    marked_columns = ", ".join(["b.*", *marks]) if marks else "b.*"
    # Without a chosen facet every marked row is a match: `matched` is then only another name,
    # not a second copy of 98,600 rows.
    matched = (
        f"matched AS (SELECT id, d FROM marked AS m WHERE {all_chosen_but(None)})"
        if chosen
        else "matched AS NOT MATERIALIZED (SELECT id, d FROM marked)"
    )
    # MATERIALIZED: the rows are read once (the text matched once) and kept with their marks;
    # as a plain subquery, a planner without statistics (a freshly loaded database) re-ran it
    # for every count.
    sql = (
        f"WITH marked AS MATERIALIZED (SELECT {marked_columns} "
        f"FROM ({base_sql}) AS b({', '.join(columns)})), "
        f"{matched}, "
        f"total AS (SELECT count(*) AS n FROM matched){ranked_ctes} "
        + " UNION ALL ".join([*branches, "SELECT '', NULL::bigint, n FROM total", page])
    )
    return sql, [*params, *base_params, *ranked_params, *branch_params, *page_params]
