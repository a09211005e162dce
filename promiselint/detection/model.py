"""py3langid's model, for the paragraphs stop words cannot settle: its arrays narrowed to the
candidate languages and kept on disk (compiled_state.py)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from promiselint.compiled_state import file_identity, kept_arrays

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
# The languages py3langid's model is known to tell (tests/test_languages.py checks them against
# the installed model): asking the model itself means loading it, 0.4 s, which a document whose
# stop words settle its language never needs.
KNOWN_TO_DETECTOR = frozenset({"ar", "de", "en", "es", "fr", "it", "ru", *ALSO_DETECTED})


@functools.cache
def identifier(candidates: tuple[str, ...]):  # py3langid has no type hints
    """py3langid's identifier for the ``candidates`` it knows, from its arrays as kept on disk
    (compiled_state.py) when they are."""
    from array import array

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    arrays = kept_arrays(
        "detector", (file_identity(model), candidates), lambda: _model_arrays(model, candidates)
    )

    def as_array(values: Any) -> array:  # what py3langid's own loader gives it
        converted = array(values.dtype.char)
        converted.frombytes(memoryview(values).cast("B"))
        return converted

    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        as_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=as_array(arrays["nextmove_row"]),
    )


def _model_arrays(model: Path, candidates: tuple[str, ...]) -> dict[str, Any]:
    """The model's arrays, its classes narrowed to ``candidates`` as set_languages narrows
    them. A rules folder may be named for a language py3langid does not know: it is then only
    ever chosen by --lang, the config or a declared language."""
    import numpy
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, nextmove_row, out_feat = load_model(model)
    keep = [index for index, lang in enumerate(classes) if lang in candidates]
    return {
        "ptc": numpy.asarray(ptc)[:, keep],
        "pc": numpy.asarray(pc)[keep],
        "classes": numpy.array([classes[index] for index in keep]),
        "nextmove": numpy.frombuffer(nextmove, dtype=nextmove.typecode),
        "nextmove_row": numpy.frombuffer(nextmove_row, dtype=nextmove_row.typecode),
        "out_feat": numpy.array(out_feat, dtype=numpy.int32),
    }
