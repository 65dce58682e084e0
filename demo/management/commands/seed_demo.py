from django.core.management.base import BaseCommand, CommandError

from demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Skapar Pedagogsajtens demoinnehåll ur demo/data/ ovanpå webbplatsens struktur "
        "(setup_site): logotyper och kontaktpersoner, skribenter, artiklar med bild, ljud och "
        "video, ett demokonto per roll och läsarsiffror. Kan köras flera gånger; det som redan "
        "finns skapas inte igen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--structure-only",
            action="store_true",
            help="Skapa bara webbplatsens struktur, som setup_site: inga demoartiklar eller konton.",
        )

    def handle(self, *args, structure_only=False, **options):
        builder = DemoBuilder(structure_only=structure_only, log=self.stdout.write)
        try:
            report = builder.build()
        except Exception as error:  # a half-built demo is rolled back by the builder's transaction
            raise CommandError(f"Demoinnehållet kunde inte skapas: {error}") from error
        for line in report.lines():
            self.stdout.write(self.style.SUCCESS(line))
