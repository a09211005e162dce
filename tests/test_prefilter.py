"""The anchor prefilter in the compiler changes speed only: on every rule example of every
language, the matches and context spans are the same with and without it."""

from __future__ import annotations

import pytest

from promiselint.nlp import build_pipeline
from promiselint.ruleset.compiler import CompiledRules, _max_length, _pattern_anchor, _windows
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
    texts = [text for rule in language.rules.values()
             for text in (*rule.flag_examples, *rule.pass_examples)]
    # All examples in one doc too: windows then sit in the middle of longer text.
    for doc in pipeline.nlp.pipe([*texts, " ".join(texts)]):
        expected = sorted((m.rule.id, m.start, m.end) for m in plain.matches(doc))
        assert sorted((m.rule.id, m.start, m.end) for m in fast.matches(doc)) == expected
        assert _spans(fast.context(doc)) == _spans(plain.context(doc)), doc.text


def test_anchors_follow_the_pattern_shape() -> None:
    stop = frozenset({"the", "in"})
    pattern = [{"LOWER": "the"}, {"LOWER": {"IN": ["best", "top"]}}, {"IS_ALPHA": True}]
    anchor = _pattern_anchor(pattern, stop)
    assert (anchor.attr, anchor.values) == ("LOWER", frozenset({"best", "top"}))
    # Optional and negated tokens never anchor; a REGEX does when nothing literal is required.
    optional = [{"LOWER": "very", "OP": "?"}, {"TEXT": {"REGEX": "^\\d+$"}},
                {"LOWER": "no", "OP": "!"}]
    assert _pattern_anchor(optional, stop).regex == "^\\d+$"
    assert _pattern_anchor([{"IS_DIGIT": True}, {"LOWER": "x", "OP": "*"}], stop) is None
    assert _max_length([{"LOWER": "a"}, {"OP": "?"}, {"OP": "{1,3}"}]) == 5
    assert _max_length([{"LOWER": "a"}, {"OP": "+"}]) is None
    assert _windows({5, 6, 20}, 3, 22) == [(3, 9), (18, 22)]
