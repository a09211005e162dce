"""What each language adds to spaCy's blank pipeline (built in promiselint/nlp.py).

A language that needs more than spaCy's defaults has one module here, named by its code
(``it.py``, ``ru.py``, ``ar.py``, ``de.py``), holding a ``SUPPORT``: a LanguageSupport saying
how its spellings fold, where its lemmas come from and what its tokenizer needs. Every other
language gets the defaults: lower-case lemmas from spaCy's lookup table, no fold, spaCy's
tokenizer."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from promiselint.languages.lemmas import lemma_table

if TYPE_CHECKING:
    from spacy.language import Language

_CODE = re.compile(r"[a-z]{2,3}")  # a language's module is named by its ISO 639 code


@dataclass(frozen=True)
class PerWord:
    """Token attributes (``targets``) that follow from one other attribute (``source``) alone:
    ``derive`` gives their strings from the source's string, "" to leave one as it is."""

    source: str
    targets: tuple[str, ...]
    derive: Callable[[str], tuple[str, ...]]


@dataclass(frozen=True)
class LanguageSupport:
    """What one language adds to the pipeline."""

    # Spelling variants folded in NORM and in lemmas, so that a rule needs only one spelling.
    fold: Callable[[str], str] | None = None
    # spaCy's lookup tables (spacy-lookups-data) giving LEMMA, the first that lists a form wins.
    lemma_tables: tuple[str, ...] = ("lemma_lookup",)
    # Instead of the tables: a step deriving LEMMA (and more) from each word, made on first use.
    lemmas: Callable[[], PerWord] | None = None
    # Changes to a blank pipeline's tokenizer and lexical attributes.
    customize: Callable[[Language], None] | None = None


_DEFAULTS = LanguageSupport()


def support(lang: str) -> LanguageSupport:
    """What ``lang`` adds: its module's SUPPORT, else the defaults."""
    name = f"{__name__}.{lang}"
    if not _CODE.fullmatch(lang) or importlib.util.find_spec(name) is None:
        return _DEFAULTS
    found: LanguageSupport = getattr(importlib.import_module(name), "SUPPORT", _DEFAULTS)
    return found


def word_steps(lang: str) -> list[PerWord]:
    """What the pipeline for ``lang`` derives from each word: LEMMA (from the lower-case form,
    unless the language says otherwise), and NORM folded where spellings vary."""
    language = support(lang)
    fold = language.fold
    if language.lemmas is not None:
        steps = [language.lemmas()]
    else:
        table = lemma_table(lang, language.lemma_tables)
        same = fold or (lambda word: word)
        steps = [
            PerWord(
                "LOWER",
                ("LEMMA",),
                lambda lower: (same(table.get(same(lower), same(lower)).lower()),),
            )
        ]
    if fold is not None:
        steps.append(PerWord("NORM", ("NORM",), lambda norm: (fold(norm),)))
    return steps
