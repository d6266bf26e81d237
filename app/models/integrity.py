"""Size and SHA-256 checks of bundle files, done while the bytes stream through once."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from app.hashing import sha256_file as sha256_of
from app.models.manifest import BundleManifest, FileEntry

CHUNK = 1 << 20



def mismatch(label: str, entry: FileEntry, size: int, sha256: str) -> str | None:
    """A user-facing description of how a file differs from its manifest entry, or None."""
    if size != entry.size:
        return f"{label}: size is {size} bytes, the manifest says {entry.size}"
    if sha256 != entry.sha256:
        return (f"{label}: SHA-256 checksum mismatch (got {sha256[:16]}…, "
                f"the manifest says {entry.sha256[:16]}…); the file is damaged or not the "
                f"official one")
    return None


def write_hashing(chunks: Iterable[bytes], destination: Path, limit: int) -> tuple[int, str]:
    """Write chunks to a new file, hashing them; stops reading once ``limit`` is exceeded."""
    digest = hashlib.sha256()
    size = 0
    with destination.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                break
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size, digest.hexdigest()


def read_chunks(handle: BinaryIO) -> Iterable[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def verify_folder(manifest: BundleManifest, folder: Path) -> list[str]:
    """Every problem with the files of a bundle folder (empty when all sizes and sums match)."""
    problems: list[str] = []
    for entry in manifest.files.values():
        path = folder / entry.path
        if not path.is_file():
            problems.append(f"{entry.path}: file is missing")
            continue
        size = path.stat().st_size
        # Size first: a truncated copy is refused without reading hundreds of megabytes.
        sha = sha256_of(path) if size == entry.size else ""
        problem = mismatch(entry.path, entry, size, sha)
        if problem:
            problems.append(problem)
    return problems
