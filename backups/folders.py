"""The folders of uploaded files a backup carries: MEDIA_ROOT (public, served by the proxy) and,
where the site has one, PRIVATE_MEDIA_ROOT (files not yet on a published page). Each becomes a
top-level folder of the archive; a restore puts each back where the restoring site's settings (or
the command line) say.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class FileFolder:
    archive_name: str  # its top-level folder in the archive
    setting: str
    option: str  # restore's option that overrides the setting
    name: str  # Swedish, for messages


FILE_FOLDERS = (
    FileFolder("media", "MEDIA_ROOT", "media_root", "mediamappen"),
    FileFolder(
        "private-media", "PRIVATE_MEDIA_ROOT", "private_media_root", "mappen för privata filer"
    ),
)


def configured_folders(overrides: dict | None = None) -> list[tuple[FileFolder, Path]]:
    """(folder, where it is) for each folder this site has, or that `overrides` (restore's
    options, by `FileFolder.option`) names."""
    overrides = overrides or {}
    found = []
    for folder in FILE_FOLDERS:
        location = overrides.get(folder.option) or getattr(settings, folder.setting, None)
        if location:
            found.append((folder, Path(os.path.abspath(location))))
    return found


def folder_named(archive_name: str) -> FileFolder | None:
    return next((folder for folder in FILE_FOLDERS if folder.archive_name == archive_name), None)
