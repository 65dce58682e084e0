from django.core.management.base import BaseCommand, CommandError

from municipalities.setup import Report, set_up_site


class Command(BaseCommand):
    help = (
        "Skapar en ny webbplats struktur: klassificeringen, de fasta sidorna, de elva kommunernas "
        "avdelningar, rollerna och arbetsflödet för publicering. Kan köras flera gånger."
    )

    def handle(self, *args, **options):
        report = Report()
        try:
            set_up_site(report)
        except Exception as error:  # the whole set-up is one transaction: nothing half-built stays
            raise CommandError(f"Webbplatsens struktur kunde inte skapas: {error}") from error
        for line in report.lines():
            self.stdout.write(self.style.SUCCESS(line))
