"""The anchor prefilter in the compiler changes speed only: on every rule example of every
language, the matches and context spans are the same with and without it."""

from __future__ import annotations

import pytest

from promiselint.nlp import build_pipeline
from promiselint.ruleset.compiler import CompiledRules
from promiselint.ruleset.prefilter import Anchor, max_length, merged, pattern_gate
from tests.conftest import shipped_ruleset

LANGUAGES = sorted(lang for lang, rules in shipped_ruleset().languages.items() if rules.rules)


def _spans(found: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    return {key: sorted(set(spans)) for key, spans in found.items() if spans}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prefilter_finds_exactly_what_the_plain_matchers_find(lang: str) -> None:
    language = shipped_ruleset().languages[lang]
    pipeline = build_pipeline(lang)
    fast = CompiledRules(pipeline, language.rules.values(), language.cues, prefilter=True)
    plain = CompiledRules(pipeline, language.rules.values(), language.cues, prefilter=False)
    texts = [
        text
        for rule in language.rules.values()
        for text in (*rule.flag_examples, *rule.pass_examples)
    ]
    # All examples in one doc too: windows then sit in the middle of longer text.
    for doc in pipeline.nlp.pipe([*texts, " ".join(texts)]):
        expected = sorted((m.rule.id, m.start, m.end) for m in plain.matches(doc))
        assert sorted((m.rule.id, m.start, m.end) for m in fast.matches(doc)) == expected
        assert _spans(fast.context(doc)) == _spans(plain.context(doc)), doc.text


def test_anchors_follow_the_pattern_shape() -> None:
    stop = frozenset({"the", "in"})
    pattern = [{"LOWER": "the"}, {"LOWER": {"IN": ["best", "top"]}}, {"IS_ALPHA": True}]
    anchor, gate = pattern_gate(pattern, stop)
    assert (anchor.attr, anchor.values) == ("LOWER", frozenset({"best", "top"}))
    # "best" is the second of three tokens: a match reaches one token before it, one after,
    # and must contain "the" too.
    assert (gate.before, gate.after) == (1, 1)
    assert gate.companions == (Anchor("LOWER", frozenset({"the"})),)
    # Optional and negated tokens never anchor; a REGEX does when nothing literal is required.
    optional = [
        {"LOWER": "very", "OP": "?"},
        {"TEXT": {"REGEX": "^\\d+$"}},
        {"LOWER": "no", "OP": "!"},
    ]
    anchor, gate = pattern_gate(optional, stop)
    assert anchor.regex == "^\\d+$" and (gate.before, gate.after, gate.companions) == (1, 1, ())
    # A rare token flag anchors; a flag most tokens have does not.
    assert pattern_gate([{"LIKE_URL": True}], stop)[0] == Anchor("LIKE_URL", flag=True)
    assert pattern_gate([{"IS_ALPHA": True}, {"LOWER": "x", "OP": "*"}], stop) is None
    # Features a token must have anchor too (tested once per distinct analysis in a doc).
    superlative = [{"MORPH": {"IS_SUPERSET": ["Degree=Sup"]}, "LEMMA": {"NOT_IN": ["x"]}}]
    assert pattern_gate(superlative, stop)[0] == Anchor("MORPH", features=frozenset({"Degree=Sup"}))
    # A repeated anchor may be any token of its run; an unbounded token makes the reach unbounded.
    anchor, gate = pattern_gate([{"LOWER": "a", "OP": "{1,3}"}, {"OP": "+"}], stop)
    assert (gate.before, gate.after) == (2, None)
    assert max_length([{"LOWER": "a"}, {"OP": "?"}, {"OP": "{1,3}"}]) == 5
    assert max_length([{"LOWER": "a"}, {"OP": "+"}]) is None
    assert merged([(18, 22), (3, 8), (5, 9)]) == [(3, 9), (18, 22)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shipped_token_pattern_has_an_anchor(lang: str) -> None:
    # A pattern without one runs on every token of every paragraph (README, Rules: Speed).
    language = shipped_ruleset().languages[lang]
    stop_words = frozenset(build_pipeline(lang).nlp.Defaults.stop_words)
    patterns = [
        (rule.id, pattern)
        for rule in language.rules.values()
        for pattern in (*rule.patterns, *rule.exclude_patterns)
    ]
    patterns += [
        (f"cue {cue.name}", pattern) for cue in language.cues.values() for pattern in cue.patterns
    ]
    unanchored = [
        (where, pattern) for where, pattern in patterns if pattern_gate(pattern, stop_words) is None
    ]
    assert not unanchored
