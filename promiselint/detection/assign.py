"""Which language each segment is written in: fixed by the user, or detected per paragraph.

Detection runs py3langid on each segment long enough to tell, narrowed by the segment's script
(Cyrillic text is never Italian) and weighted towards the language the document declares and
the language of the text just before it; a paragraph whose stop words plainly belong to the
language of the text just before it keeps that language without running py3langid. Short text
(a heading, a bullet, a table cell) takes the language of the run of short text it belongs to
when that run is long enough to tell, else that of the paragraph it introduces, else that of
the paragraph before it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from promiselint.detection.model import ALSO_DETECTED, KNOWN_TO_DETECTOR, identifier
from promiselint.detection.scripts import LETTER, NON_LATIN, WORD, fits, script_languages
from promiselint.detection.stopwords import AGREE_MIN_WORDS, StopWords, stop_words_for
from promiselint.documents.base import Segment

_MIN_LETTERS = 25  # below this py3langid guesses; the text keeps the language around it
_SAMPLE = 2000  # characters: the start of a long paragraph is enough to tell its language
_MIN_CONFIDENCE = 0.8
_SHORT_MIN_WORDS = 2  # stop words that let short text tell a language of its own
# Text taken for a language without rules goes unchecked, so that needs stronger evidence.
_MIN_CONFIDENCE_UNCHECKED = 0.95
_DECLARED_WEIGHT = 10.0  # odds boost for the language the document declares (<html lang>)
_CONTEXT_WEIGHT = 3.0  # odds boost for the language of the text just before
_MAX_PENDING = 64  # short segments held back at most, waiting for the paragraph they introduce
# The first paragraph has no language before it to weigh py3langid's answer towards: the
# shortcut takes the language most of its stop words belong to, only on more of them. Checked
# like stopwords.AGREE_MIN_WORDS: on ../shared/corpus and the 981 generated pages every
# document gets the same languages with the shortcut as with py3langid deciding (see
# benchmarks/README.md).
_AGREE_MIN_WORDS_ALONE = 3


def primary_language(tag: str | None) -> str | None:
    """ "en" for "en-US", "pt" for "pt_BR": rules are per language, not per region."""
    if not tag:
        return None
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0] or None


class LanguageChooser:
    """Chooses each segment's language: the fixed one when set, else by detection."""

    def __init__(self, fixed: str | None, ruleset_languages: set[str], default: str = "en") -> None:
        self.fixed = fixed
        self.default = default
        self.checked = frozenset(ruleset_languages)
        self.candidates = tuple(sorted(self.checked | set(ALSO_DETECTED)))

    @functools.cached_property
    def _detectable(self) -> tuple[str, ...]:
        """The candidates py3langid can choose: the only ones the shortcut must rule out."""
        if KNOWN_TO_DETECTOR.issuperset(self.candidates):
            return self.candidates
        known = identifier(self.candidates).nb_classes
        return tuple(lang for lang in self.candidates if lang in known)

    def guess(self, text: str) -> str | None:
        """A quick guess at the main language of a document's text, by its stop words, for
        work that only goes faster when the guess is right (sending documents in the same
        language to the same worker process); ``assign`` decides the languages. It needs
        no detection model, which the process that only routes files never loads."""
        if self.fixed:
            return self.fixed
        sample = text[:_SAMPLE]
        return stop_words_for(self.candidates).likeliest(
            WORD.findall(sample), script_languages(sample)
        )

    def assign(self, segments: Iterable[Segment]) -> Iterator[tuple[Segment, str]]:
        """Each of one document's segments, in order, with its language."""
        if self.fixed:
            for segment in segments:
                yield segment, self.fixed
            return
        current: str | None = None  # the language of the last segment that told its own
        pending: list[Segment] = []  # short segments waiting for the text around them
        for segment in segments:
            lang = self.own_language(segment.text, primary_language(segment.lang), current)
            if lang is None:
                pending.append(segment)
                if len(pending) >= _MAX_PENDING:
                    yield from self._settle(pending, current)
                    pending = []
                continue
            # Short text right before a paragraph is most often its heading or lead-in.
            yield from self._settle(pending, lang)
            pending = []
            current = lang
            yield segment, lang
        yield from self._settle(pending, current)

    def _settle(
        self, pending: list[Segment], neighbour: str | None
    ) -> Iterator[tuple[Segment, str]]:
        if not pending:
            return
        # A run of bullets or table cells is often long enough to tell as a whole.
        pooled_text = " ".join(segment.text for segment in pending)
        pooled = self.own_language(pooled_text, primary_language(pending[0].lang), neighbour)
        for segment in pending:
            lang = pooled or primary_language(segment.lang) or neighbour
            # "24/7" or "-10%" fits any language; "Windows" in a Russian list is not Russian.
            script = script_languages(segment.text)
            if lang is None or (LETTER.search(segment.text) and not fits(lang, script)):
                lang = self._by_script(segment.text, neighbour)
            yield segment, lang

    def _by_script(self, text: str, neighbour: str | None) -> str:
        """For text too short to detect: the neighbour's language if it is written in the same
        script, else the script's usual language (preferring one with rules)."""
        languages = script_languages(text)
        if languages is None:
            return neighbour if neighbour and neighbour not in NON_LATIN else self.default
        if neighbour in languages:
            return neighbour
        return next((lang for lang in languages if lang in self.checked), languages[0])

    def _short_by_stop_words(
        self, words: list[str], neighbour: str | None, stop_words: StopWords
    ) -> str | None:
        """Short Latin-script text ("We reply within 24 hours." in a German page) tells its
        own language only when its stop words plainly say one other than the text around it;
        else None, and it takes the language around it."""
        lang = stop_words.likeliest(words, None)
        if lang is None or lang == neighbour or lang not in self.checked:
            return None
        return lang if stop_words.agree(words, lang, None, _SHORT_MIN_WORDS) else None

    def own_language(self, text: str, declared: str | None, context: str | None) -> str | None:
        """The language ``text`` is in, or None when it is too short or too mixed to tell.

        Short text in a non-Latin script still tells (a Cyrillic heading is Russian
        unless the text around it is Ukrainian or Bulgarian)."""
        sample = text[:_SAMPLE]
        words = WORD.findall(sample)
        allowed = script_languages(sample)
        stop_words = stop_words_for(self._detectable)
        if sum(map(len, words)) < _MIN_LETTERS:
            if allowed is None:
                return self._short_by_stop_words(words, declared or context, stop_words)
            return self._by_script(sample, declared or context)
        # The shortcut may only confirm what py3langid would say: not against a declared
        # language (which py3langid weighs above the context), and not for a language without
        # rules (which needs more confidence, as it goes unchecked). With no text before it,
        # what it confirms is the declared language, else the one most of its stop words
        # belong to, on more of them (_AGREE_MIN_WORDS_ALONE).
        expected = context or (declared if declared in self.candidates else None)
        least = AGREE_MIN_WORDS
        if expected is None:
            expected, least = stop_words.likeliest(words, allowed), _AGREE_MIN_WORDS_ALONE
        if (
            expected in self.checked
            and fits(expected, allowed)
            and (declared == expected or declared not in self.candidates)
            and stop_words.agree(words, expected, allowed, least)
        ):
            return expected
        weights = {lang: 1.0 for lang in self.candidates}
        if context in weights:
            weights[context] *= _CONTEXT_WEIGHT
        if declared in weights:
            weights[declared] *= _DECLARED_WEIGHT
        scores = {
            lang: probability * weights[lang]
            for lang, probability in identifier(self.candidates).rank(sample)
            if fits(lang, allowed)
        }
        total = sum(scores.values())
        if not total:
            return None
        lang = max(scores, key=scores.__getitem__)
        needed = _MIN_CONFIDENCE if lang in self.checked else _MIN_CONFIDENCE_UNCHECKED
        return lang if scores[lang] / total >= needed else None
