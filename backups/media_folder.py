"""Restoring the media folder without ever leaving half of one.

Files are extracted into a staging folder beside MEDIA_ROOT (same file system, so the final step
is a rename) and swapped in only after the database restore succeeded. When MEDIA_ROOT is itself a
mount point (the shared NFS volume of a multi-machine setup) it cannot be renamed, so the staging
folder is made inside it and its entries are moved into place one rename each.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".pedagogsajten-restore-"
OLD_PREFIX = ".pedagogsajten-replaced-"


def has_entries(media_root: Path) -> bool:
    return media_root.is_dir() and any(media_root.iterdir())


def make_staging_folder(media_root: Path) -> Path:
    if os.path.ismount(media_root):
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root))
    else:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root.parent))
    # mkdtemp makes the folder private (0700); once swapped in, the web server must read it.
    mode = media_root.stat().st_mode & 0o7777 if media_root.is_dir() else _default_folder_mode()
    staging.chmod(mode)
    return staging


def _default_folder_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _take_owner_of(media_root: Path, staging: Path) -> None:
    """Run as root (as a restore on a new machine often is), the restored files would belong to
    root and the site could not add uploads beside them: give them the existing folder's owner."""
    if os.geteuid() != 0 or not media_root.is_dir():
        return
    owner = media_root.stat()
    for folder, subfolders, files in os.walk(staging):
        for name in [folder, *(os.path.join(folder, entry) for entry in subfolders + files)]:
            os.chown(name, owner.st_uid, owner.st_gid, follow_symlinks=False)


def swap_in(staging: Path, media_root: Path) -> None:
    """Make the staging folder's content the media folder's, replacing whatever was there."""
    _take_owner_of(media_root, staging)
    if staging.parent == media_root:
        for entry in list(media_root.iterdir()):
            if entry != staging:
                _remove(entry)
        for entry in list(staging.iterdir()):
            entry.rename(media_root / entry.name)
        staging.rmdir()
        return
    if media_root.exists():
        replaced = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=media_root.parent))
        previous = replaced / media_root.name
        media_root.rename(previous)
        staging.rename(media_root)
        shutil.rmtree(replaced)
    else:
        staging.rename(media_root)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
