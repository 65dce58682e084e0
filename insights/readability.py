"""The LIX of every published revision of a page that has a municipality and a body (articles
and events), stored for Statistik. The text is measured with the kernel's one LIX function
(core/readability.py), the same rules the editor's side panel shows as the writer types."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from core.readability import lix, page_text

from .models import PublishedReadability


def measured(page) -> bool:
    """Pages whose readability is followed: those filed under a municipality, with a body."""
    return hasattr(page, "municipality_id") and hasattr(page, "body")


def record(page, revision, published_at=None) -> PublishedReadability:
    counts = lix(page_text(page))
    row, _created = PublishedReadability.objects.update_or_create(
        revision=revision,
        defaults={
            "page_id": page.pk,
            "municipality_id": page.municipality_id,
            "published_at": published_at or page.last_published_at or timezone.now(),
            "words": counts.words,
            "long_words": counts.long_words,
            "sentences": counts.sentences,
            "lix": counts.value,
        },
    )
    return row


@receiver(page_published)
def record_readability_of_published_revision(sender, instance, revision, **kwargs):
    if revision is not None and measured(instance):
        record(instance, revision)


def record_missing(pages) -> int:
    """For live pages published before this was recorded (or by a bulk import): their live
    revision's figures, once. Returns how many were added."""
    added = 0
    for page in pages:
        if page.live_revision_id is None or not measured(page):
            continue
        if PublishedReadability.objects.filter(revision_id=page.live_revision_id).exists():
            continue
        record(page, page.live_revision, page.last_published_at)
        added += 1
    return added
