"""Background work, run by `manage.py db_worker --backend background` (django-tasks-db).

Publishing queues one task, `announce`, in the transaction that publishes (so a publish that is
rolled back queues nothing) and returns. The worker then:

1. `announce(page_id)` (the fan-out) writes one pending Delivery per subscriber who follows the
   page, all in one INSERT … ON CONFLICT DO NOTHING, and queues `send_pending` tasks, one per
   SUBSCRIPTIONS_BATCH_SIZE e-mails. The unique (subscriber, key) means a fan-out run twice adds nothing.
2. `send_pending(key)` sends up to SUBSCRIPTIONS_BATCH_SIZE pending e-mails of that key over one SMTP
   connection. Each e-mail: a transaction locks one pending row (SELECT … FOR UPDATE SKIP LOCKED,
   so parallel workers never take the same row), sends it, marks it sent and commits.

Exactly once, and the one window left (README "E-post till prenumeranter"): a worker killed
before its commit leaves the row pending and unlocked (PostgreSQL rolls back a dead session), and
the next worker sends it; one killed after the SMTP server accepted the e-mail but before the
commit (a few milliseconds per e-mail) makes it go out again. We chose that over the opposite
(mark "sending" first, and never retry one that was marked), because then every crash during the
far longer SMTP exchange loses an e-mail for good. The repeated e-mail has the same Message-ID.
A task killed mid-run is not run again by django-tasks-db (it stays "running"), so the worker
hands what is left pending to new tasks when it starts (`resume`, management/commands/db_worker.py).
"""

import datetime
import logging
import math
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from . import mail
from .kinds import KINDS, followers, kind_of
from .models import Delivery, Frequency, Subscriber

logger = logging.getLogger("pedagogsajten.subscriptions")

BACKEND = "background"
# Refused by the receiving server for this one address: recorded, not retried.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)
# The server unreachable, gone or timing out (EMAIL_TIMEOUT): the e-mail stays pending and the
# task is queued again later.
SERVER_ERRORS = (smtplib.SMTPException, OSError)
RETRY_MINUTES = 5


def followable(page) -> bool:
    """Live, not behind a view restriction (itself or an ancestor) and of a followable kind."""
    kind = kind_of(page)
    return kind is not None and kind.model.objects.live().public().filter(pk=page.pk).exists()


def page_key(page_id: int) -> str:
    return f"sida:{page_id}"


