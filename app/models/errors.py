"""Model-bundle errors the user can act on.

``str(error)`` is a user-facing message: it names the bundle, the file or the manifest field that
is wrong and what to do. They are distinct from bugs and are shown without a traceback.
"""
from __future__ import annotations


class ModelStoreError(Exception):
    """A bundle cannot be read, installed, verified or removed as asked."""


class ManifestError(ModelStoreError):
    """A manifest is malformed; ``field`` is the dotted path of the offending field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class BundleRefused(ModelStoreError):
    """A bundle failed verification (size or checksum) and was not installed."""


class OfflineError(ModelStoreError):
    """The official download address cannot be reached (no network, air-gapped site)."""
