"""`manage.py backup` and `manage.py restore` on real PostgreSQL: the demo content makes a round
trip into a second, empty database and media folder and comes back identical; a restore refuses a
target in use (without --force) and a corrupted archive before changing anything; a failed backup
leaves no file behind. Transactional tests: pg_dump runs in its own session and sees only
committed rows."""

import errno
import hashlib
import io
import json
import os
import re
import stat
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtailmedia import get_media_model

from backups import media_folder, postgres
from backups.management.commands import backup as backup_command
from media_library.factories import DocumentFactory, SiteImageFactory
from tests.factories import baseline, publish

pytestmark = pytest.mark.django_db(transaction=True)


# --- the server, a second database, folders ---------------------------------------------------


def connection_params(database: str) -> dict:
    """libpq parameters for `database` on the test database's server, with its credentials."""
    return postgres.Database.from_django({**connection.settings_dict, "NAME": database}).params


def database_url(database: str) -> str:
    params = connection_params(database)
    credentials = quote(params.get("user", ""))
    if params.get("password"):
        credentials += ":" + quote(params["password"])
    host = params.get("host", "")
    port = params.get("port", "")
    if host.startswith("/"):  # a Unix socket folder goes in the query string
        return f"postgresql://{credentials}@/{quote(database)}?host={quote(host, safe='')}"
    return f"postgresql://{credentials}@{host}{':' + port if port else ''}/{quote(database)}"


@pytest.fixture
def site_files(settings, tmp_path) -> Path:
    """The site's file folders for this test only, so the archive holds this test's files:
    `media/` (MEDIA_ROOT) and `private-media/` (PRIVATE_MEDIA_ROOT) in one folder, named as
    the archive names them."""
    folder = tmp_path / "site"
    for name, setting in (("media", "MEDIA_ROOT"), ("private-media", "PRIVATE_MEDIA_ROOT")):
        (folder / name).mkdir(parents=True)
        setattr(settings, setting, folder / name)
    return folder


@pytest.fixture
def empty_database():
    """A second database on the same server, dropped afterwards; yields its name."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(**connection_params("postgres"), autocommit=True) as server:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        server.execute(drop)
        server.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)
            )
        )
    yield name
    with psycopg.connect(**connection_params("postgres"), autocommit=True) as server:
        server.execute(drop)


@pytest.fixture
def small_site(site_files):
    """A published home page, an image and a document: enough for the refusals."""
    home = baseline()
    publish(home)
    SiteImageFactory(title="Skolgården")
    DocumentFactory(title="Lektionsplanering")
    return home


@pytest.fixture
def fake_client_programs(tmp_path, monkeypatch):
    """A PG_BIN_DIR whose pg_dump/pg_restore are scripts: `make("pg_dump", version, body)`."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()

    def make(name: str, version: str, body: str) -> Path:
        monkeypatch.setenv("PG_BIN_DIR", str(folder))
        program = folder / name
        program.write_text(
            "#!/bin/sh\n"
            f'if [ "$1" = "--version" ]; then echo "{name} (PostgreSQL) {version}"; exit 0; fi\n'
            f"{body}\n"
        )
        program.chmod(0o755)
        return program

    return make


def run(command: str, *args) -> str:
    output = io.StringIO()
    call_command(command, *args, stdout=output)
    return output.getvalue()


def restore_into(archive: Path, database: str, files: Path, *options) -> str:
    """Restore into `database` and the file folders below `files`, not the site's own."""
    return run(
        "restore",
        str(archive),
        "--database-url",
        database_url(database),
        "--media-root",
        str(files / "media"),
        "--private-media-root",
        str(files / "private-media"),
        *options,
    )


def take_backup(folder: Path) -> tuple[Path, str]:
    output = run("backup", "--output", f"{folder}/")
    archives = sorted(folder.glob("pedagogsajten-*.tar"))
    assert len(archives) == 1, output
    return archives[0], output


# --- what is compared ---------------------------------------------------------------------------


def table(model) -> sql.Identifier:
    return sql.Identifier(model._meta.db_table)


