"""German: a year at a sentence's end keeps its full stop apart.

spaCy's German tokenizer keeps a number's full stop on it, for ordinals ("am 30. Juni"). A year
is never an ordinal in copy, so "erscheint Ende 2027." would otherwise end in the token
"2027.": no date pattern matches it and the sentence does not end there."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from spacy.util import compile_suffix_regex

from promiselint.languages import LanguageSupport

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

_YEAR_FULL_STOP = r"(?<=\b(?:19|20)\d\d)\."


def customize_tokenizer(nlp: Language) -> None:
    """Split the full stop after a year (1900-2099) from it."""
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    suffixes = [_YEAR_FULL_STOP, *(nlp.Defaults.suffixes or ())]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


SUPPORT = LanguageSupport(customize=customize_tokenizer)
