"""Stream URL helpers: put credentials into a source URL in memory, and take them out for display.

Camera credentials travel inside RTSP URLs (rtsp://user:pass@host/...) because that is the only
way ffmpeg and libvlc accept them. Those URLs must never reach a log, the UI or a local URL, so
anything that is shown or logged goes through `redact_url` / `redact_text` first.
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

REDACTED = "***"

# scheme://userinfo@ — userinfo is everything up to the last '@' before the host part.
_USERINFO_RE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/@\s]*)@")
# Query parameters that some cameras use for credentials (…?user=admin&password=…).
_SECRET_QUERY_RE = re.compile(
    r"(?P<name>[?&;](?:user(?:name)?|pass(?:word)?|pwd|auth|token|key)=)(?P<value>[^&;#\s]*)",
    re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """The URL with any user:password and credential-like query values replaced by ***."""
    return redact_text(url)


def redact_text(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Text (a log line, an ffmpeg message) with URL credentials and the given secrets removed.

    `secrets` catches a password that a tool echoes outside a URL, or percent-encoded.
    """
    cleaned = _USERINFO_RE.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    cleaned = _SECRET_QUERY_RE.sub(lambda m: f"{m.group('name')}{REDACTED}", cleaned)
    for secret in secrets:
        if len(secret) >= 3:  # redacting "a" would shred the text and hide nothing
            cleaned = cleaned.replace(secret, REDACTED)
            encoded = quote(secret, safe="")
            if encoded != secret:
                cleaned = cleaned.replace(encoded, REDACTED)
    return cleaned


def with_credentials(url: str, username: str, password: str) -> str:
    """The URL with user:password put in its authority part (percent-encoded), replacing any."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        raise ValueError("not an absolute URL with a host")
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    userinfo = quote(username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return urlunsplit((parts.scheme, f"{userinfo}@{host}", parts.path, parts.query, parts.fragment))


def url_secrets(url: str) -> tuple[str, ...]:
    """The user name and password embedded in a URL, decoded, for `redact_text`."""
    parts = urlsplit(url)
    found: list[str] = []
    for value in (parts.password, parts.username):
        if value:
            found.append(unquote(value))
    return tuple(found)
