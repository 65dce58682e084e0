import contextlib

from django.core.validators import MaxLengthValidator
from django.db import connection, models
from wagtail.models import Page

FEEDBACK_COMMENT_MAX_LENGTH = 500


class PageViewDay(models.Model):
    """How many times readers viewed a page on a day: one row per page and day, never per view.

    Anonymous by design: no IP address, user agent, cookie, session or time of day is kept.
    """

    day = models.DateField("dag")
    page = models.ForeignKey(Page, verbose_name="sida", on_delete=models.CASCADE, related_name="+")
    # The municipality section the page belonged to when viewed (the section page itself, or an
    # article's municipality), so section figures need no walk of the page tree.
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    views = models.PositiveIntegerField("visningar", default=0)

    class Meta:
        verbose_name = "sidvisningar per dag"
        verbose_name_plural = "sidvisningar per dag"
        constraints = [
            models.UniqueConstraint(fields=["day", "page"], name="unique_page_views_per_day")
        ]
        indexes = [models.Index(fields=["municipality", "day"])]
        permissions = [("view_statistics", "Kan se statistik")]

    def __str__(self):
        return f"{self.day}: sida {self.page_id} ({self.views})"

    @classmethod
    def record_many(cls, views: dict, cursor=None) -> None:
        """Add views per (day, page id, municipality id) — `views` maps them to (views, _) — in a
        single upsert: concurrent writers never lose a count. Sorted, so that two processes
        writing the same pages take the row locks in one order."""
        table = cls._meta.db_table
        keys = sorted(views, key=lambda key: (key[0], key[1]))
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
        params = [value for key in keys for value in (*key, views[key][0])]
        with contextlib.nullcontext(cursor) if cursor else connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (day, page_id, municipality_id, views) VALUES {rows}
                ON CONFLICT (day, page_id) DO UPDATE SET views = {table}.views + EXCLUDED.views
                """,
                params,
            )


class ArticleFeedback(models.Model):
    """A reader's answer to "Var det här användbart för din planering?".

    Nothing about the reader is stored: no IP address, no user agent, not even the time of day.
    """

    article = models.ForeignKey(
        "blog.ArticlePage",
        verbose_name="artikel",
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    day = models.DateField("dag")
    useful = models.BooleanField("användbar")
    comment = models.TextField(
        "kommentar", blank=True, validators=[MaxLengthValidator(FEEDBACK_COMMENT_MAX_LENGTH)]
    )

    class Meta:
        verbose_name = "återkoppling"
        verbose_name_plural = "återkoppling"
        indexes = [models.Index(fields=["article", "day"])]

    def __str__(self):
        return f"{self.day}: {'ja' if self.useful else 'nej'}"

    def useful_answer(self) -> str:
        """The answer in words for the admin's listing (a boolean column would say True/False)."""
        return "Ja" if self.useful else "Nej"

    useful_answer.short_description = "användbar"


class PublishedReadability(models.Model):
    """The LIX of a page's text as published: one row per published revision, written when the
    revision is published (insights/readability.py), so Statistik can follow readability per
    municipality and over time. Only the counts are kept, not the text (the revision has it)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", verbose_name="version", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(Page, verbose_name="sida", on_delete=models.CASCADE, related_name="+")
    # The section the page belonged to when published (an article's or event's municipality).
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("publicerad")
    words = models.PositiveIntegerField("ord")
    long_words = models.PositiveIntegerField("långa ord")
    sentences = models.PositiveIntegerField("meningar")
    lix = models.FloatField("LIX", null=True, blank=True)

    class Meta:
        verbose_name = "läsbarhet vid publicering"
        verbose_name_plural = "läsbarhet vid publicering"
        indexes = [models.Index(fields=["municipality", "published_at"])]

    def __str__(self):
        return f"{self.page_id} {self.published_at:%Y-%m-%d}: LIX {self.lix}"
