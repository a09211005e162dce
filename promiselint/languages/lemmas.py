"""Lookup lemmas from spacy-lookups-data, merged once and kept on disk (compiled_state.py)."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

from promiselint.compiled_state import file_identity, kept_plain


@functools.cache
def lemma_table(lang: str, names: tuple[str, ...]) -> dict[str, str]:
    """spaCy's lookup tables ``names`` for ``lang`` (from spacy-lookups-data) as one dict, the
    first table that lists a form giving its lemma; kept on disk once merged (marshal reads it
    back 4-6 times faster than the tables are merged)."""
    from importlib.resources import files

    folder = Path(str(files("spacy_lookups_data") / "data"))
    paths = [path for name in names if (path := folder / f"{lang}_{name}.json.gz").is_file()]
    return kept_plain("lemmas", tuple(map(file_identity, paths)), lambda: _merged_tables(paths))


def _merged_tables(paths: list[Path]) -> dict[str, str]:
    """The tables at ``paths`` merged. Read straight from the package's JSON: through spaCy's
    Table objects the same data took about 3x the time and twice the memory
    (benchmarks/README.md). Only lower-case forms are kept, the only ones ever looked up."""
    merged: dict[str, str] = {}
    lemmas: dict[str, str] = {}  # one string object per lemma: most are shared by many forms
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        for form, lemma in table.items():
            if isinstance(lemma, list):  # French: candidate lemmas, the commonest first
                lemma = lemma[0] if lemma else form
            if form not in merged and form == form.lower():
                merged[form] = lemmas.setdefault(lemma, lemma)
    # A form listed as its own lemma still had to shadow the later tables; now it can go.
    return {form: lemma for form, lemma in merged.items() if form != lemma}
