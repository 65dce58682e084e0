"""What a backup counts: the models whose row counts the manifest records and a restore compares.

Models are named by label through the app registry, so this app depends on no feature app: a
label that is not installed is simply not counted.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtailmedia import get_media_model


@dataclass(frozen=True)
class CountedModel:
    label: str
    table: str
    name: str  # Swedish, for the summaries
    has_uploads: bool  # its rows point at files under MEDIA_ROOT


@functools.cache
def counted_models() -> tuple[CountedModel, ...]:
    """Every counted model, in summary order (the app registry does not change while running)."""
    image_model = get_image_model()
    uploads = {
        image_model._meta.label: "bilder",
        get_document_model()._meta.label: "dokument",
        get_media_model()._meta.label: "ljud och video",
    }
    names = {
        "wagtailcore.Page": "sidor",
        "wagtailcore.Revision": "versioner",
        "blog.ArticlePage": "artiklar",
        **uploads,
        image_model.get_rendition_model()._meta.label: "bildvarianter",
        get_user_model()._meta.label: "användare",
        "blog.Author": "skribenter",
        "insights.ArticleFeedback": "läsarsvar",
        "wagtailcore.Collection": "samlingar",
    }
    counted = []
    for label, name in names.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counted.append(CountedModel(label, model._meta.db_table, name, label in uploads))
    return tuple(counted)


def swedish_name(label: str) -> str:
    """The summary's name for a label from an archive, which may come from another version."""
    names = {model.label: model.name for model in counted_models()}
    return names.get(label, label)
