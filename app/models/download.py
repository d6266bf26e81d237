"""Downloads a bundle file from its official URL, hashing it as it streams to disk.

The connection attempt has a short timeout so that an air-gapped workstation learns within
seconds that it is offline instead of hanging the installer; once connected, reads may stall a
little longer (slow links are common at district level).
"""
from __future__ import annotations

import logging
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from app.models.errors import ModelStoreError, OfflineError
from app.models.integrity import read_chunks, write_hashing

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0


def host_of(url: str) -> str:
    return urlsplit(url).hostname or url


def download_hashing(url: str, destination: Path, limit: int, *,
                     connect_timeout: float = CONNECT_TIMEOUT_S,
                     read_timeout: float = READ_TIMEOUT_S) -> tuple[int, str]:
    """Stream ``url`` into ``destination``; returns (bytes, sha256). Raises OfflineError when the
    host cannot be reached and ModelStoreError for any other download failure."""
    host = host_of(url)
    request = urllib.request.Request(url, headers={"User-Agent": "trucban-models/1"})
    try:
        with urllib.request.urlopen(request, timeout=connect_timeout) as response:
            _lengthen_read_timeout(response, read_timeout)
            return write_hashing(read_chunks(response), destination, limit)
    except urllib.error.HTTPError as exc:
        raise ModelStoreError(f"download of {destination.name} from {host} failed: "
                              f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OfflineError(f"offline: cannot reach {host} ({exc.reason}); "
                           f"{destination.name} was not downloaded") from None
    except (TimeoutError, ConnectionError) as exc:
        raise OfflineError(f"offline: no answer from {host} ({exc or 'timed out'}); "
                           f"{destination.name} was not downloaded") from None
    except OSError as exc:
        raise ModelStoreError(f"download of {destination.name} from {host} failed: {exc}") \
            from None


def _lengthen_read_timeout(response: object, seconds: float) -> None:
    # urllib uses one timeout for connect and reads; reach the socket to give reads more time.
    # Best effort only: if the private attribute chain changes, the connect timeout stays.
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)
