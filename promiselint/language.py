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
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from promiselint.compiled_state import file_identity, kept_arrays
from promiselint.documents.base import Segment

# Detection considers the languages that have rules plus these common ones, so that a
# Portuguese paragraph is reported as "no rules for pt" instead of being forced into Spanish.
_ALSO_DETECTED = (
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
_MIN_LETTERS = 25  # below this py3langid guesses; the text keeps the language around it
_SAMPLE = 2000  # characters: the start of a long paragraph is enough to tell its language
_MIN_CONFIDENCE = 0.8
# Text taken for a language without rules goes unchecked, so that needs stronger evidence.
_MIN_CONFIDENCE_UNCHECKED = 0.95
_DECLARED_WEIGHT = 10.0  # odds boost for the language the document declares (<html lang>)
_CONTEXT_WEIGHT = 3.0  # odds boost for the language of the text just before
_MAX_PENDING = 64  # short segments held back at most, waiting for the paragraph they introduce
# A paragraph keeps the language of the text before it without py3langid when, against every
# other candidate in its script, its stop words of that language alone number at least
# _AGREE_MIN_WORDS and _AGREE_RATIO times those of the other language alone. Measured against
# py3langid on 981 generated pages in 7 languages and on single sentences put after text in
# each language with rules (Portuguese after Spanish, Ukrainian after Russian...): a ratio of
# 1 let Portuguese after Spanish through, 1.5 mixed English/Italian paragraphs, 2 was the
# first without a wrong answer (even at 1 word); these keep twice that margin. 3 words
# instead of 2 would make 40% more py3langid calls on those pages, mostly on one-liners.
_AGREE_MIN_WORDS = 2
_AGREE_RATIO = 4
# The first paragraph has no language before it to weigh py3langid's answer towards: the
# shortcut takes the language most of its stop words belong to, only on more of them. Checked
# like the numbers above: on ../shared/corpus and the 981 generated pages every document gets
# the same languages with the shortcut as with py3langid deciding (see benchmarks/README.md).
_AGREE_MIN_WORDS_ALONE = 3

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# Scripts that narrow the candidates; the first language listed is the one short text in that
# script is taken for when the text around it is in another script. Latin is everything else.
_SCRIPTS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
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
_NON_LATIN = {lang for _, languages in _SCRIPTS.values() for lang in languages}
# Any letter of the scripts above: most text has none and needs no counting per script.
_ANY_SCRIPT = re.compile("|".join(pattern.pattern for pattern, _ in _SCRIPTS.values()))


# The languages py3langid's model is known to tell (tests/test_languages.py checks them against
# the installed model): asking the model itself means loading it, 0.4 s, which a document whose
# stop words settle its language never needs.
_KNOWN_TO_DETECTOR = frozenset({"ar", "de", "en", "es", "fr", "it", "ru", *_ALSO_DETECTED})


@functools.cache
def _identifier(candidates: tuple[str, ...]):  # py3langid has no type hints
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


def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang``, empty when spaCy has none. The list is read from its
    own file: importing spacy.lang.<code> would also build the language's tokenizer
    exceptions (seconds for French) and import spaCy itself."""
    spacy = importlib.util.find_spec("spacy")
    if spacy is None or not spacy.submodule_search_locations:
        return frozenset()
    path = Path(spacy.submodule_search_locations[0], "lang", lang, "stop_words.py")
    if not path.is_file():
        return frozenset()
    spec = importlib.util.spec_from_file_location(f"promiselint._stop_words_{lang}", path)
    if spec is None or spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (ImportError, SyntaxError, NameError, OSError):
        return frozenset()  # unreadable: no list, which switches the shortcut off for its script
    return frozenset(word.lower() for word in getattr(module, "STOP_WORDS", ()))


class _StopWords:
    """Which candidate languages list each stop word, as one bitmask per word, so that a
    paragraph costs one dict lookup per word and a little work per distinct mask."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.index = {lang: index for index, lang in enumerate(languages)}
        self.masks: dict[str, int] = {}
        listed: set[str] = set()
        for lang, index in self.index.items():
            words = _stop_words(lang)
            if words:
                listed.add(lang)
            for word in words:
                self.masks[word] = self.masks.get(word, 0) | 1 << index
        self.members = {
            mask: tuple(index for index in range(len(languages)) if mask >> index & 1)
            for mask in set(self.masks.values())
        }
        # For each language and script: the languages to tell it apart from. None when one of
        # them (or the language itself) has no stop-word list: an empty list never counts
        # against the language, so a paragraph in the unlisted one could pass for it.
        self.rivals: dict[tuple[str, tuple[str, ...] | None], tuple[int, ...] | None] = {}
        for script in (None, *(script for _, script in _SCRIPTS.values())):
            for lang in languages:
                rivals = [other for other in languages if other != lang and _fits(other, script)]
                usable = lang in listed and all(other in listed for other in rivals)
                self.rivals[lang, script] = (
                    tuple(self.index[other] for other in rivals) if usable else None
                )

    def likeliest(self, words: list[str], script: tuple[str, ...] | None) -> str | None:
        """The language written in ``script`` with the most stop words among ``words``."""
        counts = [0] * len(self.index)
        for mask, count in Counter(map(self.masks.get, map(str.lower, words))).items():
            for index in self.members.get(mask, ()) if mask else ():
                counts[index] += count
        ranked = [
            (counts[index], lang)
            for lang, index in self.index.items()
            if counts[index] and _fits(lang, script)
        ]
        return max(ranked)[1] if ranked else None

    def agree(
        self,
        words: list[str],
        lang: str,
        script: tuple[str, ...] | None,
        least: int = _AGREE_MIN_WORDS,
    ) -> bool:
        """Whether the stop words among ``words`` plainly say ``lang`` against every other
        candidate written in ``script``, pair by pair (Spanish and Portuguese share most of
        theirs, so only the words one of the two lacks tell them apart)."""
        rivals = self.rivals.get((lang, script))
        if rivals is None:
            return False
        tally = Counter(
            mask for word in words if (mask := self.masks.get(word.lower())) is not None
        )
        own = 1 << self.index[lang]
        ours = 0  # stop words of lang
        shared = [0] * len(self.index)  # ... that are stop words of each other language too
        theirs = [0] * len(self.index)  # other stop words, per language
        for mask, count in tally.items():
            if mask & own:
                ours += count
                for index in self.members[mask]:
                    shared[index] += count
            else:
                for index in self.members[mask]:
                    theirs[index] += count
        for rival in rivals:
            for_us = ours - shared[rival]
            if for_us < least or for_us < _AGREE_RATIO * theirs[rival]:
                return False
        return True


@functools.cache
def _stop_words_for(languages: tuple[str, ...]) -> _StopWords:
    return _StopWords(languages)


def primary_language(tag: str | None) -> str | None:
    """ "en" for "en-US", "pt" for "pt_BR": rules are per language, not per region."""
    if not tag:
        return None
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0] or None


