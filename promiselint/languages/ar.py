"""Arabic: spelling normalisation, a light stem, and tokenizer fixes.

spaCy has no Arabic lemma table, and the same word is written many ways (with or without
diacritics and tatweel, أ/إ/آ/ا, ى/ي, ة/ه, Arabic-Indic or Persian or ASCII digits). So every
token's NORM is the normalised spelling (PhraseMatcher phrases go through the same pipeline, so
"مضمونٌ" in a rule matches "مضمون" in copy), and its LEMMA is that spelling with the common
attached clitics removed ("وسنضمنها" -> "نضمن"), so that one rule value covers the attached forms.

The stem is deliberately light: a clitic comes off only when at least three letters remain,
a leading و/ف only when four remain (many words start with a root و/ف: "فوري", "وقت"). Words
whose first letter is و, ف, ب, ك or ل can therefore get a wrong stem; rules match such words
on NORM, not LEMMA.
"""

from __future__ import annotations

import re
from typing import cast

from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex, compile_suffix_regex

from promiselint.languages import LanguageSupport, PerWord

# Harakat, tanween, shadda, sukun, dagger alef and Quranic annotation marks: optional in writing.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]"
)
# fmt: off
_SPELLING = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي",  # alef maqsura and the Persian yeh are written for final ي
        "ة": "ه",  # teh marbuta: informal copy writes "ساعه" for "ساعة"
        "ک": "ك",
        "٪": "%", "٫": ".", "٬": ",",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian (Eastern Arabic) digits
    }
)
# fmt: on
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")

_CONJUNCTIONS = ("و", "ف")
_ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")  # longest first
_PREPOSITIONS = ("ب", "ك", "ل")
# سـ before an imperfect verb (سيدعم, ستكون, سنضمن), not the س of a noun (سنوات, ستة, سياسة).
_FUTURE = re.compile("^س(?=[يتن])(?!نو|نه|ته|تين|تون|ياس|يار)")
# Object and possessive pronouns, longest first; not كن, which ends too many verbs (يمكن, تتمكن).
_ENCLITICS = ("هما", "كما", "ها", "هم", "هن", "كم", "نا")
_MIN_STEM = 3


def normalize(text: str) -> str:
    """``text`` without diacritics or tatweel, with one spelling per letter and ASCII digits."""
    return _MARKS.sub("", text).translate(_SPELLING)


def _strip_prefix(word: str, prefixes: tuple[str, ...], keep: int) -> str:
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            return word[len(prefix) :]
    return word


def light_stem(word: str) -> str:
    """The normalised ``word`` without its attached conjunction, article or preposition, future
    سـ and object/possessive pronoun; anything that is not an Arabic word is returned as is."""
    word = normalize(word)
    if not _ARABIC_WORD.fullmatch(word):
        return word
    word = _strip_prefix(word, _CONJUNCTIONS, _MIN_STEM + 1)
    stem = _strip_prefix(word, _ARTICLES, _MIN_STEM)
    if stem == word:
        future = _FUTURE.sub("", word)
        stem = future if len(future) >= _MIN_STEM else word
    if stem == word:
        stem = _strip_prefix(word, _PREPOSITIONS, _MIN_STEM + 1)
    for enclitic in _ENCLITICS:
        if stem.endswith(enclitic) and len(stem) - len(enclitic) >= _MIN_STEM:
            return stem[: -len(enclitic)]
    return stem


def norm_and_stem(norm: str) -> tuple[str, str]:
    """A token's NORM as normalised spelling, and its LEMMA as the light stem of that."""
    # The default norm is already lower case (Latin words inside Arabic copy).
    normalized = normalize(norm) or norm
    return normalized, light_stem(normalized)


# Attached conjunctions and prepositions split off before a number or a Latin word ("و24",
# "وAndroid", "بـ100%"), and after tatweel ("لـGoogle"): the rest of the token is a separate word.
_PROCLITIC_PREFIXES = (
    "[وفبلك]\u0640+(?![\u0621-\u064a])",  # not decorative tatweel inside a word: "كـــبير"
    "[وفبلك](?=[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9])",
)
# spaCy's Arabic suffixes split a final full stop only after two capitals ("VPN."), so
# "best." and "2026." stayed single tokens; split it after any letter, digit or closing mark;
# and digits glued to an Arabic word.
_EXTRA_SUFFIXES = (
    r"(?<=[^\W_])\.",
    r"(?<=[)\]\"'»”’])\.",
    r"(?<=[\u064b-\u0652%])\.",  # after tanween or a percent sign: "أبداً." "100%."
    "۔",
    # a year or a day glued to the word before it, as PDFs and forms leave it: "أغسطس2021"
    "(?<=[\u0621-\u064a\u064b-\u0652])[0-9\u0660-\u0669\u06f0-\u06f9]+",
)


# Cardinals as copy writes them before a unit ("ثلاث ساعات", "سبعة أيام", "عشر دقائق"): spaCy's
# Arabic LIKE_NUM knows only some of them, and none with diacritics.
# fmt: off
_NUMBER_WORDS = frozenset(
    normalize(word)
    for word in [
        "واحد", "واحدة", "إحدى", "اثنين", "اثنان", "اثنتين", "اثنتان", "ثلاث", "ثلاثة", "أربع",
        "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثمان", "ثماني", "ثمانية", "تسع",
        "تسعة", "عشر", "عشرة", "عشرين", "عشرون", "ثلاثين", "ثلاثون", "أربعين", "أربعون",
        "خمسين", "خمسون", "ستين", "ستون", "سبعين", "سبعون", "ثمانين", "ثمانون", "تسعين",
        "تسعون", "مئة", "مائة", "مئتين", "ألف", "ألفين", "آلاف",
    ]
)
# fmt: on
_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")  # any script's digits: ٢٤, ۲۴, 24/7, 1,000


def like_num(text: str) -> bool:
    """LIKE_NUM for Arabic: digits of any script, and cardinal words however spelled."""
    norm = normalize(text)
    if _NUMBER.fullmatch(norm) or norm in _NUMBER_WORDS:
        return True
    return _strip_prefix(norm, _CONJUNCTIONS, _MIN_STEM) in _NUMBER_WORDS  # "وسبعة"


def customize_tokenizer(nlp: Language) -> None:
    """Teach a blank Arabic pipeline's tokenizer the splits above, and LIKE_NUM the numbers."""
    nlp.vocab.lex_attr_getters[LIKE_NUM] = like_num  # type: ignore[attr-defined]  # not in the stubs
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    prefixes = list(nlp.Defaults.prefixes or ()) + list(_PROCLITIC_PREFIXES)
    suffixes = list(nlp.Defaults.suffixes or ()) + list(_EXTRA_SUFFIXES)
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


SUPPORT = LanguageSupport(
    # No lemma table: normalised spelling as NORM, a light stem as LEMMA.
    lemmas=lambda: PerWord("NORM", ("NORM", "LEMMA"), norm_and_stem),
    customize=customize_tokenizer,
)
