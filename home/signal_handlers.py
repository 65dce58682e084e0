from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.models import ArticleType, Author, SchoolForm, Subject, Theme

from .page_cache import clear_page_cache

# Snippets whose names appear on pages other than their own (listings, facets, article headers).
SHOWN_ON_PAGES = (SchoolForm, Subject, Theme, ArticleType, Author)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def clear_cached_pages_after_page_change(sender, **kwargs):
    # Deleting a live page sends page_unpublished first, so deletions are covered too.
    clear_page_cache()


def clear_cached_pages_after_snippet_change(sender, **kwargs):
    clear_page_cache()


for model in SHOWN_ON_PAGES:
    post_save.connect(clear_cached_pages_after_snippet_change, sender=model)
    post_delete.connect(clear_cached_pages_after_snippet_change, sender=model)