def site_snapshot(database: str) -> dict:
    """Everything the round trip must keep, read with plain SQL so that the source and the
    restored database are read the same way."""
    image_model = get_image_model()
    queries = {
        "pages": sql.SQL(
            "SELECT p.id, p.title, p.slug, p.url_path, p.path, p.live, p.has_unpublished_changes,"
            " p.latest_revision_id, ct.app_label || '.' || ct.model FROM {} p"
            " JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY p.id"
        ).format(table(Page)),
        "revisions": sql.SQL(
            "SELECT id, object_id, content_type_id, created_at, user_id, content FROM {} "
            "ORDER BY id"
        ).format(table(Revision)),
        "images": sql.SQL(
            "SELECT id, title, file, file_hash, file_size, width, height, collection_id "
            "FROM {} ORDER BY id"
        ).format(table(image_model)),
        "renditions": sql.SQL("SELECT id, image_id, filter_spec, file FROM {} ORDER BY id").format(
            table(image_model.get_rendition_model())
        ),
        "documents": sql.SQL("SELECT id, title, file, file_hash FROM {} ORDER BY id").format(
            table(get_document_model())
        ),
        "media": sql.SQL("SELECT id, title, type, file FROM {} ORDER BY id").format(
            table(get_media_model())
        ),
        "users": sql.SQL("SELECT id, username, password, email FROM {} ORDER BY id").format(
            table(get_user_model())
        ),
        "migrations": sql.SQL("SELECT app, name FROM django_migrations ORDER BY id"),
        # pg_dump carries each sequence's position: new rows after a restore get new ids.
        "sequences": sql.SQL(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
            "ORDER BY sequencename"
        ),
    }
    with psycopg.connect(**connection_params(database)) as source:
        return {name: source.execute(query).fetchall() for name, query in queries.items()}


def file_checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def relations_in(database: str) -> int:
    with psycopg.connect(**connection_params(database)) as target:
        return target.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public'"
        ).fetchone()[0]


