"""Which language each segment is written in: fixed by the user, or detected per paragraph."""

from __future__ import annotations

import functools
import re

# Detection considers the languages that have rules plus these common ones, so that a
# Portuguese paragraph is reported as "no rules for pt" instead of being forced into Spanish.
_ALSO_DETECTED = ("pt", "nl", "pl", "sv", "tr", "uk", "zh", "ja", "ko", "hi", "he", "fa", "el")
_MIN_LETTERS = 25  # shorter text (a heading, a table cell) keeps the language around it
_MIN_CONFIDENCE = 0.8
_LETTERS = re.compile(r"[^\W\d_]")


@functools.cache
def _identifier(candidates: tuple[str, ...]):  # noqa: ANN202 - py3langid has no types
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    """The most likely language of ``text`` among ``candidates`` and its probability."""
    lang, probability = _identifier(candidates).classify(text)
    return lang, float(probability)


class LanguageChooser:
    """Chooses each segment's language: the fixed one when set, else detection on paragraphs
    long enough to tell, else the language of the text around it."""

    def __init__(self, fixed: str | None, ruleset_languages: set[str], default: str = "en") -> None:
        self.fixed = fixed
        self.default = default
        self.candidates = tuple(sorted(set(ruleset_languages) | set(_ALSO_DETECTED)))
        self._previous: str | None = None

    def start_document(self) -> None:
        self._previous = None

    def choose(self, text: str, declared: str | None = None) -> str:
        if self.fixed:
            return self.fixed
        fallback = self._previous or declared or self.default
        if len(_LETTERS.findall(text[:2000])) < _MIN_LETTERS:
            return fallback
        lang, probability = detect(text[:2000], self.candidates)
        if probability < _MIN_CONFIDENCE:
            return fallback
        self._previous = lang
        return lang
