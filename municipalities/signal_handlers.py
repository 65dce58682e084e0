from django.dispatch import receiver
from wagtail.signals import post_page_move


@receiver(post_page_move)
def keep_article_municipality_in_step(sender, instance, parent_page_after, **kwargs):
    """An article moved to another municipality's section belongs to that municipality."""
    from blog.models import ArticlePage

    if isinstance(instance.specific, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(municipality_id=parent_page_after.pk)
