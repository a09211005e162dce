"""Compiled state that is pure data, kept on disk in a form that loads faster than it builds.

What is kept: the detection model's arrays (py3langid ships them LZMA-compressed, 0.45 s to
unpack; kept uncompressed, they are mapped into memory and read in a few milliseconds, only the
pages a text visits being read from disk) and spaCy's lemma tables (gzipped JSON merged into one
dict, 0.05-1 s a language; marshal reads them back 4-6 times faster).

Safety: an entry is plain data, never code to run: raw buffers behind a JSON header (bounds
checked against the file's size before use; every access to them is bounds-checked too) or
marshal (unlike pickle it imports and calls nothing: it only builds str, int, dict...; Python
does not promise it against crafted bytes, which at worst fail to load or give wrong lemmas;
JSON read the same tables 2x slower, 8 ms more for English); nothing is unpickled. An
entry's name is a digest of its kind, promiselint's version and code, and what it is built from
(the source files' size and modification time), so an upgrade or an edited source builds a new
one; an entry that cannot be read is built again and rewritten. The CLI keeps these in its cache
folder (``use``; --jobs workers are given the same folder), where `cache clear` and the size
limit treat them like the other entries; without a folder (the API, --no-cache) everything is
built each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import mmap
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from promiselint import __version__
from promiselint.cache import write_atomically
from promiselint.timings import stage

_Value = TypeVar("_Value")
_folder: Path | None = None
_code = ""  # a fingerprint of promiselint's code: an edited checkout builds everything again


def use(folder: Path | None, code: str = "") -> None:
    """Keep compiled state under ``folder`` from now on in this process (None: keep none);
    ``code`` fingerprints the code that builds it (Cache.code)."""
    global _folder, _code
    _folder, _code = folder, code


def settings() -> tuple[Path | None, str]:
    """What ``use`` was given: for worker processes, to keep state where this one does."""
    return _folder, _code


def _entry(kind: str, source: tuple[object, ...]) -> Path | None:
    if _folder is None:
        return None
    key = hashlib.sha256(repr((kind, __version__, _code, source)).encode()).hexdigest()
    return _folder / kind / key[:2] / key[2:]


def file_identity(path: Path) -> tuple[str, int, int]:
    """What ``source`` should hold for a file an entry is built from."""
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


def kept(
    kind: str,
    source: tuple[object, ...],
    build: Callable[[], _Value],
    dump: Callable[[_Value], bytes],
    load: Callable[[Path], _Value],
) -> _Value:
    """``build()``'s value, read back from the entry of ``kind`` and ``source`` when there is
    one, else built and written there."""
    path = _entry(kind, source)
    if path is not None:
        with stage("compiled state"):
            try:
                value = load(path)
            except Exception:  # missing, truncated or unreadable: build it again
                pass
            else:
                with contextlib.suppress(OSError):  # used now: the size limit keeps it longer
                    os.utime(path)
                return value
    value = build()
    if path is not None:
        with stage("compiled state"):
            write_atomically(path, dump(value))
    return value


def kept_plain(kind: str, source: tuple[object, ...], build: Callable[[], _Value]) -> _Value:
    """``kept`` for plain data (dicts, lists, strings, numbers), stored with marshal."""
    return kept(kind, source, build, marshal.dumps, lambda path: marshal.loads(path.read_bytes()))


_MAGIC = b"promiselint-buffers 1\n"
_ALIGN = 8


def _pack(buffers: Mapping[str, bytes | memoryview]) -> bytes:
    """``buffers`` in one file: the magic line, the header's length, a JSON header (name ->
    [offset, length]), then each buffer at an offset that is a multiple of _ALIGN."""
    header: dict[str, list[int]] = {}
    offset = 0
    for name, data in buffers.items():
        header[name] = [offset, len(data)]
        offset += -(-len(data) // _ALIGN) * _ALIGN
    head = json.dumps(header).encode()
    start = -(-(len(_MAGIC) + 8 + len(head)) // _ALIGN) * _ALIGN
    parts: list[bytes | memoryview] = [_MAGIC, len(head).to_bytes(8, "little"), head]
    parts.append(bytes(start - sum(map(len, parts))))
    for data in buffers.values():
        parts.append(data)
        parts.append(bytes(-len(data) % _ALIGN))
    return b"".join(parts)


def _mapped(path: Path) -> dict[str, memoryview]:
    """The buffers of the file at ``path``, mapped read-only into memory, not read."""
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    size = int.from_bytes(view[len(_MAGIC) : len(_MAGIC) + 8], "little")
    head_end = len(_MAGIC) + 8 + size
    if view[: len(_MAGIC)] != _MAGIC or head_end > len(view):
        raise ValueError(f"{path}: not a buffers entry")
    header = json.loads(bytes(view[len(_MAGIC) + 8 : head_end]))
    start = -(-head_end // _ALIGN) * _ALIGN
    buffers = {}
    for name, (offset, length) in header.items():
        if offset < 0 or length < 0 or start + offset + length > len(view):
            raise ValueError(f"{path}: buffer {name!r} runs past the end")
        buffers[name] = view[start + offset : start + offset + length]
    return buffers


def is_new() -> bool:
    """Whether there is a folder and nothing is kept in it yet: the first run with this cache."""
    if _folder is None:
        return False
    try:
        return not any(_folder.iterdir())
    except OSError:  # no folder yet
        return True


def kept_buffers(
    kind: str, source: tuple[object, ...], build: Callable[[], dict[str, memoryview]]
) -> dict[str, memoryview]:
    """``kept`` for named byte buffers (an array's bytes, say): read back mapped into memory,
    so that a large entry costs only the pages that are used."""
    return kept(kind, source, build, _pack, _mapped)
