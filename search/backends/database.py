"""Wagtail's PostgreSQL search backend with the project's Swedish analysis (search/analysis.py).

PostgreSQL's only Swedish configuration is Snowball's `swedish`, which leaves many definite forms
alone (samtalet, skolan, närvaron) and splits no compounds, and a managed server cannot be given
dictionary files. So the text is analysed here, in Python, by the same rules and word list as the
engine's index settings: each indexed text becomes a tsvector written out lexeme by lexeme
(positions and weights included), and each query a tsquery of the analysed terms. PostgreSQL
only stores, matches and ranks them; `SEARCH_CONFIG` ("simple") is used only for searches limited
to some fields (`fields=[…]`), which read the model's own columns.

Indexing analyses the text with compound parts (skolbibliotek → skol, bibliotek at the same
position), queries without (förskolan does not find every grundskola). A plain query is all its
terms (AND) or any of them (OR), a phrase its terms at the same distances as in the query (stop
words keep their places). Autocomplete is modelsearch's own (prefixes with the `simple`
configuration).
"""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import F, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres.postgres import (
    EMPTY_VECTOR,
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.analysis import analyse_positions

# PostgreSQL keeps positions 1–16383 (higher ones become 16383) and at most 256 per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
# Positions left empty between two texts of one object (title and summary, two author names),
# so that a phrase never runs from one into the next; the engine leaves 100 between values.
TEXT_GAP = 100


def quote_lexeme(lexeme: str) -> str:
    """A lexeme for a tsvector or tsquery literal. The analysis gives letters and digits only;
    quoting is kept anyway, as PostgreSQL documents it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(texts) -> str:
    """The tsvector of (text, weight) pairs: every analysed token with its position and weight."""
    positions: dict[str, dict[int, str]] = {}
    offset = 0
    for text, weight in texts:
        analysed = analyse_positions(text)
        for position, tokens in analysed:
            # Positions count from 1 in PostgreSQL.
            place = min(offset + position + 1, MAX_POSITION)
            for token in tokens:
                positions.setdefault(token, {}).setdefault(place, weight)
        if analysed:
            offset += analysed[-1][0] + 1 + TEXT_GAP
    return " ".join(
        quote_lexeme(lexeme)
        + ":"
        + ",".join(
            f"{place}{weight}"
            for place, weight in sorted(places.items())[:MAX_POSITIONS_PER_LEXEME]
        )
        for lexeme, places in positions.items()
    )


class AnalysedSearchQuery(SearchQuery):
    """A tsquery written out here (`'skol' & 'samtal'`) and cast as it is: PostgreSQL's parser
    and dictionaries do not touch the analysed terms. Empty: matches nothing."""

    def __init__(self, tsquery: str, *, invert: bool = False):
        super().__init__(Value(tsquery, output_field=TextField()), invert=invert)

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"({sql})::tsquery"
        if self.invert:
            sql = f"!!({sql})"
        return sql, params


def plain_tsquery(text: str, operator: str) -> str:
    terms = dict.fromkeys(
        tokens[0] for _position, tokens in analyse_positions(text, for_query=True)
    )
    joiner = " & " if operator == "and" else " | "
    return joiner.join(quote_lexeme(term) for term in terms)


def phrase_tsquery(text: str) -> str:
    analysed = analyse_positions(text, for_query=True)
    if not analysed:
        return ""
    parts = [quote_lexeme(analysed[0][1][0])]
    for (before, _tokens), (position, tokens) in zip(analysed, analysed[1:], strict=False):
        distance = position - before
        parts.append(("<->" if distance == 1 else f"<{distance}>") + " " + quote_lexeme(tokens[0]))
    return " ".join(parts)


class SwedishObjectIndexer(ObjectIndexer):
    def as_vector(self, texts, for_autocomplete=False):
        if for_autocomplete:
            return super().as_vector(texts, for_autocomplete=True)
        literal = tsvector_literal((text, weight) for text, weight in texts if text.strip())
        if not literal:
            return EMPTY_VECTOR
        return Cast(Value(literal, output_field=TextField()), output_field=SearchVectorField())


class SwedishIndex(PostgresIndex):
    def add_items(self, model, objs):
        """modelsearch's own, with SwedishObjectIndexer: the library builds its ObjectIndexer
        here and offers no other place to choose the class."""
        search_fields = model.get_search_fields()
        if not search_fields:
            return
        indexers = [SwedishObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, data_params = [], []
        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            vectors = []
            for field_name, vector in (
                ("title", indexer.title),
                ("autocomplete", indexer.autocomplete),
                ("body", indexer.body),
            ):
                value = compiler.prepare_value(IndexEntry._meta.get_field(field_name), vector)
                sql, params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                data_params.extend(params)
            data_params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                    autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                data_params,
            )
        self._refresh_title_norms()


def matching_ids(model, search_query):
    """The ids of `model`'s objects whose index entry matches `search_query`, as a subquery of
    the index table alone (the expression its GIN index is on), with the ids cast to the model's
    key. modelsearch joins every object to its entry by text (`object_id = id::varchar`), which
    no index of the objects serves: a word in 15,700 of 100,000 articles joined all 100,000 (83
    ms). As `id IN (…)` the matches lead, and PostgreSQL looks their objects up by key."""
    key = model._meta.pk
    key = getattr(key, "target_field", key)  # a child page's key is its link to Page
    return (
        IndexEntry._default_manager.filter(
            content_type_id__in=get_descendants_content_types_pks(model)
        )
        .annotate(
            _vector_=CombinedExpression(
                F("title"), "||", F("body"), output_field=SearchVectorField()
            )
        )
        .filter(_vector_=search_query)
        .values_list(Cast("object_id", output_field=key.__class__()), flat=True)
    )


class SwedishSearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        """modelsearch's search, with the match as a subquery on ids (`matching_ids`); the rank
        still reads each object's entry, through the join, when it is asked for."""
        if self.fields is not None or not isinstance(self.query, (PlainText, Phrase)):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        queryset = self.queryset.filter(pk__in=matching_ids(self.queryset.model, search_query))
        return self._apply_ordering_and_scoring(
            queryset, self.rank_expression(config), start, stop, score_field
        )

    def rank_expression(self, config):
        """The relevance of each object, as modelsearch computes it (title and body)."""
        search_query = self.build_tsquery(self.query, config=config)
        return self._build_rank_expression(self.get_search_vectors(search_query), config)

    def build_tsquery_content(self, query, config=None, invert=False):
        if self.fields is not None:
            # Limited to some fields: PostgreSQL reads those columns with SEARCH_CONFIG itself,
            # so the query must be parsed the same way.
            return super().build_tsquery_content(query, config=config, invert=invert)
        if isinstance(query, PlainText):
            return AnalysedSearchQuery(
                plain_tsquery(query.query_string, query.operator), invert=invert
            )
        if isinstance(query, Phrase):
            return AnalysedSearchQuery(phrase_tsquery(query.query_string), invert=invert)
        # And, Or, Not, Boost: modelsearch's, which comes back here for each part.
        return super().build_tsquery_content(query, config=config, invert=invert)


def analyse_index_table(index) -> None:
    """Fresh planner statistics for the index table after a rebuild. With those of the table
    before it (autovacuum comes some minutes later), PostgreSQL guessed 1 match for a word in 240
    of 10,000 articles and matched every tsvector one by one instead of asking the GIN index:
    51 ms instead of 10 ms a search until autovacuum came (measured 2026-11-24). ANALYZE reads a
    sample of 30,000 rows whatever the size: well under a second."""
    with index.write_connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")


class AnalysingRebuilder(PostgresSearchRebuilder):
    def finish(self):
        super().finish()
        analyse_index_table(self.index)


class AnalysingAtomicRebuilder(PostgresSearchAtomicRebuilder):
    def finish(self):
        super().finish()  # commits the rebuild first: the statistics are of what readers see
        analyse_index_table(self.index)


class SwedishPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = SwedishSearchQueryCompiler
    index_class = SwedishIndex
    rebuilder_class = AnalysingRebuilder
    atomic_rebuilder_class = AnalysingAtomicRebuilder


SearchBackend = SwedishPostgresSearchBackend
