"""Retention rules (registered in apps.py): addresses never confirmed, and the e-mail log."""

import datetime

from django.utils import timezone

from core.retention import Outcome
from core.text import plural

from .models import Delivery, Subscriber


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def delete_unconfirmed(cutoff: datetime.date, dry_run: bool) -> Outcome:
    """An address entered before the cutoff and never confirmed: nobody consented, it goes."""
    old = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=_start_of(cutoff))
    count = old.count() if dry_run else old.delete()[1].get(Subscriber._meta.label, 0)
    verb = "skulle raderas" if dry_run else "raderades"
    addresses = plural(count, "obekräftad e-postadress", "obekräftade e-postadresser")
    return Outcome(count, f"{addresses} från före {cutoff.isoformat()} {verb}.")


def delete_old_mail_log(cutoff: datetime.date, dry_run: bool) -> Outcome:
    """Sent and failed e-mails' rows (which address got which article); pending ones stay."""
    old = Delivery.objects.exclude(status=Delivery.Status.PENDING).filter(
        finished_at__lt=_start_of(cutoff)
    )
    count = old.count() if dry_run else old.delete()[0]
    verb = "skulle raderas" if dry_run else "raderades"
    rows = plural(count, "rad", "rader")
    return Outcome(count, f"{rows} i e-postloggen från före {cutoff.isoformat()} {verb}.")
