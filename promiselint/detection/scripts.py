"""Writing systems: which languages a text's script allows. Most text is Latin and has none of
the letters below, which one search tells."""

from __future__ import annotations

import re

LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
# Scripts that narrow the candidates; the first language listed is the one short text in that
# script is taken for when the text around it is in another script. Latin is everything else.
SCRIPTS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "cyrillic": (re.compile(r"[\u0400-\u04ff\u0500-\u052f]"), ("ru", "uk", "bg")),
    "arabic": (
        re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
        ("ar", "fa"),
    ),
    "greek": (re.compile(r"[\u0370-\u03ff]"), ("el",)),
    "hebrew": (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    "devanagari": (re.compile(r"[\u0900-\u097f]"), ("hi",)),
    "hangul": (re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), ("ko",)),
    "kana": (re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    "han": (re.compile(r"[\u4e00-\u9fff]"), ("zh", "ja")),
}
NON_LATIN = {lang for _, languages in SCRIPTS.values() for lang in languages}
# Any letter of the scripts above: most text has none and needs no counting per script.
_ANY_SCRIPT = re.compile("|".join(pattern.pattern for pattern, _ in SCRIPTS.values()))


def script_languages(text: str) -> tuple[str, ...] | None:
    """The languages written in the script most of the letters are in; None for Latin."""
    if not _ANY_SCRIPT.search(text):
        return None
    best, best_count, in_scripts = None, 0, 0
    for pattern, languages in SCRIPTS.values():
        count = len(pattern.findall(text))
        in_scripts += count
        if count > best_count:
            best, best_count = languages, count
    latin = len(LETTER.findall(text)) - in_scripts
    return best if best_count > latin else None


def fits(lang: str, script_languages: tuple[str, ...] | None) -> bool:
    """Whether ``lang`` is written in the script whose languages are ``script_languages``."""
    if script_languages is None:
        return lang not in NON_LATIN
    return lang in script_languages
