"""Phrases by key, matched on NORM and on LEMMA, for the document checks' vocabularies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promiselint.nlp import Pipeline

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc


class PhraseSet:
    """Phrases by key, matched on NORM and on LEMMA: case, plural and inflection alike.
    ``exact`` phrases are matched on NORM only: a tense form ("sarà") whose lemma ("essere")
    would also match every other form of the verb."""

    def __init__(
        self,
        pipeline: Pipeline,
        groups: dict[str, list[str]],
        exact: dict[str, list[str]] | None = None,
    ) -> None:
        from spacy.matcher import PhraseMatcher

        nlp = pipeline.nlp
        self._strings = nlp.vocab.strings
        norm, lemma = (PhraseMatcher(nlp.vocab, attr=attr) for attr in ("NORM", "LEMMA"))
        self._matchers = [norm, lemma]
        for matchers, by_key in (((norm, lemma), groups), ((norm,), exact or {})):
            for key, phrases in by_key.items():
                if phrases:
                    docs = list(nlp.pipe(phrases))
                    for matcher in matchers:
                        matcher.add(key, docs)

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, each once, in document order."""
        found = {
            (self._strings[key], start, end)
            for matcher in self._matchers
            for key, start, end in matcher(doc)
        }
        return sorted(found, key=lambda item: (item[1], item[2], item[0]))
