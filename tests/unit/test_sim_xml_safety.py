from __future__ import annotations

from pathlib import Path

import pytest

from app.cameras.xml_safety import MalformedXmlError, UnsafeXmlError, parse_untrusted

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><a>&lol3;</a>"""


def xxe(path: Path) -> str:
    return f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{path}">]><a>&x;</a>'


def test_parses_plain_xml() -> None:
    root = parse_untrusted(b'<a xmlns="urn:x"><b>1</b></a>')
    assert root[0].text == "1"


def test_refuses_billion_laughs() -> None:
    with pytest.raises(UnsafeXmlError):
        parse_untrusted(BOMB)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_refuses_external_entities_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    secret = tmp_path / "secret"
    secret.write_text("MARKER")
    payload = xxe(secret)
    if encoding != "utf-8":
        payload = payload.replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    with pytest.raises(UnsafeXmlError) as caught:
        parse_untrusted(payload.encode(encoding))
    assert "MARKER" not in str(caught.value)


def test_refuses_oversize_and_malformed() -> None:
    with pytest.raises(UnsafeXmlError):
        parse_untrusted(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)
    with pytest.raises(MalformedXmlError):
        parse_untrusted(b"<a><b></a>")
    with pytest.raises(MalformedXmlError):
        parse_untrusted(b"")
