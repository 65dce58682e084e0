"""The backup archive: one uncompressed tar with `database.dump`, one folder per folder of
uploaded files (`media/…`, `private-media/…`, backups/folders.py) and `manifest.json`.

Plain tar, not .tar.gz: the dump is already compressed by pg_dump and the media are JPEG, PNG,
WebP, MP3, MP4 and PDF, which gzip barely shrinks while it would cost minutes of CPU on every
backup. A plain tar can also be indexed by seeking over its headers, so a restore reads the
manifest (written last, when every checksum is known) without reading the data first.

Every file's sha256 is computed while it is copied into or out of the archive: a file is read
once, and what is checked is exactly what was stored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FORMAT = "pedagogsajten-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
ARCHIVE_FILE_MODE = 0o644
FOLDER_NAME = re.compile(r"^[a-z][a-z-]*$")
CHUNK = 1024 * 1024


class CorruptArchive(Exception):
    """The archive is not one of ours, is incomplete, or a checksum does not match."""


class HashingReader(io.RawIOBase):
    """Passes a file through while computing its sha256 and size."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def entry(self, path: str) -> dict:
        return {"path": path, "size": self.size, "sha256": self.digest.hexdigest()}


def folder_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to `root`, absolute path) of every regular file, in a stable order.
    Symbolic links are not followed: nothing the site uploads is one."""
    if not root.is_dir():
        return
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def add_file(tar: tarfile.TarFile, source: Path, name: str) -> dict:
    """Add `source` as `name`; return its manifest entry (path, size, sha256)."""
    info = tarfile.TarInfo(name)
    stat = source.stat()
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = ARCHIVE_FILE_MODE
    with source.open("rb") as handle:
        reader = HashingReader(handle)
        # tarfile copies exactly info.size bytes and raises if the file shrank meanwhile.
        tar.addfile(info, reader)
    return reader.entry(name)


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = ARCHIVE_FILE_MODE
    tar.addfile(info, io.BytesIO(data))


def manifest_bytes(manifest: dict) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"


def _safe_relative_path(path: object) -> str:
    """A file path from the manifest, refused if it could land outside its folder."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        raise CorruptArchive(f"ogiltig sökväg i manifestet: {path!r}")
    parts = PurePosixPath(path).parts
    if PurePosixPath(path).is_absolute() or any(part in ("", ".", "..") for part in parts):
        raise CorruptArchive(f"ogiltig sökväg i manifestet: {path!r}")
    return PurePosixPath(*parts).as_posix()


def _checked_entry(entry: object, what: str) -> dict:
    if not (
        isinstance(entry, dict)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("sha256"), str)
        and len(entry["sha256"]) == 64
    ):
        raise CorruptArchive(f"manifestet saknar storlek eller kontrollsumma för {what}")
    return entry


def validate_manifest(manifest: object) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CorruptArchive("manifestet är inte från en säkerhetskopia av Pedagogsajten")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise CorruptArchive(
            f"arkivformat {version!r} är nyare än denna version av sajten kan läsa "
            f"({FORMAT_VERSION}); återställ med samma eller nyare kod"
        )
    _checked_entry(manifest.get("database"), DUMP_NAME)
    folders = manifest.get("files")
    if not isinstance(folders, dict) or not all(
        isinstance(name, str)
        and FOLDER_NAME.match(name)
        and isinstance(folder, dict)
        and isinstance(folder.get("files"), list)
        for name, folder in folders.items()
    ):
        raise CorruptArchive("manifestet saknar listan över filer")
    for folder in folders.values():
        for entry in folder["files"]:
            _checked_entry(entry, str(entry.get("path") if isinstance(entry, dict) else entry))
            if _safe_relative_path(entry["path"]) != entry["path"]:
                raise CorruptArchive(f"ogiltig sökväg i manifestet: {entry['path']!r}")
    counts = manifest.get("counts")
    if not isinstance(counts, list) or not all(
        isinstance(row, dict)
        and isinstance(row.get("model"), str)
        and isinstance(row.get("table"), str)
        and isinstance(row.get("rows"), int)
        for row in counts
    ):
        raise CorruptArchive("manifestet saknar antalen per modell")
    if not isinstance(manifest.get("versions"), dict):
        raise CorruptArchive("manifestet saknar versionerna")
    return manifest


@dataclass
class Expected:
    """What one archive member must be, and where it goes when restored (None: only checked)."""

    size: int
    sha256: str
    destination: Path | None = None


