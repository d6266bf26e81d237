"""Hardened parsing of XML that comes from the network (cameras, SOAP clients, discovery).

ONVIF devices and the SOAP clients that talk to the simulator are untrusted: a document may
carry a DTD with entity bombs ("billion laughs") or external entities that read local files
(XXE). Nothing here ever loads a DTD, expands an entity or touches the network, and a
document that declares a DOCTYPE at all is refused before libxml2 sees it, so no DTD feature
can be reached.
"""
from __future__ import annotations

import re

from lxml import etree

#: Real ONVIF answers are a few kilobytes; a megabyte leaves room for big profile lists.
MAX_XML_BYTES = 1_000_000

# A DOCTYPE or ENTITY declaration in ASCII-compatible encodings. Other encodings (UTF-16,
# UTF-32) are caught after parsing through docinfo, where the parser has not expanded anything.
_DTD_MARKERS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class XmlSafetyError(ValueError):
    """The document is not acceptable: unsafe constructs, too big or not well-formed XML."""


class UnsafeXmlError(XmlSafetyError):
    """The document uses a DTD, entity declarations or exceeds the size limit."""


class MalformedXmlError(XmlSafetyError):
    """The document is not well-formed XML."""


def hardened_parser() -> etree.XMLParser:
    """An lxml parser that never resolves entities, loads DTDs or reaches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def check_untrusted_bytes(data: bytes, max_bytes: int = MAX_XML_BYTES) -> None:
    """Refuse documents that are too big or declare a DTD, without parsing them."""
    if len(data) > max_bytes:
        raise UnsafeXmlError(f"XML document too large ({len(data)} bytes, limit {max_bytes})")
    if _DTD_MARKERS.search(data):
        raise UnsafeXmlError("XML document declares a DTD or entities, which are not allowed")


def parse_untrusted(data: bytes, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse network XML safely and return its root element.

    Raises UnsafeXmlError for DTDs/entities/oversize input and MalformedXmlError for broken XML.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    check_untrusted_bytes(data, max_bytes)
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedXmlError(f"XML document is not well-formed: {exc}") from None
    if root is None:
        raise MalformedXmlError("XML document is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXmlError("XML document declares a DTD, which is not allowed")
    return root
