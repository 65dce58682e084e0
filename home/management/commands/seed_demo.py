from django.core.management.base import BaseCommand, CommandError

from home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Skapar Pedagogsajtens demoinnehåll: de elva kommunerna, sajtens fasta sidor, skribenter, "
        "artiklar med bild, ljud och video, samt ett demokonto för huvudredaktören. "
        "Kan köras flera gånger; det som redan finns skapas inte igen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--structure-only",
            action="store_true",
            help="Skapa bara kommunerna och de fasta sidorna (för en ny produktionsmiljö), inga demoartiklar eller konton.",
        )

    def handle(self, *args, structure_only=False, **options):
        builder = DemoBuilder(structure_only=structure_only, log=self.stdout.write)
        try:
            report = builder.build()
        except Exception as error:  # a half-built demo is rolled back by the builder's transaction
            raise CommandError(f"Demoinnehållet kunde inte skapas: {error}") from error
        for line in report.lines():
            self.stdout.write(self.style.SUCCESS(line))
