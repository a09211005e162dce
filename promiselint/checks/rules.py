"""The rules of the checks written in Python, declared once: id, category, severity and English
words (message, explanation, suggestion). The message's {names} are filled in per finding
({match}: the words found); rules/<lang>/messages.yaml gives all three in the language. Rule
records, so that select/ignore/severity in the config apply to them as to any rule. The
registry (promiselint/registry.py) lists them with the YAML rules; the ruleset accepts
messages.yaml words for them."""

from __future__ import annotations

from pathlib import Path

from promiselint.findings import RuleInfo, Severity
from promiselint.ruleset.model import Rule
from promiselint.suppress import RULES as SUPPRESSION_RULES


def _rule(
    rule_id: str,
    category: str,
    severity: Severity,
    message: str,
    explanation: str,
    suggestion: str,
) -> Rule:
    """One Python check's rule record, for every language."""
    return Rule(
        id=rule_id,
        lang="*",
        category=category,
        severity=severity,
        message=message,
        explanation=explanation,
        suggestion=suggestion,
        source=Path(__file__),
    )


FACT_RULES = {
    rule.id: rule
    for rule in (
        _rule(
            "facts.unreleased-feature",
            "feature-promise",
            Severity.error,
            "'{match}' is presented as available ('{cue}'), but {feature} is {status}",
            "The copy presents a feature as available that the facts file lists as planned or "
            "not planned.",
            "Describe only what ships today, or say when it is planned.",
        ),
        _rule(
            "facts.planned-feature",
            "feature-promise",
            Severity.warning,
            "'{match}' is promised ('{cue}'): {feature} is {status}; make sure the copy says "
            "no more than that",
            "The copy promises a planned feature; the facts file says when it is due.",
            "State the planned timeframe with a caveat, or leave the feature out.",
        ),
        _rule(
            "facts.not-planned-feature",
            "feature-promise",
            Severity.error,
            "'{match}' is promised ('{cue}'), but {feature} is not planned",
            "The copy promises a feature that the facts file lists as not planned.",
            "Remove the promise: the feature is not on the roadmap.",
        ),
        _rule(
            "facts.unknown-feature",
            "feature-promise",
            Severity.warning,
            "'{match}' is promised ('{cue}') but is not in the product facts file "
            "({facts_file}); add it with its status",
            "The copy promises a feature the facts file does not know.",
            "Add the feature with its status to the facts file, or remove the promise.",
        ),
        _rule(
            "facts.backed-claim",
            "absolute-claim",
            Severity.info,
            "'{match}' is an approved claim (evidence: {evidence})",
            "The claim is approved in the facts file, with evidence.",
            "Keep the wording as approved; cite the evidence where the reader can see it.",
        ),
        _rule(
            "facts.exceeds-service-level",
            "delivery-commitment",
            Severity.error,
            "'{match}' promises a faster {level} than the committed {committed} "
            "({found} vs {maximum})",
            "The copy promises a faster time than the committed service level.",
            "Promise no more than the committed service level.",
        ),
    )
}

CONFLICT_RULE = _rule(
    "consistency.conflict",
    "delivery-commitment",
    Severity.warning,
    # {more}: " (and N more)" in English; a language's own words get a neutral " (+N)"
    "'{match}' conflicts with '{other}' at {place}{more}",
    "The same commitment (a duration, a percentage, a count) is stated with different numbers "
    "in different places; a reader will hold you to the better one.",
    "Use one number everywhere, or say why they differ (phase, plan, tier).",
)


# Every rule written in Python, by id, as reports describe it.
PYTHON_CHECKS: dict[str, RuleInfo] = {
    **{
        rule.id: RuleInfo(rule.id, rule.category, rule.severity, rule.explanation, rule.suggestion)
        for rule in (*FACT_RULES.values(), CONFLICT_RULE)
    },
    **SUPPRESSION_RULES,
}
