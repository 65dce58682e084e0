import contextlib
import itertools
from collections import Counter

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models, transaction

from core.text import ASCII_LETTERS


class SearchQueryDay(models.Model):
    """What readers searched for, per day: the query text, how often, and how many hits it gave.

    Anonymous by design: no IP address, no user, no session, no time of day.
    """

    day = models.DateField("dag", db_index=True)
    query = models.CharField("sökning", max_length=200)
    searches = models.PositiveIntegerField("antal sökningar", default=0)
    hits = models.PositiveIntegerField("träffar senast", default=0)

    class Meta:
        verbose_name = "sökning per dag"
        verbose_name_plural = "sökningar per dag"
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="unique_search_query_per_day")
        ]

    def __str__(self):
        return f"{self.day}: {self.query} ({self.searches})"

    @classmethod
    def record(cls, day, query: str, hits: int) -> None:
        """Count one search."""
        cls.record_many({(day, query): (1, hits)})

    @classmethod
    def record_many(cls, counts: dict, cursor=None) -> None:
        """Add searches per (day, query) — `counts` maps them to (searches, latest hits) — in a
        single upsert: concurrent writers never lose a count. Sorted, so that two processes
        writing the same queries take the row locks in one order."""
        table = cls._meta.db_table
        keys = sorted(counts)
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
        params = [value for key in keys for value in (*key, *counts[key])]
        with contextlib.nullcontext(cursor) if cursor else connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (day, query, searches, hits) VALUES {rows}
                ON CONFLICT (day, query)
                DO UPDATE SET searches = {table}.searches + EXCLUDED.searches,
                              hits = EXCLUDED.hits
                """,
                params,
            )


# "Did you mean" on PostgreSQL (search/suggest.py): the words of what readers may find, as they
# are written, and how many findable objects use each.
MAX_WORD_LENGTH = 50
# Taken by every change to the vocabulary, until its transaction ends: publishers that share
# words would otherwise lock the same rows in different orders and could deadlock.
VOCABULARY_LOCK = "SELECT pg_advisory_xact_lock(hashtext('search_searchword'))"


class SearchWord(models.Model):
    """A word readers may find, as written (lower case; accents other than å, ä, ö folded as the
    search folds them), and the number of findable objects (articles) that use it.

    `folded` is the word with å, ä, ö as a, a, o: its trigram index finds "lärare" for "larare",
    typed on a keyboard without those letters, as readily as any other near miss."""

    word = models.CharField("ord", max_length=MAX_WORD_LENGTH, unique=True)
    folded = models.CharField("utan å, ä, ö", max_length=MAX_WORD_LENGTH)
    articles = models.PositiveIntegerField("antal artiklar", default=0)

    class Meta:
        verbose_name = "sökord"
        verbose_name_plural = "sökord"
        indexes = [
            GinIndex(name="search_word_folded_trgm", fields=["folded"], opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return f"{self.word} ({self.articles})"

    @staticmethod
    def fold(word: str) -> str:
        return word.translate(ASCII_LETTERS)

    @classmethod
    def record(cls, source: str, object_id, words: set[str]) -> None:
        """Make `words` the words of one object (none: it can no longer be found), changing only
        the counts of the words that came or went. Runs in the caller's transaction (publishing
        rolls back with it)."""
        object_id = str(object_id)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(VOCABULARY_LOCK)
            listed = SearchWordList.objects.filter(source=source, object_id=object_id).first()
            before = set(listed.words) if listed else set()
            if words == before:
                return
            if not words:
                listed.delete()
            elif listed:
                listed.words = sorted(words)
                listed.save(update_fields=["words"])
            else:
                SearchWordList.objects.create(
                    source=source, object_id=object_id, words=sorted(words)
                )
            table = cls._meta.db_table
            added, removed = sorted(words - before), sorted(before - words)
            if added:
                cursor.execute(
                    f"""
                    INSERT INTO {table} (word, folded, articles)
                    SELECT word, folded, 1 FROM unnest(%s::text[], %s::text[]) AS t(word, folded)
                    ON CONFLICT (word) DO UPDATE SET articles = {table}.articles + 1
                    """,
                    [added, [cls.fold(word) for word in added]],
                )
            if removed:
                cursor.execute(
                    f"UPDATE {table} SET articles = GREATEST(articles - 1, 0) WHERE word = ANY(%s)",
                    [removed],
                )
                cursor.execute(
                    f"DELETE FROM {table} WHERE word = ANY(%s) AND articles = 0", [removed]
                )

    @classmethod
    def rebuild(cls, lists) -> tuple[int, int]:
        """Replace the whole vocabulary by `lists`, an iterable of (source, object id, words);
        returns the number of objects and of distinct words."""
        counts: Counter[str] = Counter()
        objects = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(VOCABULARY_LOCK)
            SearchWordList.objects.all().delete()
            cls.objects.all().delete()
            lists = iter(lists)
            while batch := list(itertools.islice(lists, 1000)):
                rows = [
                    SearchWordList(source=source, object_id=str(object_id), words=sorted(words))
                    for source, object_id, words in batch
                    if words
                ]
                SearchWordList.objects.bulk_create(rows)
                for row in rows:
                    counts.update(row.words)
                objects += len(rows)
            cls.objects.bulk_create(
                (cls(word=word, folded=cls.fold(word), articles=n) for word, n in counts.items()),
                batch_size=5000,
            )
            # Fresh statistics: the planner's choices for the suggestions' queries depend on how
            # common words are, and a rebuild replaces every row at once.
            cursor.execute(f"ANALYZE {cls._meta.db_table}, {SearchWordList._meta.db_table}")
        return objects, len(counts)


class SearchWordList(models.Model):
    """The distinct words one findable object gives SearchWord, so that publishing it again or
    unpublishing it changes only the counts of the words that came or went."""

    source = models.CharField("källa", max_length=50)
    object_id = models.CharField("objekt", max_length=64)
    words = ArrayField(models.CharField(max_length=MAX_WORD_LENGTH), verbose_name="ord")

    class Meta:
        verbose_name = "ordlista för sökförslag"
        verbose_name_plural = "ordlistor för sökförslag"
        # Which objects hold all these words (`words__contains`): whether a suggestion finds
        # anything, without a full-text search (search/suggest.py).
        indexes = [GinIndex(name="search_wordlist_words_gin", fields=["words"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id"], name="unique_search_word_list_per_object"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.object_id}: {len(self.words)} ord"
