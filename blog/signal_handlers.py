from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from modelsearch.conf import get_app_config
from taggit.models import Tag
from wagtail.search.index import insert_or_update_object, remove_object
from wagtail.signals import page_published, page_unpublished

from core.signal_handlers import clear_page_cache_when_changed

from .models import (
    ArticleAuthor,
    ArticlePage,
    ArticlePageTag,
    ArticleType,
    Author,
    SchoolForm,
    Subject,
    Theme,
)

# Their names appear on pages other than their own (listings, facets, article headers) and in
# cached search answers: saving or deleting one renews the generation of published content.
clear_page_cache_when_changed(SchoolForm, Subject, Theme, ArticleType, Author, Tag)


@receiver(page_published, sender=ArticlePage)
def keep_the_publication_date_in_the_revision(sender, instance, revision, **kwargs):
    """Publishing gave a dateless article the day of approval (ArticlePage.save); the published
    revision keeps it too, so editing the article later shows that date and republishing keeps it."""
    if instance.publication_date is None:
        return  # approved for a later day: dated when it goes live (publish_scheduled)
    if revision is not None and not revision.content.get("publication_date"):
        revision.content["publication_date"] = instance.publication_date.isoformat()
        revision.save(update_fields=["content"])


@receiver(page_unpublished, sender=ArticlePage)
def take_unpublished_article_out_of_search(sender, instance, **kwargs):
    # Saving a non-live article does not remove it from the index (it is only skipped), so unpublishing must.
    remove_object(instance)


# The index must see an article's classification as saved. Wagtail indexes a page on post_save,
# from a fresh copy read from the database, but a page's many-to-many fields and child relations
# (school forms, subjects, themes, tags, authors) are written only after that, when the cluster
# commits: without this, publishing a new school form left the old one in both search indexes
# (engine and PostgreSQL) until the next save, and facet filters and counts wrong with it.
def reindex_article(page_id) -> None:
    backends = get_app_config().get_search_backend_config().values()
    if all(params.get("AUTO_UPDATE", True) is False for params in backends):
        return  # indexing is off (bulk imports index once at the end)
    article = ArticlePage.objects.filter(pk=page_id).first()
    if article is not None:  # a link deleted with its article: the article leaves the index
        insert_or_update_object(article)


def reindex_after_classification_change(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        reindex_article(instance.pk)


for relation in (ArticlePage.school_forms, ArticlePage.subjects, ArticlePage.themes):
    m2m_changed.connect(
        reindex_after_classification_change,
        sender=relation.through,
        dispatch_uid=f"reindex_article_{relation.field.name}",
    )


def reindex_after_author_change(sender, instance, **kwargs):
    reindex_article(instance.page_id)


def reindex_after_tag_change(sender, instance, **kwargs):
    reindex_article(instance.content_object_id)


for signal in (post_save, post_delete):
    signal.connect(reindex_after_author_change, sender=ArticleAuthor, weak=False)
    signal.connect(reindex_after_tag_change, sender=ArticlePageTag, weak=False)
