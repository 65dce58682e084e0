from django.core.management.base import BaseCommand
from wagtail.models import Page

from insights.readability import record_missing


class Command(BaseCommand):
    help = (
        "Räknar ut LIX för publicerade sidor som saknar det (t.ex. sidor publicerade innan "
        "läsbarheten började sparas). Varje ny publicering sparar sitt LIX av sig själv."
    )

    def handle(self, *args, **options):
        added = record_missing(Page.objects.live().specific().iterator(chunk_size=200))
        self.stdout.write(self.style.SUCCESS(f"LIX sparat för {added} publicerade sidor."))
