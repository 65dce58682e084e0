"""`manage.py backup`: the database and the uploaded files in one archive with a manifest
(backups/archive.py).

The database is dumped by `pg_dump` in custom format inside an exported snapshot, and the row
counts of the manifest are taken in that same snapshot, so they describe exactly what the dump
holds even while editors keep working. The files are copied after the dump, so every file the dump
names already exists (uploads are never rewritten in place); what the database names but the
folders lack is listed in the manifest and reported. The archive is written to a temporary name in
the target folder and renamed at the end: a failed backup leaves nothing that looks like a backup.
"""

from __future__ import annotations

import datetime
import errno
import os
import platform
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from psycopg import IsolationLevel

from backups.archive import (
    DUMP_NAME,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    add_bytes,
    add_file,
    folder_files,
    manifest_bytes,
)
from backups.folders import FileFolder, configured_folders
from backups.inventory import counted_models
from backups.postgres import (
    Database,
    client_program,
    client_version,
    count_rows,
    server_version,
)
from backups.references import Reference, not_archived, referenced_files
from backups.summary import megabytes, seconds

ARCHIVE_NAME = re.compile(r"^pedagogsajten-\d{8}-\d{6}\.tar$")
WORK_FOLDER_PREFIX = ".pedagogsajten-backup-"
ARCHIVE_MODE = 0o600


def default_folder() -> Path:
    return Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "backups"


def archive_name(now: datetime.datetime) -> str:
    # UTC: names sort in time order across the change to and from summer time.
    return f"pedagogsajten-{now:%Y%m%d-%H%M%S}.tar"


def app_revision() -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def write_failure(error: OSError, path: Path) -> CommandError:
    if error.errno == errno.ENOSPC:
        return CommandError(
            f"Säkerhetskopian kunde inte skrivas: disken är full i {path.parent}. "
            "Ingen halv säkerhetskopia har sparats."
        )
    return CommandError(
        f"Säkerhetskopian kunde inte skrivas till {path}: {error.strerror or error}. "
        "Ingen halv säkerhetskopia har sparats."
    )


