"""Stop words as evidence: which candidate languages list each word, and whether a paragraph's
stop words plainly say one language against every other written in its script."""

from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from pathlib import Path

from promiselint.detection.scripts import SCRIPTS, fits

# A paragraph keeps the language of the text before it without py3langid when, against every
# other candidate in its script, its stop words of that language alone number at least
# AGREE_MIN_WORDS and _AGREE_RATIO times those of the other language alone. Measured against
# py3langid on 981 generated pages in 7 languages and on single sentences put after text in
# each language with rules (Portuguese after Spanish, Ukrainian after Russian...): a ratio of
# 1 let Portuguese after Spanish through, 1.5 mixed English/Italian paragraphs, 2 was the
# first without a wrong answer (even at 1 word); these keep twice that margin. 3 words
# instead of 2 would make 40% more py3langid calls on those pages, mostly on one-liners.
AGREE_MIN_WORDS = 2
_AGREE_RATIO = 4


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


class StopWords:
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
        for script in (None, *(script for _, script in SCRIPTS.values())):
            for lang in languages:
                rivals = [other for other in languages if other != lang and fits(other, script)]
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
            if counts[index] and fits(lang, script)
        ]
        return max(ranked)[1] if ranked else None

    def agree(
        self,
        words: list[str],
        lang: str,
        script: tuple[str, ...] | None,
        least: int = AGREE_MIN_WORDS,
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
def stop_words_for(languages: tuple[str, ...]) -> StopWords:
    return StopWords(languages)
