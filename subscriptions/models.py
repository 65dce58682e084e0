"""A reader's subscription and the e-mails sent to it.

Only what the reader gave is stored: the address, the choices and, once the reader has confirmed
by the link sent to that address, the time of that consent. An address never confirmed is deleted
after RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS (retention.py); unsubscribing deletes the row and,
with it, its e-mail log.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    IMMEDIATE = "direkt", "Vid publicering (ett e-postmeddelande per artikel)"
    WEEKLY = "vecka", "Veckobrev (ett e-postmeddelande i veckan)"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscriber(models.Model):
    # Stored lower-cased (forms.py): one row per address, whatever the reader typed.
    email = models.EmailField("e-postadress", unique=True)
    # What the signed links in e-mails name: never the address, never a guessable number.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    frequency = models.CharField("hur ofta", max_length=10, choices=Frequency.choices)
    whole_site = models.BooleanField("hela sajten", default=False)
    municipalities = models.ManyToManyField(
        "municipalities.MunicipalityPage", blank=True, related_name="+", verbose_name="kommuner"
    )
    school_forms = models.ManyToManyField(
        "blog.SchoolForm", blank=True, related_name="+", verbose_name="skolformer"
    )
    themes = models.ManyToManyField(
        "blog.Theme", blank=True, related_name="+", verbose_name="teman"
    )
    created_at = models.DateTimeField("anmäld", default=timezone.now)
    # The consent: when the reader followed the confirmation link. Null until then.
    confirmed_at = models.DateTimeField("bekräftad", null=True, blank=True)
    # The last confirmation (or "you already subscribe") e-mail: the form sends at most one per
    # address in a while, so it cannot be used to flood someone's inbox.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "prenumerant"
        verbose_name_plural = "prenumeranter"
        indexes = [models.Index(fields=["confirmed_at", "frequency"])]

    def __str__(self):
        return f"prenumerant {self.pk}"


class Announcement(models.Model):
    """A page announced to the subscribers who follow it: created once, when the page is first
    published live and public, so republishing an edited page never announces it again."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"kungörelse av sida {self.page_id}"


class Delivery(models.Model):
    """One e-mail to one subscriber: an announcement of a page (key `sida:<id>`) or a weekly
    digest (`vecka:<år>-<vecka>`). The unique (subscriber, key) makes every e-mail exist once
    whoever fans it out and however often; tasks.py claims a pending row under a row lock while
    sending it, so a row is sent by one worker and marked sent in the same transaction."""

    class Status(models.TextChoices):
        PENDING = "pending", "väntar"
        SENT = "sent", "skickad"
        FAILED = "failed", "kunde inte skickas"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=40)
    # The pages the e-mail presents, fixed when it was fanned out.
    pages = ArrayField(models.IntegerField())
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="one_mail_per_subscriber")
        ]
        indexes = [
            models.Index(
                fields=["key"],
                name="pending_delivery_key",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.key} till prenumerant {self.subscriber_id}"
