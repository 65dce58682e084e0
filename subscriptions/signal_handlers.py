"""Publishing a followable page queues its announcement; the request does nothing else."""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published

from .kinds import KINDS
from .models import Announcement
from .tasks import announce, followable

logger = logging.getLogger("pedagogsajten.subscriptions")


def queue_announcement(sender, instance, **kwargs):
    """On the first publication of a page readers can see: one row and one queued task, written
    together (a publish rolled back leaves neither). A draft never gets here; a private page is
    announced when it is first published without a view restriction."""
    if not settings.SUBSCRIPTIONS_ANNOUNCE or not followable(instance):
        return
    with transaction.atomic():
        _announcement, created = Announcement.objects.get_or_create(page_id=instance.pk)
        if created:
            announce.enqueue(instance.pk)


def connect() -> None:
    for kind in KINDS:
        page_published.connect(
            queue_announcement, sender=kind.model, dispatch_uid=f"announce_{kind.slug}"
        )
