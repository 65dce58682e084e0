"""Classification terms editors manage as snippets: school form, subject, theme, content type."""

from django.db import models
from django.db.models import Count, Q
from wagtail.admin.panels import FieldPanel


class TaxonomyQuerySet(models.QuerySet):
    def with_article_counts(self):
        """Terms with the number of live articles classified with each (no per-term query)."""
        live = Q(articles__live=True)
        return self.annotate(article_count=Count("articles", filter=live, distinct=True))


class TaxonomyTerm(models.Model):
    """A classification term editors manage: school form, subject, theme, content type."""

    name = models.CharField("namn", max_length=100, unique=True)
    slug = models.SlugField("kortnamn i adresser", max_length=100, unique=True, allow_unicode=False)
    description = models.CharField("beskrivning", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        "sorteringsordning", default=100, help_text="Lägre tal visas först."
    )

    objects = TaxonomyQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SchoolForm(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "skolform"
        verbose_name_plural = "skolformer"


class Subject(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "ämne"
        verbose_name_plural = "ämnen"


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "tema"
        verbose_name_plural = "teman"


class ArticleType(TaxonomyTerm):
    """Innehållstyp: Pedagogiskt exempel, Lektionsidé, Reflektion, …"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "innehållstyp"
        verbose_name_plural = "innehållstyper"
