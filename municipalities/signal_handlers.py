from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from blog.models import ArticlePage

from .models import MunicipalityPage
from .notifications import notify_article_published
from .roles import ensure_municipality_roles


@receiver(post_save, sender=MunicipalityPage)
def give_a_new_municipality_its_roles(sender, instance, created, raw=False, **kwargs):
    """A new section gets its Skribent and Kontaktperson groups and the editors' access at once."""
    if created and not raw:
        ensure_municipality_roles(instance)


@receiver(post_page_move)
def keep_article_municipality_in_step(sender, instance, parent_page_after, **kwargs):
    """An article moved to another municipality's section belongs to that municipality."""
    if isinstance(instance.specific, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(municipality_id=parent_page_after.pk)


@receiver(page_published, sender=ArticlePage)
def tell_writer_and_contacts_about_publication(sender, instance, revision, **kwargs):
    # Only the first publication is news to them; later corrections are not.
    if (
        instance.first_published_at is None
        or instance.first_published_at == instance.last_published_at
    ):
        notify_article_published(instance)
