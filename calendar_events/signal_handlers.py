from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from modelsearch.conf import get_app_config
from wagtail.search.index import insert_or_update_object, remove_object
from wagtail.signals import page_unpublished, post_page_move

from .models import EventPage


@receiver(post_page_move)
def keep_event_municipality_in_step(sender, instance, parent_page_after, **kwargs):
    """An event moved to another municipality's section belongs to that municipality."""
    if isinstance(instance.specific, EventPage):
        EventPage.objects.filter(pk=instance.pk).update(municipality_id=parent_page_after.pk)


@receiver(page_unpublished, sender=EventPage)
def take_unpublished_event_out_of_search(sender, instance, **kwargs):
    # Saving a non-live page does not remove it from the index (it is only skipped).
    remove_object(instance)


def reindex_after_school_forms_change(sender, instance, action, reverse, **kwargs):
    """The school forms are written after Wagtail has indexed the page (as for articles, see
    blog/signal_handlers.py): index the event again once they are saved."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    backends = get_app_config().get_search_backend_config().values()
    if all(params.get("AUTO_UPDATE", True) is False for params in backends):
        return
    event = EventPage.objects.filter(pk=instance.pk).first()
    if event is not None:
        insert_or_update_object(event)


m2m_changed.connect(
    reindex_after_school_forms_change,
    sender=EventPage.school_forms.through,
    dispatch_uid="reindex_event_school_forms",
)
