"""spaCy pipelines built offline: a blank language, rule-based sentences and lookup lemmas.

A trained pipeline named in the config is used instead when it is installed; it brings a parser,
which the rules marked as needing one require. Lemmas are always lower case, so rules match
"Guaranteed" and "GUARANTEED" alike (spaCy's lookup tables are case-sensitive).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

Lemmatize = Callable[[str], str]


@dataclass
class Pipeline:
    nlp: Language
    has_parser: bool
    name: str  # "blank:en" or the trained package's name


def _lookup_table_lemmatizer(lang: str) -> Lemmatize:
    try:
        from spacy.lookups import load_lookups

        table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError, OSError):  # no table for this language: lemma = the word
        return str
    return lambda word: table.get(word, word)


def _russian_lemmatizer() -> Lemmatize:
    import pymorphy3

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return lambda word: analyzer.parse(word)[0].normal_form


def _lemmatizer_for(lang: str) -> Lemmatize:
    """Lemmatizers by language; spaCy's lookup table where no better offline one exists."""
    if lang == "ru":
        try:
            return _russian_lemmatizer()
        except ImportError:
            pass
    return _lookup_table_lemmatizer(lang)


def _lemma_component(lang: str) -> Callable[[Doc], Doc]:
    lemmatize = functools.lru_cache(maxsize=200_000)(_lemmatizer_for(lang))

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = lemmatize(token.lower_).lower()
        return doc

    return set_lemmas


@functools.cache
def build_pipeline(lang: str, trained: str | None = None) -> Pipeline:
    """The pipeline for ``lang``: ``trained`` when that package is installed, else a blank one."""
    if trained and spacy.util.is_package(trained):
        nlp = spacy.load(trained, exclude=["ner"])
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("sentencizer")
        name = trained
    else:
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        component = f"promiselint_lemmas_{lang}"
        if component not in Language.factories:
            Language.component(component, func=_lemma_component(lang))
        nlp.add_pipe(component)
        name = f"blank:{lang}"
    return Pipeline(nlp=nlp, has_parser=nlp.has_pipe("parser"), name=name)
