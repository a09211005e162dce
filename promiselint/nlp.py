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


def _italian_lemmatizer() -> Lemmatize:
    """spaCy's Italian tables by part of speech, tried closed classes first, then adjectives
    and nouns: without a tagger the mixed table lemmatizes "entro" (within) as "entrare" and
    "garantito" but not "garantita" as "garantire"; this way prepositions stay themselves and
    every form of an adjective or participle gives its masculine singular ("garantito")."""
    from spacy.lookups import load_lookups

    names = [f"lemma_lookup_{pos}" for pos in ("adp", "det", "pron", "num", "adv", "adj", "noun")]
    lookups = load_lookups("it", [*names, "lemma_lookup"])
    tables = [lookups.get_table(name) for name in [*names, "lemma_lookup"]]

    def lemmatize(word: str) -> str:
        return next((table[word] for table in tables if word in table), word)

    return lemmatize


def _russian_lemmatizer() -> Lemmatize:
    import pymorphy3

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")

    def lemmatize(word: str) -> str:
        parse = analyzer.parse(word)[0]
        if "Supr" not in parse.tag:
            return parse.normal_form
        # pymorphy3 takes "лучших" to the positive "хороший"; a superlative claim needs its
        # own masculine nominative: "лучший", "крупнейшей" -> "крупнейший", "наилучших" ->
        # "наилучший" (the lexeme holds every such form, each ending in -ий).
        forms = (f.word for f in parse.lexeme if {"Supr", "masc", "sing", "nomn"} in f.tag)
        return next((form for form in forms if word.startswith(form[:-2])), word)

    return lemmatize


# Spelling variants folded in NORM and in lemmas, so that a rule needs only one spelling:
# Russian mostly writes yo as ie ("еще" for "ещё"); Italian elides with a straight or a curly
# apostrophe alike ("dell'app").
_FOLDS: dict[str, Callable[[str], str]] = {
    "ru": lambda word: word.replace("\u0451", "\u0435"),
    "it": lambda word: word.replace("\u2019", "'"),
}


def _lemmatizer_for(lang: str) -> Lemmatize:
    """Lemmatizers by language; spaCy's lookup table where no better offline one exists."""
    if lang == "ru":
        try:
            return _russian_lemmatizer()
        except ImportError:
            pass
    if lang == "it":
        return _italian_lemmatizer()
    return _lookup_table_lemmatizer(lang)


def _lemma_component(lang: str) -> Callable[[Doc], Doc]:
    if lang == "ar":  # no lemma table: normalised spelling as NORM, a light stem as LEMMA
        from promiselint.arabic import set_norms_and_lemmas

        return set_norms_and_lemmas
    lemmatize = functools.lru_cache(maxsize=200_000)(_lemmatizer_for(lang))
    fold = _FOLDS.get(lang)

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            if fold is None:
                token.lemma_ = lemmatize(token.lower_).lower()
            else:
                token.norm_ = fold(token.norm_)
                token.lemma_ = fold(lemmatize(fold(token.lower_)).lower())
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
        if lang == "ar":
            from promiselint.arabic import customize_tokenizer

            customize_tokenizer(nlp)
        nlp.add_pipe("sentencizer")
        component = f"promiselint_lemmas_{lang}"
        if component not in Language.factories:
            Language.component(component, func=_lemma_component(lang))
        nlp.add_pipe(component)
        name = f"blank:{lang}"
    return Pipeline(nlp=nlp, has_parser=nlp.has_pipe("parser"), name=name)
