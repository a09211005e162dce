"""spaCy pipelines built offline: a blank language, rule-based sentences and lookup lemmas.

A trained pipeline named in the config is used instead when it is installed; it brings a parser,
which the rules marked as needing one require. Lemmas are always lower case, so rules match
"Guaranteed" and "GUARANTEED" alike (spaCy's lookup tables are case-sensitive).
"""

from __future__ import annotations

import functools
import gzip
import json
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from promiselint.compiled_state import file_identity, kept_plain

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built: a cache hit never needs it
    from spacy.language import Language
    from spacy.tokens import Doc


def import_spacy() -> None:
    """Import spaCy without its command line. spaCy's __init__ imports spacy.cli.info for
    `spacy.info()`, and with it the whole CLI (typer, weasel, requests, jinja2...): 360 modules,
    0.17 s of the 0.6 s the import takes. Stand-ins take their place during the import only;
    whatever asks for spacy.cli later (`spacy.info()` included) imports the real one."""
    if "spacy" in sys.modules:
        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    info = types.ModuleType("spacy.cli.info")

    def real_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info

        return info(*args, **kwargs)

    info.info = real_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:  # a spaCy that wants more of its CLI at import: import it whole
        _drop(stand_ins)
        import spacy  # noqa: F401
    finally:
        _drop(stand_ins)