def leftovers(folder: Path) -> list[str]:
    """Hidden work folders and partial files the commands might have left."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


# --- the round trip -----------------------------------------------------------------------------


def test_demo_content_round_trip_into_a_new_database_and_file_folders(
    site_files, empty_database, tmp_path
):
    baseline()
    call_command("seed_demo", stdout=io.StringIO())
    # Renditions are made when pages are viewed; make one per image as readers would.
    for image in get_image_model().objects.all():
        image.get_rendition("fill-320x180|format-webp")
    source = site_snapshot(connection.settings_dict["NAME"])
    source_files = file_checksums(site_files)
    # The demo is what makes this a real test: many pages with revisions and every kind of file.
    assert len(source["pages"]) > 60 and len(source["revisions"]) > 60
    assert source["images"] and source["renditions"] and source["documents"] and source["media"]
    assert len(source_files) > 50
    # Published pages' files are public; drafts' files and documents wait in the private folder.
    assert {path.split("/")[0] for path in source_files} == {"media", "private-media"}

    archive, backup_output = take_backup(tmp_path / "backups")
    assert re.match(r"Säkerhetskopian är klar: .+pedagogsajten-\d{8}-\d{6}\.tar", backup_output)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "database.dump" and names[-1] == "manifest.json"
    assert sorted(names[1:-1]) == sorted(source_files)
    assert manifest["format"] == "pedagogsajten-backup" and manifest["format_version"] == 1
    assert manifest["versions"]["postgresql_server"].split(".")[0] == "18"
    counts = {row["model"]: row["rows"] for row in manifest["counts"]}
    assert counts["wagtailcore.Page"] == Page.objects.count() == len(source["pages"])
    assert counts["wagtailcore.Revision"] == Revision.objects.count()
    assert counts["media_library.SiteImage"] == get_image_model().objects.count()
    assert counts["media_library.SiteRendition"] == len(source["renditions"])
    assert counts["wagtaildocs.Document"] == len(source["documents"])
    assert counts["media_library.SiteMedia"] == len(source["media"])
    assert counts[get_user_model()._meta.label] == len(source["users"])
    archived = {
        f"{folder}/{entry['path']}": entry["sha256"]
        for folder, content in manifest["files"].items()
        for entry in content["files"]
    }
    assert archived == source_files
    # Every file the database names is in the archive.
    assert manifest["missing_files"] == []

    restored = tmp_path / "restored"
    restore_output = restore_into(archive, empty_database, restored)
    pages = len(source["pages"])
    assert re.search(rf"^  sidor +{pages} av {pages}$", restore_output, re.MULTILINE)
    assert "alla kontrollsummor stämmer" in restore_output
    assert "manage.py update_index" in restore_output

    assert site_snapshot(empty_database) == source
    assert file_checksums(restored) == source_files
    assert leftovers(restored) == []

    # Restoring again over what is now in use is refused and changes nothing …
    with pytest.raises(CommandError) as refused:
        restore_into(archive, empty_database, restored)
    message = str(refused.value)
    assert "inte tom" in message and "--force" in message and "Inget har ändrats" in message
    assert f"mediamappen {restored / 'media'}" in message
    assert site_snapshot(empty_database) == source
    # … and --force replaces all of it, including a table a later migration might have added
    # and a file the archive does not have.
    with psycopg.connect(**connection_params(empty_database)) as target:
        target.execute("CREATE TABLE later_migration (id int)")
        target.execute(sql.SQL("UPDATE {} SET title = 'Ändrad efteråt'").format(table(Page)))
    (restored / "media" / "stray.txt").write_text("inte från arkivet")
    restore_into(archive, empty_database, restored, "--force")
    assert site_snapshot(empty_database) == source
    assert file_checksums(restored) == source_files
    assert leftovers(restored) == []
    with psycopg.connect(**connection_params(empty_database)) as target:
        assert target.execute("SELECT to_regclass('later_migration')").fetchone()[0] is None


# --- refusals -----------------------------------------------------------------------------------


def test_restore_refuses_the_sites_database_in_use_without_force(small_site, tmp_path):
    archive, _ = take_backup(tmp_path / "backups")
    before = site_snapshot(connection.settings_dict["NAME"])
    elsewhere = tmp_path / "empty"

    # The site's own database (the default target) has the tables and pages the tests made.
    with pytest.raises(CommandError) as refused:
        run(
            "restore",
            str(archive),
            "--media-root",
            str(elsewhere / "media"),
            "--private-media-root",
            str(elsewhere / "private-media"),
        )
    message = str(refused.value)
    assert "databasen" in message and "inte tom" in message and "sidor" in message
    assert "Inget har ändrats" in message
    assert site_snapshot(connection.settings_dict["NAME"]) == before
    assert not elsewhere.exists()


def test_restore_refuses_a_file_folder_in_use_without_force(small_site, empty_database, tmp_path):
    archive, _ = take_backup(tmp_path / "backups")
    occupied = tmp_path / "occupied"
    (occupied / "private-media").mkdir(parents=True)
    (occupied / "private-media" / "annan-fil.jpg").write_bytes(b"annan")

    with pytest.raises(CommandError) as refused:
        restore_into(archive, empty_database, occupied)
    assert f"mappen för privata filer {occupied / 'private-media'} är inte tom" in str(
        refused.value
    )
    assert relations_in(empty_database) == 0
    assert file_checksums(occupied) == {
        "private-media/annan-fil.jpg": hashlib.sha256(b"annan").hexdigest()
    }


def test_force_puts_the_sites_own_database_and_folders_back(small_site, site_files, tmp_path):
    """Undoing a bad day: the archive replaces the site's own database and file folders, in
    the running process, which then reads the restored rows."""
    archive, _ = take_backup(tmp_path / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # accounts and readers' comments
    database = connection.settings_dict["NAME"]
    before, before_files = site_snapshot(database), file_checksums(site_files)
    SiteImageFactory(title="Uppladdad efter säkerhetskopian")
    publish(small_site)
    assert site_snapshot(database) != before and file_checksums(site_files) != before_files

    output = run("restore", str(archive), "--force", "--reindex")
    assert "--force: databasen" in output and "innehållet ersätts" in output
    assert "Bygger om sökindexet" in output
    after = site_snapshot(database)
    # --reindex has just written the database search backend's index rows again.
    for snapshot in (before, after):
        snapshot["sequences"] = [
            row for row in snapshot["sequences"] if not row[0].startswith("wagtailsearch_")
        ]
    assert after == before
    assert file_checksums(site_files) == before_files
    assert leftovers(site_files) == []
    assert Page.objects.count() == len(before["pages"])


def test_force_waits_for_no_one_and_changes_nothing_while_the_site_holds_locks(
    small_site, empty_database, tmp_path, monkeypatch
):
    archive, _ = take_backup(tmp_path / "backups")
    target = tmp_path / "restored"
    restore_into(archive, empty_database, target)
    restored, restored_files = site_snapshot(empty_database), file_checksums(target)
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "1s")

    # A running app server's open transaction that has read pages.
    with psycopg.connect(**connection_params(empty_database)) as app_server:
        app_server.execute(sql.SQL("SELECT count(*) FROM {}").format(table(Page)))
        with pytest.raises(CommandError) as refused:
            restore_into(archive, empty_database, target, "--force")
    assert "används av andra" in str(refused.value) and "Inget har ändrats" in str(refused.value)
    assert site_snapshot(empty_database) == restored
    assert file_checksums(target) == restored_files and leftovers(target) == []


def flip_a_byte_of_an_uploaded_file(archive: Path) -> str:
    with tarfile.open(archive) as tar:
        member = next(
            member
            for member in tar.getmembers()
            if member.name not in ("database.dump", "manifest.json")
        )
    with archive.open("r+b") as raw:
        raw.seek(member.offset_data + member.size // 2)
        byte = raw.read(1)
        raw.seek(-1, os.SEEK_CUR)
        raw.write(bytes([byte[0] ^ 0xFF]))
    return member.name


def test_a_corrupted_archive_is_refused_before_anything_changes(
    small_site, empty_database, tmp_path
):
    archive, _ = take_backup(tmp_path / "backups")
    assert "är hel" in run("restore", str(archive), "--verify-only")
    damaged = flip_a_byte_of_an_uploaded_file(archive)
    target = tmp_path / "restore-target"
    (target / "media").mkdir(parents=True)  # an empty folder is a valid target

    with pytest.raises(CommandError) as refused:
        run("restore", str(archive), "--verify-only")
    assert f"{damaged} har fel kontrollsumma" in str(refused.value)

    with pytest.raises(CommandError) as refused:
        restore_into(archive, empty_database, target)
    assert "Säkerhetskopian är skadad" in str(refused.value)
    assert f"{damaged} har fel kontrollsumma" in str(refused.value)
    assert "Inget har ändrats" in str(refused.value)
    assert relations_in(empty_database) == 0
    assert [path.name for path in target.iterdir()] == ["media"]
    assert list((target / "media").iterdir()) == []


def test_an_archive_that_is_not_ours_or_is_cut_short_is_refused(tmp_path, small_site):
    archive, _ = take_backup(tmp_path / "backups")
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="Säkerhetskopian kan inte användas"):
        run("restore", str(cut), "--verify-only")

    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        data = b'{"format": "annat"}'
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="inte från en säkerhetskopia av Pedagogsajten"):
        run("restore", str(foreign), "--verify-only")

    with pytest.raises(CommandError, match="finns inte"):
        run("restore", str(tmp_path / "saknas.tar"), "--verify-only")


def test_a_failed_pg_restore_leaves_the_targets_untouched(
    small_site, empty_database, tmp_path, fake_client_programs
):
    archive, _ = take_backup(tmp_path / "backups")
    fake_client_programs(
        "pg_restore", "18.0", 'echo "pg_restore: error: could not execute query" >&2; exit 1'
    )
    target = tmp_path / "restore-target"
    target.mkdir()

    with pytest.raises(CommandError) as failed:
        restore_into(archive, empty_database, target)
    assert "pg_restore misslyckades" in str(failed.value)
    assert "could not execute query" in str(failed.value)
    assert "oförändrade" in str(failed.value)
    assert relations_in(empty_database) == 0
    assert list(target.iterdir()) == []


# --- failed backups -----------------------------------------------------------------------------


def test_a_failing_pg_dump_leaves_no_file(small_site, tmp_path, fake_client_programs):
    fake_client_programs(
        "pg_dump",
        "18.0",
        'for arg; do case "$arg" in --file=*) echo halv > "${arg#--file=}";; esac; done\n'
        'echo "pg_dump: error: Dumping the contents of table failed" >&2; exit 1',
    )
    folder = tmp_path / "backups"
    with pytest.raises(CommandError) as failed:
        run("backup", "--output", f"{folder}/")
    assert "pg_dump misslyckades" in str(failed.value)
    assert "ingen säkerhetskopia sparades" in str(failed.value)
    assert list(folder.iterdir()) == []


def test_a_pg_dump_older_than_the_server_is_refused(small_site, tmp_path, fake_client_programs):
    fake_client_programs("pg_dump", "14.12", "exit 0")
    folder = tmp_path / "backups"
    with pytest.raises(CommandError) as refused:
        run("backup", "--output", f"{folder}/")
    assert "pg_dump måste vara minst samma huvudversion som servern" in str(refused.value)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_missing_pg_dump_is_named(small_site, tmp_path, monkeypatch):
    monkeypatch.setenv("PG_BIN_DIR", str(tmp_path / "ingenstans"))
    with pytest.raises(CommandError, match="pg_dump finns inte i PG_BIN_DIR"):
        run("backup", "--output", f"{tmp_path / 'backups'}/")


def test_a_full_disk_leaves_no_half_archive(small_site, tmp_path, monkeypatch):
    real_add_file = backup_command.add_file

    def add_until_the_disk_is_full(tar, source, name):
        if name != "database.dump":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_add_file(tar, source, name)

    monkeypatch.setattr(backup_command, "add_file", add_until_the_disk_is_full)
    folder = tmp_path / "backups"
    with pytest.raises(CommandError) as failed:
        run("backup", "--output", f"{folder}/")
    assert "disken är full" in str(failed.value)
    assert "Ingen halv säkerhetskopia" in str(failed.value)
    assert list(folder.iterdir()) == []


def test_a_backup_without_the_uploaded_files_is_refused(small_site, site_files, tmp_path):
    """As when a cron job's environment points MEDIA_ROOT somewhere else."""
    for path in list(site_files.rglob("*")):
        if path.is_file():
            path.unlink()
    with pytest.raises(CommandError, match="kontrollera inställningarna"):
        run("backup", "--output", f"{tmp_path / 'backups'}/")


