"""Unpacks a zipped bundle without letting any entry escape the target folder (zip-slip)."""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from app.models.errors import BundleRefused

# A bundle is weights plus a manifest; far larger archives are refused before unpacking.
MAX_UNPACKED_BYTES = 4 << 30
MAX_ENTRIES = 1000


def _safe_member(info: zipfile.ZipInfo, archive: Path) -> PurePosixPath | None:
    name = info.filename.replace("\\", "/")
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise BundleRefused(f"{archive.name}: refused, entry {info.filename!r} points outside "
                            f"the bundle folder")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BundleRefused(f"{archive.name}: refused, entry {info.filename!r} is a symbolic link")
    if info.is_dir() or not pure.parts:
        return None
    return pure


def unpack_bundle_zip(archive: Path, target: Path) -> None:
    """Check every entry first, then extract into ``target`` (which must be empty)."""
    try:
        with zipfile.ZipFile(archive) as bundle_zip:
            infos = bundle_zip.infolist()
            if len(infos) > MAX_ENTRIES:
                raise BundleRefused(f"{archive.name}: refused, {len(infos)} entries is too many "
                                    f"for a model bundle")
            members = [(info, _safe_member(info, archive)) for info in infos]
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise BundleRefused(f"{archive.name}: refused, it unpacks to more than "
                                    f"{MAX_UNPACKED_BYTES >> 30} GiB")
            root = target.resolve()
            for info, pure in members:
                if pure is None:
                    continue
                destination = (root / pure).resolve()
                if not destination.is_relative_to(root):
                    raise BundleRefused(f"{archive.name}: refused, entry {info.filename!r} "
                                        f"points outside the bundle folder")
                destination.parent.mkdir(parents=True, exist_ok=True)
                with bundle_zip.open(info) as source, destination.open("wb") as out:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
    except zipfile.BadZipFile as exc:
        raise BundleRefused(f"{archive.name}: not a readable zip archive ({exc})") from None
