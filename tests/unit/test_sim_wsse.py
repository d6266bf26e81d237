from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from lxml import etree

from app.sim.soap_server import PASSWORD_DIGEST, WSSE, WSU, UsernameTokenVerifier


def envelope(username: str, password: str, nonce: bytes, created: str,
             password_type: str = PASSWORD_DIGEST) -> etree._Element:
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode())
                              .digest()).decode()
    return etree.fromstring(
        f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="{WSSE}" '
        f'xmlns:wsu="{WSU}"><s:Header><wsse:Security><wsse:UsernameToken>'
        f"<wsse:Username>{username}</wsse:Username>"
        f'<wsse:Password Type="{password_type}">{digest}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security>"
        "</s:Header><s:Body/></s:Envelope>".encode())


def now_text(offset: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + offset).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_accepts_the_right_digest_once() -> None:
    verifier = UsernameTokenVerifier("admin", "s3cret")
    request = envelope("admin", "s3cret", b"nonce-1", now_text())
    assert verifier.verify(request)
    assert not verifier.verify(request)  # a replayed nonce is refused


def test_refuses_wrong_password_user_stale_token_and_plain_text() -> None:
    verifier = UsernameTokenVerifier("admin", "s3cret")
    assert not verifier.verify(envelope("admin", "wrong", b"n1", now_text()))
    assert not verifier.verify(envelope("root", "s3cret", b"n2", now_text()))
    assert not verifier.verify(envelope("admin", "s3cret", b"n3", now_text(timedelta(hours=1))))
    assert not verifier.verify(envelope("admin", "s3cret", b"n4", now_text(),
                                        password_type="urn:PasswordText"))
    no_token = etree.fromstring(b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/'
                                b'soap-envelope"><s:Body/></s:Envelope>')
    assert not verifier.verify(no_token)