def test_keep_prunes_the_oldest_archives(small_site, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in ("20240101", "20240102", "20240103"):
        (folder / f"pedagogsajten-{day}-020000.tar").write_bytes(b"gammal")
    (folder / "annat.tar").write_text("inte vår")

    output = run("backup", "--output", f"{folder}/", "--keep", "2")
    remaining = sorted(path.name for path in folder.iterdir())
    assert "annat.tar" in remaining and "pedagogsajten-20240103-020000.tar" in remaining
    assert len([name for name in remaining if name.startswith("pedagogsajten-")]) == 2
    assert "Borttagen enligt --keep 2: pedagogsajten-20240101-020000.tar" in output


def test_reindex_only_applies_to_the_sites_own_database(small_site, tmp_path, empty_database):
    archive, _ = take_backup(tmp_path / "backups")
    with pytest.raises(CommandError, match="--reindex"):
        run("restore", str(archive), "--database-url", database_url(empty_database), "--reindex")


def test_a_mounted_media_folder_is_filled_in_place(tmp_path, monkeypatch):
    """A shared volume mounted at MEDIA_ROOT cannot be renamed: the restore stages inside it."""
    mounted = tmp_path / "nfs-media"
    mounted.mkdir()
    (mounted / "gammal.jpg").write_bytes(b"gammal")
    monkeypatch.setattr(media_folder.os.path, "ismount", lambda path: Path(path) == mounted)

    staging = media_folder.make_staging_folder(mounted)
    assert staging.parent == mounted
    (staging / "original_images").mkdir()
    (staging / "original_images" / "ny.jpg").write_bytes(b"ny")
    media_folder.swap_in(staging, mounted)
    assert file_checksums(mounted) == {"original_images/ny.jpg": hashlib.sha256(b"ny").hexdigest()}
