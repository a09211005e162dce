"""Russian: lemmas, parts of speech and features from pymorphy3, and one spelling of ё."""

from __future__ import annotations

from promiselint.languages import LanguageSupport, PerWord

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


def _analysis() -> PerWord:
    """Each lower-case word's lemma, part of speech and UD features (tense, aspect, degree...)
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

    return PerWord("LOWER", ("LEMMA", "POS", "MORPH"), analyze)


SUPPORT = LanguageSupport(fold=_fold_yo, lemmas=_analysis)
