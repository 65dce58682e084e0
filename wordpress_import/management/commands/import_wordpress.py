"""`manage.py import_wordpress EXPORT.xml [--uploads DIR] [--mapping FILE]
[--default-municipality SLUG] [--dry-run]`: the old WordPress site's posts, pages, files,
writers and addresses (wordpress_import/importer.py does the work; the runbook is
docs/wordpress-migration.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.models import MunicipalityPage
from wordpress_import.importer import Importer, Options
from wordpress_import.mapping import Mapping, MappingError
from wordpress_import.progress import Progress
from wordpress_import.wxr import NotWXR, read_export


class Command(BaseCommand):
    help = (
        "Importerar en export från WordPress (Verktyg → Exportera): inlägg blir artiklar, sidor "
        "standardsidor, bilagor bilder och dokument, författare skribenter, gamla adresser "
        "omdirigeringar. Kan köras flera gånger; det som redan importerats uppdateras."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="WXR-filen från WordPress (.xml)")
        parser.add_argument("--uploads", help="en kopia av wp-content/uploads")
        parser.add_argument(
            "--mapping", help="mappningsfil (TOML) för kategorier, etiketter och skribenter"
        )
        parser.add_argument(
            "--default-municipality",
            help="kortnamn (slug) för kommunen som inlägg utan kommunkategori hamnar under",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="visa vad som skulle hända utan att spara något"
        )

    def handle(self, *args, **options):
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(f"Filen {export} finns inte.")
        self._check_export(export)
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if uploads is not None and not uploads.is_dir():
            raise CommandError(
                f"Mappen {uploads} finns inte (--uploads ska vara en kopia av wp-content/uploads)."
            )
        try:
            mapping = Mapping.from_file(options["mapping"])
        except MappingError as error:
            raise CommandError(str(error)) from None
        default = None
        if options["default_municipality"]:
            default = MunicipalityPage.objects.filter(slug=options["default_municipality"]).first()
            if default is None:
                raise CommandError(
                    f"Det finns ingen kommun med kortnamnet ”{options['default_municipality']}”."
                )
        interactive = hasattr(self.stdout._out, "isatty") and self.stdout._out.isatty()
        progress = Progress(self.stdout, export.stat().st_size, interactive=interactive)
        options_ = Options(export, uploads, mapping, default, options["dry_run"])
        report = Importer(options_, progress).run()
        self.stdout.write("\n".join(report.lines()))
        if report.interrupted:
            raise CommandError("Importen avbröts.", returncode=130)
        if not report.anything_read:
            raise CommandError(
                "Ingenting i exporten kunde läsas: filen innehåller inga inlägg, sidor, filer eller författare."
            )

    def _check_export(self, export: Path) -> None:
        """Refuse a file that is not a WordPress export before anything is written."""
        try:
            with export.open("rb") as file:
                next(iter(read_export(file)), None)
        except NotWXR as error:
            raise CommandError(f"{export} är ingen WordPress-export (WXR): {error}.") from None
        except StopIteration:  # pragma: no cover
            pass
