"""`manage.py apply_retention`: applies every registered retention rule (core/retention.py).

Meant for a daily schedule on exactly one machine, e.g. with cron:

    15 3 * * * cd /srv/pedagogsajten && .venv/bin/python manage.py apply_retention

Each rule runs in its own transaction: a rule that fails is rolled back and reported, the others
still run, and the command then exits with an error so that the scheduler notices.
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core import retention
from core.text import plural

logger = logging.getLogger("pedagogsajten.retention")

SCHEDULE_EXAMPLE = "15 3 * * * cd /srv/pedagogsajten && .venv/bin/python manage.py apply_retention"


class Command(BaseCommand):
    help = (
        "Gallrar läsarnas uppgifter efter de perioder som är inställda (RETENTION_*_DAYS): tömmer "
        "gamla kommentarer i återkopplingen, raderar gammal söklogg och slår ihop gamla "
        "sidvisningar per dag till en rad per månad. Tänkt att köras en gång per dygn, t.ex. "
        f"med cron: {SCHEDULE_EXAMPLE}"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Räkna bara vad som skulle gallras; ingenting ändras.",
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        try:
            # Every period is checked before any rule runs: a bad value changes nothing.
            periods = {rule.key: retention.period_days(rule.setting) for rule in retention.rules()}
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        dry_run_note = " (provkörning: ingenting ändras)" if dry_run else ""
        self.stdout.write(f"Gallring {today.isoformat()}{dry_run_note}")
        counts, failed = {}, []
        for rule in retention.rules():
            days = periods[rule.key]
            if days == 0:
                self.stdout.write(f"{rule.label}: gallras inte ({rule.setting}=0).")
                counts[rule.key] = "off"
                continue
            cutoff = retention.cutoff(days, today)
            try:
                with transaction.atomic():
                    outcome = rule.apply(cutoff, dry_run)
            except Exception as error:  # rolled back; the other rules still run
                logger.exception("Retention rule %s failed", rule.key)
                self.stderr.write(f"{rule.label}: misslyckades, ingenting ändrades ({error}).")
                counts[rule.key] = "failed"
                failed.append(rule.key)
                continue
            self.stdout.write(
                self.style.SUCCESS(
                    f"{rule.label} (äldre än {plural(days, 'dag', 'dagar')}): {outcome.message}"
                )
            )
            counts[rule.key] = outcome.affected
        logger.info(
            "Retention%s: %s",
            " (dry run)" if dry_run else "",
            ", ".join(f"{key}={count}" for key, count in counts.items()) or "no rules",
        )
        if failed:
            raise CommandError(f"Gallringen misslyckades för: {', '.join(failed)}.")