class Command(BaseCommand):
    help = (
        "Skriver en säkerhetskopia: databasen (pg_dump), alla uppladdade filer och ett manifest med "
        "antal och kontrollsummor, i ett tar-arkiv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help=(
                "arkivets sökväg, eller en mapp att lägga det i (standard: "
                "var/backups/pedagogsajten-ÅÅÅÅMMDD-TTMMSS.tar, tiden i UTC)"
            ),
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="ta bort äldre arkiv (pedagogsajten-*.tar) i samma mapp så att N finns kvar",
        )

    def handle(self, *args, **options) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep måste vara minst 1.")
        started = time.monotonic()
        now = datetime.datetime.now(datetime.UTC)
        target = self.output_path(options["output"], now)
        if target.exists():
            raise CommandError(f"{target} finns redan; ange en annan sökväg med --output.")
        database = Database.from_django(connections["default"].settings_dict)
        folders = configured_folders()
        pg_dump = client_program("pg_dump")
        pg_dump_major, pg_dump_version = client_version(pg_dump)

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=WORK_FOLDER_PREFIX, dir=target.parent))
        except OSError as error:
            raise write_failure(error, target) from error
        try:
            dump = work / DUMP_NAME
            server, counts, references = self.dump_database(database, pg_dump, pg_dump_major, dump)
            self.refuse_missing_folders(counts, folders)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": now.isoformat(timespec="seconds"),
                "app_revision": app_revision(),
                "versions": {
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "postgresql_server": server,
                    "pg_dump": pg_dump_version,
                },
                "counts": counts,
            }
            partial = work / target.name
            self.write_archive(partial, dump, database, folders, references, manifest, now)
            os.replace(partial, target)
            self.sync_folder(target.parent)
        except OSError as error:
            raise write_failure(error, target) from error
        finally:
            shutil.rmtree(work, ignore_errors=True)

        pruned = self.prune(target.parent, keep) if keep else []
        rows = {row["model"]: row["rows"] for row in counts}
        file_count = sum(folder["file_count"] for folder in manifest["files"].values())
        total_size = sum(folder["total_size"] for folder in manifest["files"].values())
        self.stdout.write(
            f"Säkerhetskopian är klar: {target} ({megabytes(target.stat().st_size)}; "
            f"{rows.get('wagtailcore.Page', 0)} sidor, "
            f"{rows.get('wagtailcore.Revision', 0)} versioner, "
            f"{file_count} filer på {megabytes(total_size)}) "
            f"på {seconds(time.monotonic() - started)}."
        )
        missing = manifest["missing_files"]
        if missing:
            listed = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            self.stderr.write(
                f"Varning: {len(missing)} filer som databasen hänvisar till fanns inte i "
                f"filmapparna och saknas i säkerhetskopian: {listed}"
            )
        for path in pruned:
            self.stdout.write(f"Borttagen enligt --keep {keep}: {path.name}")

    def output_path(self, output: str | None, now: datetime.datetime) -> Path:
        if not output:
            return default_folder() / archive_name(now)
        path = Path(output)
        if output.endswith(("/", os.sep)) or path.is_dir():
            return path / archive_name(now)
        return path

    def dump_database(
        self, database: Database, pg_dump: Path, pg_dump_major: int, dump: Path
    ) -> tuple[str, list[dict], list[Reference]]:
        """Dump inside an exported snapshot and read the row counts and the file references in
        it; return (server version, counts, references)."""
        models = counted_models()
        with database.connect() as connection:
            # Repeatable read: every statement of this transaction, and pg_dump through the
            # exported snapshot, sees the database as it was at the first one.
            connection.isolation_level = IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            server_major, server = server_version(connection)
            if pg_dump_major < server_major:
                raise CommandError(
                    f"pg_dump ({pg_dump}) är version {pg_dump_major} men databasservern är "
                    f"PostgreSQL {server}. pg_dump måste vara minst samma huvudversion som "
                    "servern: installera en nyare klient eller peka ut den med PG_BIN_DIR."
                )
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            table_rows = count_rows(connection, [model.table for model in models])
            references = referenced_files(connection)
            result = subprocess.run(
                [
                    str(pg_dump),
                    "--format=custom",
                    # Restorable by another role on another server: no owners, no grants.
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                env=database.environment(),
                capture_output=True,
                text=True,
                errors="replace",
            )
            connection.rollback()
        if result.returncode != 0:
            raise CommandError(
                f"pg_dump misslyckades (slutkod {result.returncode}); ingen säkerhetskopia "
                f"sparades. {result.stderr.strip()}"
            )
        counts = [
            {"model": model.label, "table": model.table, "rows": table_rows[model.table]}
            for model in models
            if table_rows[model.table] is not None
        ]
        return server, counts, references

    def refuse_missing_folders(
        self, counts: list[dict], folders: list[tuple[FileFolder, Path]]
    ) -> None:
        """Guard against the classic backup that silently lacks the uploads: a cron job whose
        environment points MEDIA_ROOT somewhere else."""
        with_uploads = {model.label for model in counted_models() if model.has_uploads}
        file_rows = sum(row["rows"] for row in counts if row["model"] in with_uploads)
        if file_rows and not any(next(folder_files(root), None) for _folder, root in folders):
            places = " och ".join(f"{folder.setting}={root}" for folder, root in folders)
            raise CommandError(
                f"Databasen har {file_rows} bilder, dokument och ljud/video men filmapparna "
                f"({places}) är tomma eller saknas: kontrollera inställningarna. Ingen "
                "säkerhetskopia sparades."
            )

    def write_archive(
        self,
        path: Path,
        dump: Path,
        database: Database,
        folders: list[tuple[FileFolder, Path]],
        references: list[Reference],
        manifest: dict,
        now: datetime.datetime,
    ) -> None:
        archived_paths = set()
        # Readable by its owner only: the archive holds accounts, password hashes and readers'
        # comments.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE)
        with open(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                database_entry = add_file(tar, dump, DUMP_NAME)
                dump.unlink()  # Its space is needed for the files more than its copy.
                manifest["database"] = {
                    "name": database.name,
                    "file": DUMP_NAME,
                    "size": database_entry["size"],
                    "sha256": database_entry["sha256"],
                }
                manifest["files"] = {}
                for folder, root in folders:
                    entries = []
                    for relative, source in folder_files(root):
                        entry = add_file(tar, source, f"{folder.archive_name}/{relative}")
                        entries.append({**entry, "path": relative})
                        archived_paths.add(os.path.abspath(source))
                    manifest["files"][folder.archive_name] = {
                        "setting": folder.setting,
                        "file_count": len(entries),
                        "total_size": sum(entry["size"] for entry in entries),
                        "files": entries,
                    }
                manifest["missing_files"] = not_archived(references, archived_paths)
                add_bytes(tar, MANIFEST_NAME, manifest_bytes(manifest), now.timestamp())
            raw.flush()
            os.fsync(raw.fileno())

    def sync_folder(self, folder: Path) -> None:
        """Make the rename itself durable, so a power cut cannot lose a finished backup."""
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def prune(self, folder: Path, keep: int) -> list[Path]:
        archives = sorted(
            (path for path in folder.iterdir() if ARCHIVE_NAME.match(path.name)), reverse=True
        )
        removed = archives[keep:]
        for path in removed:
            path.unlink()
        return removed