def week_key(monday: datetime.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"vecka:{year}-{week:02d}"


def week_label(monday: datetime.date) -> str:
    return f"vecka {monday.isocalendar()[1]}"


def batch_size() -> int:
    """E-mails per sending task (SUBSCRIPTIONS_BATCH_SIZE): small enough that a worker asked to
    stop (SIGTERM, which lets the running task finish) stops within seconds."""
    return settings.SUBSCRIPTIONS_BATCH_SIZE


def _queue_sending(key: str, count: int) -> None:
    for _ in range(math.ceil(count / batch_size())):
        send_pending.enqueue(key)


@task(backend=BACKEND)
def announce(page_id: int) -> int:
    """Fan-out for one published page: how many e-mails were added."""
    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page else None
    # Unpublished or made private again before the worker got to it: nothing to announce.
    if page is None or not followable(page):
        return 0
    kind = kind_of(page)
    recipients = followers(kind.facets(page), Frequency.IMMEDIATE).values_list("pk", flat=True)
    key = page_key(page.pk)
    with transaction.atomic():
        created = Delivery.objects.bulk_create(
            [Delivery(subscriber_id=pk, key=key, pages=[page.pk]) for pk in recipients],
            ignore_conflicts=True,
            batch_size=1000,
        )
        _queue_sending(key, len(created))
    logger.info("Page %s announced to %d subscribers", page.pk, len(created))
    return len(created)


def digest_groups(monday: datetime.date) -> dict[int, list[int]]:
    """{subscriber id: [page ids, oldest first]} for the weekly subscribers: each gets the pages
    first published that week (Monday to Sunday, local time) that follow their choices."""
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    groups: dict[int, list[int]] = {}
    pages = []
    for kind in KINDS:
        published = (
            kind.model.objects.live()
            .public()
            .filter(first_published_at__gte=start, first_published_at__lt=end)
        )
        pages += [(page.first_published_at, page.pk, kind, page) for page in published]
    for _when, _pk, kind, page in sorted(pages, key=lambda item: (item[0], item[1])):
        for subscriber_id in followers(kind.facets(page), Frequency.WEEKLY).values_list(
            "pk", flat=True
        ):
            groups.setdefault(subscriber_id, []).append(page.pk)
    return groups


@task(backend=BACKEND)
def weekly_digest(monday_iso: str) -> int:
    """Fan-out of one week's digest: one e-mail per weekly subscriber with something to read."""
    monday = datetime.date.fromisoformat(monday_iso)
    key = week_key(monday)
    groups = digest_groups(monday)
    with transaction.atomic():
        created = Delivery.objects.bulk_create(
            [Delivery(subscriber_id=pk, key=key, pages=pages) for pk, pages in groups.items()],
            ignore_conflicts=True,
            batch_size=1000,
        )
        _queue_sending(key, len(created))
    logger.info("Weekly digest %s for %d subscribers", key, len(created))
    return len(created)


def _pages_for(delivery, cache: dict) -> list:
    missing = [pk for pk in delivery.pages if pk not in cache]
    if missing:
        for page in Page.objects.filter(pk__in=missing).specific():
            if followable(page):
                # Once per page and task, not once per e-mail.
                page.subscription_url = page.get_full_url()
                cache[page.pk] = page
            else:
                cache[page.pk] = None
    return [cache[pk] for pk in delivery.pages if cache.get(pk) is not None]


def _message_for(delivery, cache: dict):
    pages = _pages_for(delivery, cache)
    if not pages:
        return None  # unpublished or made private since: nothing left to tell
    if delivery.key.startswith("vecka:"):
        year, week = delivery.key.removeprefix("vecka:").split("-")
        monday = datetime.date.fromisocalendar(int(year), int(week), 1)
        return mail.news_message(delivery, pages, week_label=week_label(monday))
    return mail.news_message(delivery, pages)


def _finish(delivery, status: str, error: str = "") -> None:
    delivery.status = status
    delivery.error = error[:300]
    delivery.finished_at = timezone.now()
    delivery.save(update_fields=["status", "error", "finished_at"])


@task(backend=BACKEND)
def send_pending(key: str) -> int:
    """Send up to batch_size() pending e-mails of one announcement or digest; how many were sent.
    When the mail server cannot be reached, the e-mail being sent stays pending and the task
    queues itself again RETRY_MINUTES later."""
    mail.site_root.cache_clear()
    limit = batch_size()
    pending = Delivery.objects.filter(key=key, status=Delivery.Status.PENDING)
    pages: dict = {}
    sent = 0
    try:
        with get_connection() as connection:
            for _ in range(limit):
                with transaction.atomic():
                    delivery = (
                        pending.select_for_update(skip_locked=True, of=("self",))
                        .select_related("subscriber")
                        .order_by("pk")
                        .first()
                    )
                    if delivery is None:
                        break
                    message = _message_for(delivery, pages)
                    if message is None:
                        _finish(delivery, Delivery.Status.FAILED, "sidan är inte längre publicerad")
                        continue
                    message.connection = connection
                    try:
                        message.send()
                    except RECIPIENT_ERRORS as error:
                        logger.warning("Delivery %s refused: %s", delivery.pk, error)
                        _finish(delivery, Delivery.Status.FAILED, str(error))
                        continue
                    _finish(delivery, Delivery.Status.SENT)
                    sent += 1
    except SERVER_ERRORS as error:
        # The transaction of the e-mail being sent was rolled back: it is still pending.
        logger.warning("Mail server unavailable for %s (%s); trying again later", key, error)
        retry_at = timezone.now() + datetime.timedelta(minutes=RETRY_MINUTES)
        send_pending.using(run_after=retry_at).enqueue(key)
    return sent


@task(backend=BACKEND)
def send_confirmation(subscriber_id: int) -> bool:
    """The double opt-in e-mail, or "you already subscribe" for a confirmed address. Sent by the
    worker, so the form answers as fast for an address that is there as for one that is not."""
    mail.site_root.cache_clear()
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    if subscriber.confirmed_at:
        message = mail.already_subscribed_message(subscriber)
    else:
        message = mail.confirmation_message(subscriber)
    return bool(message.send())


def resume() -> int:
    """Queue sending for every announcement or digest that still has pending e-mails: those a
    killed worker left. A row some other worker is sending is locked and skipped by the new tasks,
    so nothing goes out twice; an extra task finds nothing and ends."""
    counts = dict(
        Delivery.objects.filter(status=Delivery.Status.PENDING)
        .values_list("key")
        .annotate(count=Count("pk"))
        .values_list("key", "count")
    )
    with transaction.atomic():
        for key, count in counts.items():
            _queue_sending(key, count)
    return sum(counts.values())
