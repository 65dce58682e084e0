"""`manage.py restore ARCHIVE`: the database and the files of a `manage.py backup` archive.

Order matters, so that nothing is changed unless everything can be:
1. the manifest and the archive's member list are checked, and the targets must be empty (no
   relation in the database's public schema, nothing in MEDIA_ROOT or PRIVATE_MEDIA_ROOT) unless
   --force;
2. every member is copied out (the dump to a temporary folder, the files to staging folders beside
   their targets) while its size and sha256 are checked: a corrupted archive stops here;
3. only then is the database emptied (--force) and restored by pg_restore in one transaction;
4. the staging folders are swapped in;
5. the restored rows are counted again and compared with the manifest.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from backups import media_folder
from backups.archive import DUMP_NAME, ArchiveReader, CorruptArchive
from backups.folders import FileFolder, configured_folders, folder_named
from backups.inventory import swedish_name
from backups.postgres import (
    Database,
    client_program,
    client_version,
    count_rows,
    empty_public_schema,
    major_version,
    public_relations,
    server_version,
)
from backups.summary import megabytes, seconds
from core.page_cache import clear_page_cache

NOTHING_CHANGED = "Inget har ändrats."


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från manage.py backup till en tom databas och tomma "
        "filmappar, efter att ha kontrollerat varje kontrollsumma."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="arkivet (pedagogsajten-….tar)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="skriv över en databas och filmappar som inte är tomma (allt i dem försvinner)",
        )
        parser.add_argument(
            "--database-url",
            help=(
                "återställ till denna databas i stället för sajtens, t.ex. vid en provåterställning "
                "(postgres://användare@värd:port/namn; lösenordet hellre i PGPASSWORD eller "
                "~/.pgpass än i adressen, som andra kan se i processlistan)"
            ),
        )
        parser.add_argument(
            "--media-root", help="återställ de publika filerna hit i stället för till MEDIA_ROOT"
        )
        parser.add_argument(
            "--private-media-root",
            help="återställ de privata filerna hit i stället för till PRIVATE_MEDIA_ROOT",
        )
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="bygg om sökindexet efteråt (manage.py update_index)",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="kontrollera bara arkivet (manifest och kontrollsummor); återställ inget",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        archive_path = Path(options["archive"])
        try:
            reader = ArchiveReader(archive_path)
        except CorruptArchive as error:
            raise CommandError(
                f"Säkerhetskopian kan inte användas: {error}. {NOTHING_CHANGED}"
            ) from error
        with reader:
            if options["verify_only"]:
                self.verify_only(reader, started)
                return
            if options["reindex"] and options["database_url"]:
                raise CommandError(
                    "--reindex bygger om sajtens eget sökindex och går inte ihop med "
                    "--database-url; kör update_index på den sajt som använder databasen."
                )
            self.restore(reader, options, started)

    def verify_only(self, reader: ArchiveReader, started: float) -> None:
        try:
            reader.verify_and_extract()
        except CorruptArchive as error:
            raise CommandError(f"Säkerhetskopian är skadad: {error}.") from error
        self.stdout.write(
            f"Säkerhetskopian {reader.path.name} är hel: databasen och {reader.file_count()} "
            f"filer stämmer med manifestet (skapad {reader.manifest['created_at']}). "
            f"Kontrollerad på {seconds(time.monotonic() - started)}."
        )

    def restore(self, reader: ArchiveReader, options: dict, started: float) -> None:
        manifest = reader.manifest
        to_site_database = not options["database_url"]
        database = (
            Database.from_django(connections["default"].settings_dict)
            if to_site_database
            else Database.from_url(options["database_url"])
        )
        targets = self.file_targets(reader, options)
        pg_restore = client_program("pg_restore")
        self.check_versions(pg_restore, manifest)
        database_in_use = self.check_targets(database, targets, manifest, options["force"])

        # This process's own connections (Django's, possibly to the very database being replaced)
        # must not hold a lock that DROP SCHEMA or pg_restore would wait for.
        connections.close_all()
        work = Path(tempfile.mkdtemp(prefix="pedagogsajten-restore-"))
        staging: dict[str, Path] = {}
        try:
            try:
                for folder, root in targets:
                    staging[folder.archive_name] = media_folder.make_staging_folder(root)
                reader.verify_and_extract(work / DUMP_NAME, staging)
            except CorruptArchive as error:
                raise CommandError(
                    f"Säkerhetskopian är skadad: {error}. {NOTHING_CHANGED}"
                ) from error
            except OSError as error:
                raise CommandError(
                    f"Arkivet kunde inte packas upp: {error}. {NOTHING_CHANGED}"
                ) from error
            if database_in_use:
                self.empty_database(database)
            self.restore_database(pg_restore, database, work / DUMP_NAME, database_in_use)
            self.swap_in_folders(targets, staging)
        finally:
            for leftover in staging.values():
                media_folder.discard(leftover)
            shutil.rmtree(work, ignore_errors=True)

        restored = self.compare_counts(database, manifest)
        if to_site_database:
            clear_page_cache()
        self.print_summary(reader, database, targets, restored, started)
        if options["reindex"]:
            self.stdout.write("Bygger om sökindexet (update_index) …")
            call_command("update_index", stdout=self.stdout, stderr=self.stderr)
        else:
            self.stdout.write(
                "Sökindexet visar fortfarande det gamla innehållet: kör "
                "`manage.py update_index` (eller restore med --reindex)."
            )

    def empty_database(self, database: Database) -> None:
        try:
            with database.connect(autocommit=True) as connection:
                empty_public_schema(connection)
        except psycopg.errors.LockNotAvailable as error:
            raise CommandError(
                f"Databasen {database.label} används av andra (t.ex. sajtens gunicorn) och kunde "
                f"inte tömmas: stoppa dem och försök igen. {NOTHING_CHANGED}"
            ) from error
        except psycopg.Error as error:
            raise CommandError(
                f"Databasen {database.label} kunde inte tömmas: {error}. {NOTHING_CHANGED}"
            ) from error

    def swap_in_folders(
        self, targets: list[tuple[FileFolder, Path]], staging: dict[str, Path]
    ) -> None:
        """The database is restored by now: should a folder fail to move into place, its checked
        files are left where they are and named, rather than deleted."""
        for folder, root in targets:
            try:
                media_folder.swap_in(staging[folder.archive_name], root)
            except OSError as error:
                kept = staging.pop(folder.archive_name)
                raise CommandError(
                    f"Databasen är återställd men {folder.name} {root} kunde inte ersättas: "
                    f"{error}. De kontrollerade filerna ligger kvar i {kept}; flytta dem dit "
                    "för hand (eller rätta felet och kör restore --force igen)."
                ) from error
            del staging[folder.archive_name]

    def file_targets(self, reader: ArchiveReader, options: dict) -> list[tuple[FileFolder, Path]]:
        """Every folder of files this site has is a target (one the archive lacks is restored
        empty); a folder in the archive that the site has no place for is refused."""
        targets = configured_folders(options)
        placed = {folder.archive_name for folder, _root in targets}
        for name in reader.folders():
            if name not in placed:
                folder = folder_named(name)
                where = (
                    f"{folder.setting} eller --{folder.option.replace('_', '-')}" if folder else ""
                )
                raise CommandError(
                    f"Arkivet har filer i «{name}» men sajten har ingen plats för dem "
                    f"({where or 'okänd mapp'}). {NOTHING_CHANGED}"
                )
        return targets

    def check_versions(self, pg_restore: Path, manifest: dict) -> None:
        restore_major, restore_version = client_version(pg_restore)
        dumped_by = str(manifest["versions"].get("pg_dump", ""))
        dumped_major = major_version(dumped_by)
        if restore_major < dumped_major:
            raise CommandError(
                f"pg_restore ({pg_restore}) är version {restore_version} men arkivet skrevs av "
                f"pg_dump {dumped_by}; använd pg_restore {dumped_major} eller nyare "
                f"(PG_BIN_DIR). {NOTHING_CHANGED}"
            )

    def check_targets(
        self,
        database: Database,
        targets: list[tuple[FileFolder, Path]],
        manifest: dict,
        force: bool,
    ) -> bool:
        """Refuse an older server, and targets in use unless --force; True when the database
        has content that --force will remove."""
        source = str(manifest["versions"].get("postgresql_server", ""))
        source_major = major_version(source)
        with database.connect(autocommit=True) as connection:
            target_major, target = server_version(connection)
            relations = public_relations(connection)
            pages = count_rows(connection, ["wagtailcore_page"])["wagtailcore_page"]
        if target_major < source_major:
            raise CommandError(
                f"Databasservern är PostgreSQL {target} men säkerhetskopian kommer från "
                f"PostgreSQL {source}; återställ till samma eller nyare huvudversion. "
                f"{NOTHING_CHANGED}"
            )
        problems = []
        if relations:
            content = f", {pages} sidor" if pages else ""
            problems.append(
                f"databasen {database.label} är inte tom ({relations} tabeller, index och "
                f"sekvenser{content})"
            )
        problems += [
            f"{folder.name} {root} är inte tom"
            for folder, root in targets
            if media_folder.has_entries(root)
        ]
        if problems and not force:
            raise CommandError(
                f"Återställningen avbröts: {' och '.join(problems)}. {NOTHING_CHANGED} "
                "Återställ till en tom databas och tomma mappar, eller använd --force för att "
                "ersätta allt som finns där."
            )
        for problem in problems:
            self.stdout.write(f"--force: {problem}; innehållet ersätts.")
        return bool(relations)

    def restore_database(
        self, pg_restore: Path, database: Database, dump: Path, emptied: bool
    ) -> None:
        result = subprocess.run(
            [
                str(pg_restore),
                "--no-owner",
                "--no-privileges",
                # All or nothing: a failure rolls the whole restore back.
                "--single-transaction",
                "--exit-on-error",
                # The name only; host, user and password come through the environment.
                f"--dbname={database.name}",
                str(dump),
            ],
            env=database.environment(),
            capture_output=True,
            text=True,
            errors="replace",
        )
        if result.returncode != 0:
            state = (
                "Databasen är tom (--force tömde den) men mediamappen är orörd"
                if emptied
                else "Databasen och mediamappen är oförändrade"
            )
            raise CommandError(
                f"pg_restore misslyckades (slutkod {result.returncode}): "
                f"{result.stderr.strip()} {state}; rätta felet och kör restore igen."
            )

    def compare_counts(self, database: Database, manifest: dict) -> list[tuple[str, int, int]]:
        expected = manifest["counts"]
        with database.connect(autocommit=True) as connection:
            actual = count_rows(connection, [row["table"] for row in expected])
        restored = [(row["model"], row["rows"], actual[row["table"]]) for row in expected]
        differences = [
            f"{swedish_name(label)}: {want} i arkivet, {got if got is not None else 'ingen tabell'}"
            " i databasen"
            for label, want, got in restored
            if want != got
        ]
        if differences:
            raise CommandError(
                "Återställningen stämmer inte med manifestet: " + "; ".join(differences) + "."
            )
        return restored

    def print_summary(
        self,
        reader: ArchiveReader,
        database: Database,
        targets: list[tuple[FileFolder, Path]],
        restored: list[tuple[str, int, int]],
        started: float,
    ) -> None:
        manifest = reader.manifest
        revision = (manifest.get("app_revision") or "okänd")[:12]
        places = ", ".join(str(root) for _folder, root in targets)
        self.stdout.write(
            f"Återställt från {reader.path.name} (skapad {manifest['created_at']}, "
            f"kodversion {revision}) till databasen {database.label} och {places}:"
        )
        names = [swedish_name(label) for label, _want, _got in restored] + ["filer"]
        width = max(len(name) for name in names)
        for label, want, got in restored:
            self.stdout.write(f"  {swedish_name(label):<{width}}  {got:>7} av {want}")
        self.stdout.write(
            f"  {'filer':<{width}}  {reader.file_count():>7} "
            f"({megabytes(reader.total_size())}, alla kontrollsummor stämmer)"
        )
        missing = manifest.get("missing_files") or []
        if missing:
            self.stdout.write(
                f"Obs: {len(missing)} filer som databasen hänvisar till saknades redan när "
                "säkerhetskopian togs (se missing_files i manifest.json)."
            )
        self.stdout.write(f"Klart på {seconds(time.monotonic() - started)}.")
        self.stdout.write(
            "Kör `manage.py migrate` om koden är nyare än säkerhetskopian (den sätter också "
            "sajtens adress från BASE_URL)."
        )
