"""Writers' profiles shown with their articles (a writer's admin account is a separate thing)."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from media_library.models import SiteImage


class Author(index.Indexed, models.Model):
    name = models.CharField("namn", max_length=150)
    role = models.CharField(
        "roll", max_length=150, help_text="T.ex. ”Lärare i matematik åk 4–6” eller ”Förskollärare”."
    )
    school = models.CharField("skola eller förskola", max_length=150, blank=True)
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authors",
    )
    bio = models.TextField(
        "om skribenten",
        max_length=800,
        blank=True,
        help_text="Några meningar om dig och ditt arbete, visas på din skribentsida.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="användarkonto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="Kontot som får redigera profilen och får den förvald på sina artiklar.",
    )
    photo = models.ForeignKey(
        SiteImage,
        verbose_name="foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("school"),
        FieldPanel("municipality"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("school"),
    ]

    class Meta:
        verbose_name = "skribent"
        verbose_name_plural = "skribenter"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"
