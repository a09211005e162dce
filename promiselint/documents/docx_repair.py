"""Word's own leniency: an archive whose XML parts are not quite well-formed (a bare "&" in
document.xml, written by some generators) is repaired as Word repairs it on opening."""

from __future__ import annotations

import io
import re
import zipfile
from typing import BinaryIO

from lxml import etree

from promiselint.errors import ReadError

# An "&" that starts no entity or character reference: Word reads it as the character.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)")


def corrupt(exc: Exception) -> ReadError:
    return ReadError(f"corrupt .docx ({' '.join(str(exc).split())})"[:300])


def repaired_archive(stream: BinaryIO) -> tuple[io.BytesIO, list[str]]:
    """A copy of the archive whose XML parts are well-formed again: bare "&" escaped, then
    anything else a recovering parse can read. Sizes were checked before: nothing inflates
    past them."""
    recovering = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    strict = etree.XMLParser(resolve_entities=False, no_network=True)
    out = io.BytesIO()
    parts: list[str] = []
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as source, zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.endswith((".xml", ".rels")) and not _parses(data, strict):
                    data = _BARE_AMPERSAND.sub(b"&amp;", data)
                    if not _parses(data, strict):
                        root = _recovered(data, recovering)
                        if root is None:
                            raise ReadError(f"corrupt .docx ({item.filename} cannot be read)")
                        data = etree.tostring(
                            root, xml_declaration=True, encoding="UTF-8", standalone=True
                        )
                    parts.append(item.filename)
                target.writestr(item, data)
    except zipfile.BadZipFile as exc:
        raise corrupt(exc) from None
    out.seek(0)
    return out, parts


def _parses(data: bytes, parser: etree.XMLParser) -> bool:
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    return True


def _recovered(data: bytes, parser: etree.XMLParser) -> etree._Element | None:
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:  # nothing left to recover ("Document is empty")
        return None
