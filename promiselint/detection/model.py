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
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR, MODEL_FILE)


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
    # py3langid (and numpy) are imported here too, not on the main thread.
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
    import io
    import lzma

    import numpy

    # One call: the GIL is released for the whole decompression, not once per chunk.
    data = lzma.decompress(model.read_bytes())
    with numpy.load(io.BytesIO(data), allow_pickle=False) as arrays:
        found: dict[str, Any] = {name: arrays[name] for name in arrays.files}
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


def _raw(array: Any) -> memoryview:
    import numpy

    return numpy.ascontiguousarray(array).data.cast("B")


_TYPECODES = {2: "H", 4: "I", 8: "Q"}  # unsigned, as py3langid's own loader reads them
