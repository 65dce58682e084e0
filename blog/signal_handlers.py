from django.dispatch import receiver
from wagtail.search.index import remove_object
from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage
from .notifications import notify_article_published


@receiver(page_published, sender=ArticlePage)
def tell_writer_and_contacts_about_publication(sender, instance, revision, **kwargs):
    # Only the first publication is news to them; later corrections are not.
    if (
        instance.first_published_at is None
        or instance.first_published_at == instance.last_published_at
    ):
        notify_article_published(instance)


@receiver(page_unpublished, sender=ArticlePage)
def take_unpublished_article_out_of_search(sender, instance, **kwargs):
    # Saving a non-live article does not remove it from the index (it is only skipped), so unpublishing must.
    remove_object(instance)
