"""SHA-256 of files, read in 1 MiB blocks (evidence, model bundles, photos, source video)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

BLOCK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder + fsync + rename, so a
    crash leaves either the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def store_hashed_copy(source: Path, folder: Path, suffix: str) -> str:
    """Copy ``source`` into ``folder`` as <sha256><suffix> (temp file + fsync + rename) and
    return the digest; an identical file already there is kept as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".copy-", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while block := src.read(BLOCK):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        target = folder / f"{digest.hexdigest()}{suffix}"
        if target.exists():
            os.unlink(temp)
        else:
            os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return digest.hexdigest()
