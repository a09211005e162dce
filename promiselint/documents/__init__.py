"""Readers, registered by file extension: the one place that says which formats are supported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from promiselint.documents.base import Notice, Reader, Segment, SourceRun

_READERS: dict[str, tuple[str, str]] = {
    # extension: (module, function) -- imported on first use so that start-up stays cheap
    ".txt": ("promiselint.documents.text", "read_text"),
    ".text": ("promiselint.documents.text", "read_text"),
    ".md": ("promiselint.documents.markdown", "read_markdown"),
    ".markdown": ("promiselint.documents.markdown", "read_markdown"),
    ".mdx": ("promiselint.documents.markdown", "read_markdown"),
    ".html": ("promiselint.documents.html", "read_html"),
    ".htm": ("promiselint.documents.html", "read_html"),
    ".docx": ("promiselint.documents.docx", "read_docx"),
    ".pdf": ("promiselint.documents.pdf", "read_pdf"),
}


def supported_extensions() -> frozenset[str]:
    return frozenset(_READERS)


def reader_for(path: str | Path) -> Reader | None:
    """The reader for a file name, or None when the extension is not supported."""
    entry = _READERS.get(Path(path).suffix.lower())
    if entry is None:
        return None
    import importlib

    module = importlib.import_module(entry[0])
    reader: Callable = getattr(module, entry[1])
    return reader


def is_supported(path: str | Path) -> bool:
    return Path(path).suffix.lower() in _READERS


__all__ = [
    "Notice",
    "Reader",
    "Segment",
    "SourceRun",
    "is_supported",
    "reader_for",
    "supported_extensions",
]
