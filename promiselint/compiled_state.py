"""Compiled state that is pure data, kept on disk in a form that loads faster than it builds.

What is kept: the detection model's arrays (py3langid ships them LZMA-compressed, 0.4 s to
unpack; an uncompressed copy reads in a few hundredths) and spaCy's lemma tables (gzipped JSON
merged into one dict, 0.05-1 s a language; marshal reads them back 4-6 times faster).

Safety: an entry is plain data, read back with marshal (str/int/dict only, never code to run)
or NumPy with allow_pickle=False; nothing is unpickled. An entry's name is a digest of its kind,
promiselint's version and code, and what it is built from (the source files' size and
modification time), so an upgrade or an edited source builds a new one; an entry that cannot be
read is built again and rewritten. The CLI keeps these in its cache folder (``use``), where
`cache clear` and the size limit treat them like the other entries; without a folder (the API,
--no-cache, --jobs workers) everything is built each time, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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


def kept_arrays(
    kind: str, source: tuple[object, ...], build: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """``kept`` for named NumPy arrays, stored as an uncompressed .npz."""
    import numpy

    def dump(arrays: dict[str, Any]) -> bytes:
        buffer = io.BytesIO()
        numpy.savez(buffer, **arrays)
        return buffer.getvalue()

    def load(path: Path) -> dict[str, Any]:
        with numpy.load(path, allow_pickle=False) as arrays:
            return {name: arrays[name] for name in arrays.files}

    return kept(kind, source, build, dump, load)
