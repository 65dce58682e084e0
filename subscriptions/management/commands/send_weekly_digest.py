"""`manage.py send_weekly_digest`: queue the weekly digest of last week (Monday to Sunday).

Meant for a weekly schedule, e.g. Mondays at 06:00 with cron:

    0 6 * * 1 cd /srv/pedagogsajten && .venv/bin/python manage.py send_weekly_digest

The worker builds and sends the e-mails. Running it twice for the same week sends nothing twice:
each subscriber has at most one e-mail per week (subscriptions.models.Delivery).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from subscriptions.tasks import weekly_digest


def last_monday(today: datetime.date) -> datetime.date:
    """The Monday of the last whole week before `today`."""
    return today - datetime.timedelta(days=today.weekday() + 7)


class Command(BaseCommand):
    help = (
        "Köar veckobrevet för förra veckan (måndag–söndag) till dem som valt veckobrev; "
        "workern skickar det. Tänkt att köras varje måndag morgon, t.ex. med cron: "
        "0 6 * * 1 cd /srv/pedagogsajten && .venv/bin/python manage.py send_weekly_digest"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week",
            help="Veckan som ska skickas, som ÅÅÅÅ-VV (ISO-vecka), t.ex. 2026-14. "
            "Utan: förra veckan.",
        )

    def handle(self, *args, week=None, **options):
        if week:
            try:
                year, number = (int(part) for part in week.split("-"))
                monday = datetime.date.fromisocalendar(year, number, 1)
            except ValueError as error:
                raise CommandError(
                    f"Ange veckan som ÅÅÅÅ-VV, t.ex. 2026-14, inte {week!r}."
                ) from error
        else:
            monday = last_monday(timezone.localdate())
        weekly_digest.enqueue(monday.isoformat())
        year, number, _ = monday.isocalendar()
        self.stdout.write(f"Veckobrevet för vecka {number} {year} är köat.")
