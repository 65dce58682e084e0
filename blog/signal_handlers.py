from django.dispatch import receiver
from wagtail.search.index import remove_object
from wagtail.signals import page_unpublished

from core.signal_handlers import clear_page_cache_when_changed

from .models import ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme

# Their names appear on pages other than their own (listings, facets, article headers).
clear_page_cache_when_changed(SchoolForm, Subject, Theme, ArticleType, Author)


@receiver(page_unpublished, sender=ArticlePage)
def take_unpublished_article_out_of_search(sender, instance, **kwargs):
    # Saving a non-live article does not remove it from the index (it is only skipped), so unpublishing must.
    remove_object(instance)
