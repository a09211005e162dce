"""Italian: lemmas from spaCy's tables by part of speech, and one apostrophe."""

from __future__ import annotations

from promiselint.languages import LanguageSupport

SUPPORT = LanguageSupport(
    # Italian elides with a straight or a curly apostrophe alike ("dell'app").
    fold=lambda word: word.replace("\u2019", "'"),
    # Closed classes first, then adjectives and nouns: without a tagger the mixed table
    # lemmatizes "entro" (within) as "entrare" and "garantito" but not "garantita" as
    # "garantire"; this way prepositions stay themselves and every form of an adjective or
    # participle gives its masculine singular ("garantito").
    lemma_tables=(
        *(f"lemma_lookup_{pos}" for pos in ("adp", "det", "pron", "num", "adv", "adj", "noun")),
        "lemma_lookup",
    ),
)
