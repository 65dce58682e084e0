from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import MunicipalityPage
from .roles import ensure_municipality_roles


@receiver(post_save, sender=MunicipalityPage)
def give_a_new_municipality_its_roles(sender, instance, created, raw=False, **kwargs):
    """A new section gets its Skribent and Kontaktperson groups and the editors' access at once."""
    if created and not raw:
        ensure_municipality_roles(instance)


@receiver(post_page_move)
def keep_article_municipality_in_step(sender, instance, parent_page_after, **kwargs):
    """An article moved to another municipality's section belongs to that municipality."""
    from blog.models import ArticlePage

    if isinstance(instance.specific, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(municipality_id=parent_page_after.pk)
