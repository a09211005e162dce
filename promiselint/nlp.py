"""spaCy pipelines built offline: a blank language, rule-based sentences, and what the language
adds (promiselint/languages/: lemmas, spelling folds, tokenizer fixes) as one per-word step.

A trained pipeline named in the config is used instead when it is installed; it brings a parser,
which the rules marked as needing one require. Lemmas are always lower case, so rules match
"Guaranteed" and "GUARANTEED" alike (spaCy's lookup tables are case-sensitive).
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from promiselint.languages import PerWord, support, word_steps
from promiselint.timings import stage

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
    with stage("spaCy import"):  # wherever it happens first: validating rules, or a pipeline
        _import_without_cli()


def _import_without_cli() -> None:
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


def _per_word_component(steps: list[PerWord]) -> Callable[[Doc], Doc]:
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

    def derive(step: PerWord, value: int, vocab: Any) -> Iterator[int]:
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
        customize = support(lang).customize
        if customize is not None:
            customize(nlp)
        nlp.add_pipe("sentencizer")
        name = f"blank:{lang}"
    # Last in either pipeline: the rules are written against these lower-case lemmas and
    # normalised forms, whichever model tokenised the text.
    # A factory, not a shared component: each pipeline gets its own caches of string hashes,
    # which are only valid in its own vocabulary.
    factory = f"promiselint_lemmas_{lang}"
    if factory not in Language.factories:
        Language.factory(factory, func=lambda nlp, name: _per_word_component(word_steps(lang)))
    nlp.add_pipe(factory)
    return Pipeline(nlp=nlp, has_parser=nlp.has_pipe("parser"), name=name)
