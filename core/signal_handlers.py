from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .fragment_cache import published_content_changed
from .page_cache import clear_page_cache
from .sites import align_default_site


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def clear_cached_pages_after_page_change(sender, **kwargs):
    # Deleting a live page sends page_unpublished first, so deletions are covered too.
    published_content_changed()
    clear_page_cache()


def clear_cached_pages_after_change(sender, **kwargs):
    published_content_changed()
    clear_page_cache()


def clear_page_cache_when_changed(*models) -> None:
    """For models whose names appear on pages other than their own (a school form's name in
    every listing's facets): saving or deleting one empties the page cache. Feature apps call
    this for their own models, so the kernel needs to know none of them."""
    for model in models:
        post_save.connect(clear_cached_pages_after_change, sender=model)
        post_delete.connect(clear_cached_pages_after_change, sender=model)


# Making a page private (or public again) changes who may see it and everything listed with it:
# a cached copy must not outlive the restriction.
clear_page_cache_when_changed(PageViewRestriction)
# A site's address is in every page's links, and its root is where routes start (core/route_cache.py).
clear_page_cache_when_changed(Site)


@receiver(post_migrate)
def give_the_site_its_public_address(sender, app_config=None, **kwargs):
    # post_migrate is sent once per app; the Site table is wagtailcore's.
    if app_config is not None and app_config.label == "wagtailcore" and settings.SITE_BASE_URL:
        align_default_site(settings.SITE_BASE_URL)


@receiver(post_migrate)
def renew_cached_fragments_after_migrating(sender, app_config=None, **kwargs):
    # Every release runs the migrations: fragments and routes kept by the code before it (its
    # templates, its routing) must not outlive it. post_migrate is sent once per app: once is
    # enough.
    if app_config is not None and app_config.label == "wagtailcore":
        published_content_changed()