class ArchiveReader:
    """An archive opened for restore: the manifest is read and checked against the member list
    when opening; `verify_and_extract` then checks every byte while copying it out."""

    def __init__(self, path: Path):
        self.path = path
        try:
            # Kept open for the reader's lifetime and closed by __exit__.
            self.tar = tarfile.open(path, mode="r:")  # noqa: SIM115
        except FileNotFoundError as error:
            raise CorruptArchive(f"arkivet {path} finns inte") from error
        except (tarfile.TarError, OSError) as error:
            raise CorruptArchive(f"{path} är inget läsbart tar-arkiv ({error})") from error
        try:
            try:
                self.members = self.tar.getmembers()
            except (tarfile.TarError, EOFError, OSError) as error:
                raise CorruptArchive(f"arkivet är ofullständigt ({error})") from error
            self.manifest = validate_manifest(self._read_manifest())
            self._check_members()
        except BaseException:
            self.tar.close()
            raise

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *_exc) -> None:
        self.tar.close()

    def _read_manifest(self) -> object:
        manifests = [member for member in self.members if member.name == MANIFEST_NAME]
        if len(manifests) != 1 or not manifests[0].isreg():
            raise CorruptArchive(f"arkivet har inget {MANIFEST_NAME}")
        try:
            return json.loads(self.tar.extractfile(manifests[0]).read().decode())
        except (ValueError, UnicodeDecodeError, tarfile.TarError, OSError) as error:
            raise CorruptArchive(f"{MANIFEST_NAME} kan inte läsas ({error})") from error

    def folders(self) -> dict[str, list[dict]]:
        """{archive folder: its manifest entries} for every folder of files in the archive."""
        return {name: folder["files"] for name, folder in self.manifest["files"].items()}

    def file_count(self) -> int:
        return sum(len(entries) for entries in self.folders().values())

    def total_size(self) -> int:
        return sum(entry["size"] for entries in self.folders().values() for entry in entries)

    def _check_members(self) -> None:
        expected = {DUMP_NAME, MANIFEST_NAME} | {
            f"{folder}/{entry['path']}"
            for folder, entries in self.folders().items()
            for entry in entries
        }
        seen = set()
        for member in self.members:
            if member.name in seen:
                raise CorruptArchive(f"{member.name} finns två gånger i arkivet")
            seen.add(member.name)
            if member.name not in expected:
                raise CorruptArchive(f"{member.name} finns i arkivet men inte i manifestet")
            if not member.isreg():
                raise CorruptArchive(f"{member.name} är ingen vanlig fil")
        missing = sorted(expected - seen)
        if missing:
            more = f" och {len(missing) - 1} till" if len(missing) > 1 else ""
            raise CorruptArchive(f"{missing[0]}{more} saknas i arkivet")

    def verify_and_extract(
        self,
        dump_destination: Path | None = None,
        folder_destinations: dict[str, Path] | None = None,
    ) -> None:
        """Read every member once, in archive order, checking size and sha256 against the
        manifest; write it out when destinations are given ({archive folder: where}). Raises
        CorruptArchive on the first difference (the caller removes what was written)."""
        database = self.manifest["database"]
        plan = {DUMP_NAME: Expected(database["size"], database["sha256"], dump_destination)}
        for folder, entries in self.folders().items():
            root = (folder_destinations or {}).get(folder)
            for entry in entries:
                plan[f"{folder}/{entry['path']}"] = Expected(
                    entry["size"], entry["sha256"], root / entry["path"] if root else None
                )
        for member in self.members:
            if member.name == MANIFEST_NAME:
                continue
            expected = plan[member.name]
            if member.size != expected.size:
                raise CorruptArchive(
                    f"{member.name} har storleken {member.size} byte, manifestet säger "
                    f"{expected.size}"
                )
            try:
                digest = self._copy_member(member, expected.destination)
            except (tarfile.TarError, EOFError) as error:
                raise CorruptArchive(f"{member.name} kan inte läsas ({error})") from error
            if digest != expected.sha256:
                raise CorruptArchive(f"{member.name} har fel kontrollsumma (sha256)")

    def _copy_member(self, member: tarfile.TarInfo, destination: Path | None) -> str:
        digest = hashlib.sha256()
        source = self.tar.extractfile(member)
        target = None
        if destination is not None:
            destination.parent.mkdir(parents=True, exist_ok=True)
            target = destination.open("xb")
        try:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                if target is not None:
                    target.write(chunk)
        finally:
            if target is not None:
                target.close()
        return digest.hexdigest()