def _script_languages(text: str) -> tuple[str, ...] | None:
    """The languages written in the script most of the letters are in; None for Latin."""
    if not _ANY_SCRIPT.search(text):
        return None
    best, best_count, in_scripts = None, 0, 0
    for pattern, languages in _SCRIPTS.values():
        count = len(pattern.findall(text))
        in_scripts += count
        if count > best_count:
            best, best_count = languages, count
    latin = len(_LETTER.findall(text)) - in_scripts
    return best if best_count > latin else None


def _fits(lang: str, script_languages: tuple[str, ...] | None) -> bool:
    """Whether ``lang`` is written in the script whose languages are ``script_languages``."""
    if script_languages is None:
        return lang not in _NON_LATIN
    return lang in script_languages


class LanguageChooser:
    """Chooses each segment's language: the fixed one when set, else by detection."""

    def __init__(self, fixed: str | None, ruleset_languages: set[str], default: str = "en") -> None:
        self.fixed = fixed
        self.default = default
        self.checked = frozenset(ruleset_languages)
        self.candidates = tuple(sorted(self.checked | set(_ALSO_DETECTED)))

    @functools.cached_property
    def _detectable(self) -> tuple[str, ...]:
        """The candidates py3langid can choose: the only ones the shortcut must rule out."""
        if _KNOWN_TO_DETECTOR.issuperset(self.candidates):
            return self.candidates
        known = _identifier(self.candidates).nb_classes
        return tuple(lang for lang in self.candidates if lang in known)

    def guess(self, text: str) -> str | None:
        """A quick guess at the main language of a document's text, by its stop words, for
        work that only goes faster when the guess is right (sending documents in the same
        language to the same worker process); ``assign`` decides the languages. It needs
        no detection model, which the process that only routes files never loads."""
        if self.fixed:
            return self.fixed
        sample = text[:_SAMPLE]
        return _stop_words_for(self.candidates).likeliest(
            _WORD.findall(sample), _script_languages(sample)
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
            script = _script_languages(segment.text)
            if lang is None or (_LETTER.search(segment.text) and not _fits(lang, script)):
                lang = self._by_script(segment.text, neighbour)
            yield segment, lang

    def _by_script(self, text: str, neighbour: str | None) -> str:
        """For text too short to detect: the neighbour's language if it is written in the same
        script, else the script's usual language (preferring one with rules)."""
        languages = _script_languages(text)
        if languages is None:
            return neighbour if neighbour and neighbour not in _NON_LATIN else self.default
        if neighbour in languages:
            return neighbour
        return next((lang for lang in languages if lang in self.checked), languages[0])

    def own_language(self, text: str, declared: str | None, context: str | None) -> str | None:
        """The language ``text`` is in, or None when it is too short or too mixed to tell.

        Short text in a non-Latin script still tells (a Cyrillic heading is Russian
        unless the text around it is Ukrainian or Bulgarian)."""
        sample = text[:_SAMPLE]
        words = _WORD.findall(sample)
        if sum(map(len, words)) < _MIN_LETTERS:
            if _script_languages(sample) is None:
                return None
            return self._by_script(sample, declared or context)
        allowed = _script_languages(sample)
        stop_words = _stop_words_for(self._detectable)
        # The shortcut may only confirm what py3langid would say: not against a declared
        # language (which py3langid weighs above the context), and not for a language without
        # rules (which needs more confidence, as it goes unchecked). With no text before it,
        # what it confirms is the declared language, else the one most of its stop words
        # belong to, on more of them (_AGREE_MIN_WORDS_ALONE).
        expected = context or (declared if declared in self.candidates else None)
        least = _AGREE_MIN_WORDS
        if expected is None:
            expected, least = stop_words.likeliest(words, allowed), _AGREE_MIN_WORDS_ALONE
        if (
            expected in self.checked
            and _fits(expected, allowed)
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
            for lang, probability in _identifier(self.candidates).rank(sample)
            if _fits(lang, allowed)
        }
        total = sum(scores.values())
        if not total:
            return None
        lang = max(scores, key=scores.__getitem__)
        needed = _MIN_CONFIDENCE if lang in self.checked else _MIN_CONFIDENCE_UNCHECKED
        return lang if scores[lang] / total >= needed else None
