"""py3langid's model, for the paragraphs stop words cannot settle.

py3langid ships its model as an LZMA-compressed .npz (0.45 s to unpack). Unpacked once, its
arrays are kept on disk as raw buffers (compiled_state.py) and mapped into memory: the DFA
(39 MB) is walked in place, and only the pages a text visits are read. With a cache folder and
no entry yet (the first run), ``prefetch`` unpacks the model on a thread while the rules are
parsed: LZMA decompression runs without the GIL, in one call."""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import json
import threading
from pathlib import Path
from typing import Any

from promiselint import compiled_state
from promiselint.compiled_state import file_identity, kept_buffers

# Detection considers the languages that have rules plus these common ones, so that a
# Portuguese paragraph is reported as "no rules for pt" instead of being forced into Spanish.
ALSO_DETECTED = (
    "pt",
    "nl",
    "pl",
    "sv",
    "da",
    "fi",
    "cs",
    "ro",
    "hu",
    "tr",
    "id",
    "vi",
    "uk",
    "bg",
    "el",
    "he",
    "fa",
    "hi",
    "zh",
    "ja",
    "ko",
)
# The languages py3langid's model is known to tell (tests/test_startup.py checks them against
# the installed model): asking the model itself means loading it, which a document whose stop
# words settle its language never needs.
KNOWN_TO_DETECTOR = frozenset({"ar", "de", "en", "es", "fr", "it", "ru", *ALSO_DETECTED})
_prefetching: threading.Thread | None = None


def _model_file() -> Path:
    """py3langid's model file (its langid.MODEL_DIR / MODEL_FILE: tests/test_startup.py), found
    without importing py3langid and numpy: a first run's thread decompresses, which leaves the
    GIL free, while the main thread imports, and imports after."""
    spec = importlib.util.find_spec("py3langid")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        raise ImportError("py3langid is not installed")
    return Path(folders[0], "data", "model.npz.xz")


def _source(model: Path) -> tuple[object, ...]:
    return (file_identity(model),)


def prefetch() -> None:
    """On the first run with a cache folder (nothing kept in it yet), start unpacking the model
    into it on a thread: whether this run needs the model or not, later ones may. Later runs
    unpack it when a text first needs it, as runs without a folder do."""
    global _prefetching
    if _prefetching is not None or not compiled_state.is_new():
        return
    _prefetching = threading.Thread(target=_unpack_quietly, daemon=True)
    _prefetching.start()
    # Finished before the process leaves: killed while writing, it would leave half a file.
    atexit.register(_prefetching.join)


def _unpack_quietly() -> None:
    # numpy is imported here too (after the decompression), not on the main thread.
    with contextlib.suppress(Exception):  # `identifier` builds it again, and says what failed
        _buffers(_model_file())


def _buffers(model: Path) -> dict[str, memoryview]:
    return kept_buffers("detector", _source(model), lambda: _unpacked(model))


@functools.cache
def identifier(candidates: tuple[str, ...]):  # py3langid has no type hints
    """py3langid's identifier for the ``candidates`` it knows, narrowed as its set_languages
    narrows it. A rules folder may be named for a language py3langid does not know: it is then
    only ever chosen by --lang, the config or a declared language."""
    import numpy
    from py3langid.langid import LanguageIdentifier

    if _prefetching is not None:
        _prefetching.join()
    buffers = _buffers(_model_file())
    meta = json.loads(bytes(buffers["meta"]))
    classes: list[str] = meta["classes"]
    keep = [index for index, lang in enumerate(classes) if lang in candidates]
    # Stored one row per class: a class's column is contiguous, narrowing reads only those.
    by_class = numpy.frombuffer(buffers["ptc"], dtype=numpy.float16).reshape(len(classes), -1)
    return LanguageIdentifier(
        by_class[keep].T,  # features x classes, as py3langid's own narrowing lays it out
        numpy.frombuffer(buffers["pc"], dtype=numpy.float32)[keep],
        [classes[index] for index in keep],
        buffers["nextmove"].cast(meta["nextmove"]),
        buffers["out_feat"].cast("i"),
        norm_probs=True,
        tk_row=buffers["nextmove_row"].cast(meta["nextmove_row"]),
    )


def _unpacked(model: Path) -> dict[str, memoryview]:
    """The model's arrays as raw bytes, from py3langid's file (the layout its modelio reads)."""
    import lzma

    # One call: the GIL is released for the whole decompression, not once per chunk.
    data = lzma.decompress(model.read_bytes())
    import numpy

    found = _stored_arrays(data)
    nextmove, row = found["nextmove"], found["nextmove_row"]
    meta = {
        "classes": found["classes"].tolist(),
        "nextmove": _TYPECODES[nextmove.dtype.itemsize],
        "nextmove_row": _TYPECODES[row.dtype.itemsize],
    }
    # Views of the arrays, not copies: 68 MB go to the file as they are.
    return {
        "meta": memoryview(json.dumps(meta).encode()),
        "ptc": _raw(numpy.asarray(found["ptc"], dtype=numpy.float16).T),
        "pc": _raw(numpy.asarray(found["pc"], dtype=numpy.float32)),
        "nextmove": _raw(nextmove),
        "nextmove_row": _raw(row),
        "out_feat": _raw(numpy.asarray(found["out_feat"], dtype=numpy.int32)),
    }


def _stored_arrays(data: bytes) -> dict[str, Any]:
    """The arrays of an .npz held in ``data``, as views of it: its members are stored
    uncompressed, so each array is read in place (numpy.load copies all 68 MB, 0.15-0.2 s);
    a compressed member is read by numpy."""
    import io
    import struct
    import zipfile

    import numpy
    from numpy.lib import format as npy

    headers = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}
    found: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            name = member.filename.removesuffix(".npy")
            # The local header's own name and extra lengths (the central directory's may differ).
            name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
            start = member.header_offset + 30 + name_length + extra_length
            header = io.BytesIO(data[start : start + 4096])
            read_header = headers.get(npy.read_magic(header))
            if member.compress_type != zipfile.ZIP_STORED or read_header is None:
                with archive.open(member) as stream:
                    found[name] = npy.read_array(stream, allow_pickle=False)
                continue
            shape, fortran, dtype = read_header(header)
            array = numpy.frombuffer(
                data, dtype, count=int(numpy.prod(shape)), offset=start + header.tell()
            )
            found[name] = array.reshape(shape, order="F" if fortran else "C")
    return found


def _raw(array: Any) -> memoryview:
    import numpy

    return numpy.ascontiguousarray(array).data.cast("B")


_TYPECODES = {2: "H", 4: "I", 8: "Q"}  # unsigned, as py3langid's own loader reads them
