from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.signal_handlers import clear_page_cache_when_changed

from . import visibility
from .models import FileSettings, SiteImage, SiteMedia

# Pages show these files (and their titles, alt texts, captions): editing or deleting one must
# not leave cached pages pointing at the old file or a deleted one.
clear_page_cache_when_changed(SiteImage, SiteMedia, get_document_model())


# A file becomes public when a public page starts showing it, private when the last one stops.


@receiver(page_published)
def refresh_files_of_published_page(sender, instance, **kwargs):
    visibility.refresh_pages([instance])


@receiver(page_unpublished)
def forget_files_of_unpublished_page(sender, instance, **kwargs):
    # Also sent just before a live page is deleted, while its row still says live.
    visibility.forget_page(instance)


@receiver(post_page_move)
def refresh_files_of_moved_pages(sender, instance, **kwargs):
    # Moved under a private section (or out of one): the whole subtree changes readers.
    visibility.refresh_page_and_descendants(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def refresh_files_of_restricted_pages(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # the restriction went with its page
        return
    visibility.refresh_page_and_descendants(page)


@receiver(pre_delete)
def forget_files_of_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        visibility.forget_page(instance)


# A file moved to another collection may have entered or left a public one.


@receiver(post_save, sender=SiteImage)
@receiver(post_save, sender=SiteMedia)
def place_files_of_saved_object(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    model = type(instance)
    visibility.apply_after_commit_for(model, [instance.pk])


@receiver(m2m_changed, sender=FileSettings.public_collections.through)
def place_files_of_changed_collections(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove"):
        visibility.apply_after_commit_for_collections(pk_set)
    elif action == "post_clear":
        visibility.apply_after_commit_for_collections(None)