def _drop(stand_ins: dict[str, types.ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


@dataclass(eq=False)  # hashable by identity: caches key on the pipeline
class Pipeline:
    nlp: Language
    has_parser: bool
    name: str  # "blank:en" or the trained package's name


@functools.cache
def _lemma_table(lang: str, names: tuple[str, ...]) -> dict[str, str]:
    """spaCy's lookup tables ``names`` for ``lang`` (from spacy-lookups-data) as one dict, the
    first table that lists a form giving its lemma; kept on disk once merged (marshal reads it
    back 4-6 times faster than the tables are merged)."""
    from importlib.resources import files

    folder = Path(str(files("spacy_lookups_data") / "data"))
    paths = [path for name in names if (path := folder / f"{lang}_{name}.json.gz").is_file()]
    return kept_plain("lemmas", tuple(map(file_identity, paths)), lambda: _merged_tables(paths))


def _merged_tables(paths: list[Path]) -> dict[str, str]:
    """The tables at ``paths`` merged. Read straight from the package's JSON: through spaCy's
    Table objects the same data took about 3x the time and twice the memory
    (benchmarks/README.md). Only lower-case forms are kept, the only ones ever looked up."""
    merged: dict[str, str] = {}
    lemmas: dict[str, str] = {}  # one string object per lemma: most are shared by many forms
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        for form, lemma in table.items():
            if isinstance(lemma, list):  # French: candidate lemmas, the commonest first
                lemma = lemma[0] if lemma else form
            if form not in merged and form == form.lower():
                merged[form] = lemmas.setdefault(lemma, lemma)
    # A form listed as its own lemma still had to shadow the later tables; now it can go.
    return {form: lemma for form, lemma in merged.items() if form != lemma}


# spaCy's Italian tables by part of speech, tried closed classes first, then adjectives and
# nouns: without a tagger the mixed table lemmatizes "entro" (within) as "entrare" and
# "garantito" but not "garantita" as "garantire"; this way prepositions stay themselves and
# every form of an adjective or participle gives its masculine singular ("garantito").
_ITALIAN_TABLES = (
    *(f"lemma_lookup_{pos}" for pos in ("adp", "det", "pron", "num", "adv", "adj", "noun")),
    "lemma_lookup",
)


# pymorphy3's grammemes as Universal Dependencies features, for MORPH in Russian rules: with
# free word order and verb aspect, "will be available" or "the most" are features, not word lists.
_RU_FEATURES = {
    "futr": "Tense=Fut",
    "pres": "Tense=Pres",
    "past": "Tense=Past",
    "perf": "Aspect=Perf",
    "impf": "Aspect=Imp",
    "1per": "Person=1",
    "2per": "Person=2",
    "3per": "Person=3",
    "indc": "Mood=Ind",
    "impr": "Mood=Imp",
    "INFN": "VerbForm=Inf",
    "PRTF": "VerbForm=Part",
    "PRTS": "VerbForm=Part",
    "GRND": "VerbForm=Conv",
    "Supr": "Degree=Sup",
    "COMP": "Degree=Cmp",
    "nomn": "Case=Nom",
    "gent": "Case=Gen",
    "datv": "Case=Dat",
    "accs": "Case=Acc",
    "ablt": "Case=Ins",
    "loct": "Case=Loc",
}
_RU_POS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
}


def _fold_yo(word: str) -> str:
    # Russian mostly writes yo as ie ("еще" for "ещё"): rules need only the second spelling.
    return word.replace("\u0451", "\u0435")


def _russian_analysis() -> Callable[[str], tuple[str, str, str]]:
    """A lower-case word's lemma, part of speech and UD features (tense, aspect, degree...)
    from pymorphy3."""
    import pymorphy3

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")

    def analyze(word: str) -> tuple[str, str, str]:
        parse = analyzer.parse(word)[0]
        lemma = parse.normal_form
        if "Supr" in parse.tag:
            # pymorphy3 takes "лучших" to the positive "хороший"; a superlative claim needs its
            # own masculine nominative: "лучший", "крупнейшей" -> "крупнейший", "наилучших" ->
            # "наилучший" (the lexeme holds every such form, each ending in -ий).
            forms = (f.word for f in parse.lexeme if {"Supr", "masc", "sing", "nomn"} in f.tag)
            lemma = next((form for form in forms if word.startswith(form[:-2])), word)
        features = "|".join(ud for grammeme, ud in _RU_FEATURES.items() if grammeme in parse.tag)
        return _fold_yo(lemma), _RU_POS.get(str(parse.tag.POS), ""), features

    return analyze


# Spelling variants folded in NORM and in lemmas, so that a rule needs only one spelling:
# Italian elides with a straight or a curly apostrophe alike ("dell'app").
_FOLDS: dict[str, Callable[[str], str]] = {
    "it": lambda word: word.replace("\u2019", "'"),
    "ru": _fold_yo,
}


@dataclass(frozen=True)
class _PerWord:
    """Token attributes (``targets``) that follow from one other attribute (``source``) alone:
    ``derive`` gives their strings from the source's string, "" to leave one as it is."""

    source: str
    targets: tuple[str, ...]
    derive: Callable[[str], tuple[str, ...]]


def _per_word_component(steps: list[_PerWord]) -> Callable[[Doc], Doc]:
    """A component applying ``steps``. Each distinct source value is derived once, by its
    hash, and a doc's attributes are read and written in one call each: setting them token by
    token took several times as long. A value left as it is keeps what the token has (a
    trained pipeline's part of speech, say)."""
    import numpy
    from spacy.attrs import IDS
    from spacy.symbols import IDS as SYMBOLS

    sources = [IDS[step.source] for step in steps]
    targets = [IDS[name] for step in steps for name in step.targets]
    # Per step, one dict per target: source hash -> the target's value.
    known: list[list[dict[int, int]]] = [[{} for _ in step.targets] for step in steps]

    def derive(step: _PerWord, value: int, vocab: Any) -> Iterator[int]:
        for name, text in zip(step.targets, step.derive(vocab.strings[value]), strict=True):
            if not text:
                yield 0
            elif name == "POS":
                yield SYMBOLS.get(text, 0)
            elif name == "MORPH":
                yield vocab.morphology.add(text)
            else:
                yield vocab.strings.add(text)

    def look_up(found: list[dict[int, int]], column: list[int]) -> list[list[int]]:
        return [list(map(by_value.__getitem__, column)) for by_value in found]

    def set_attributes(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # token attributes are uint64 ids; spaCy's stubs type the array as floats
        columns = cast(list[list[int]], doc.to_array(sources).reshape(len(doc), -1).T.tolist())
        written: list[list[int]] = []
        for step, found, column in zip(steps, known, columns, strict=True):
            try:
                written.extend(look_up(found, column))
            except KeyError:  # words met for the first time: derive them once
                for value in set(column).difference(found[0]):
                    for by_value, derived in zip(
                        found, derive(step, value, doc.vocab), strict=True
                    ):
                        by_value[value] = derived
                written.extend(look_up(found, column))
        for index, column in enumerate(written):
            if 0 in column:  # left as it is: keep what the token has
                current = doc.to_array([targets[index]]).tolist()
                written[index] = [new or old for new, old in zip(column, current, strict=True)]
        doc.from_array(targets, numpy.array(written, dtype="uint64").T)  # type: ignore[arg-type]
        return doc

    return set_attributes


def _word_steps(lang: str) -> list[_PerWord]:
    """What the pipeline for ``lang`` derives from each word: LEMMA from the lower-case form
    (a lookup table, pymorphy3 for Russian), and NORM folded where spellings vary."""
    fold = _FOLDS.get(lang)
    if lang == "ar":  # no lemma table: normalised spelling as NORM, a light stem as LEMMA
        from promiselint.arabic import norm_and_stem

        return [_PerWord("NORM", ("NORM", "LEMMA"), norm_and_stem)]
    if lang == "ru":
        steps = [_PerWord("LOWER", ("LEMMA", "POS", "MORPH"), _russian_analysis())]
    else:
        # spaCy's lookup tables where no better offline lemmatizer exists (as for ru and ar)
        table = _lemma_table(lang, _ITALIAN_TABLES if lang == "it" else ("lemma_lookup",))
        same = fold or (lambda word: word)
        steps = [
            _PerWord(
                "LOWER",
                ("LEMMA",),
                lambda lower: (same(table.get(same(lower), same(lower)).lower()),),
            )
        ]
    if fold is not None:
        steps.append(_PerWord("NORM", ("NORM",), lambda norm: (fold(norm),)))
    return steps


@functools.cache
def build_pipeline(lang: str, trained: str | None = None) -> Pipeline:
    """The pipeline for ``lang``: ``trained`` when that package is installed, else a blank one."""
    import_spacy()
    import spacy
    from spacy.language import Language

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
        name = f"blank:{lang}"
    # Last in either pipeline: the rules are written against these lower-case lemmas and
    # normalised forms, whichever model tokenised the text.
    # A factory, not a shared component: each pipeline gets its own caches of string hashes,
    # which are only valid in its own vocabulary.
    factory = f"promiselint_lemmas_{lang}"
    if factory not in Language.factories:
        Language.factory(factory, func=lambda nlp, name: _per_word_component(_word_steps(lang)))
    nlp.add_pipe(factory)
    return Pipeline(nlp=nlp, has_parser=nlp.has_pipe("parser"), name=name)
