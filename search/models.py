from django.db import connection, models


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
        """Count one search in a single upsert: concurrent requests never lose a count."""
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (day, query, searches, hits) VALUES (%s, %s, 1, %s)
                ON CONFLICT (day, query)
                DO UPDATE SET searches = {table}.searches + 1, hits = EXCLUDED.hits
                """,
                [day, query, hits],
            )
