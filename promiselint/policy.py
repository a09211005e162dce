"""Which rules run and at what severity: the config's and the command line's select, ignore and
severity overrides, applied by the engine and by the document checks alike."""

from __future__ import annotations

from dataclasses import dataclass

from promiselint.findings import Severity
from promiselint.ruleset.model import RuleLike


@dataclass(frozen=True)
class RulePolicy:
    """Which rules run and at what severity (from the config and the command line)."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    severity: tuple[tuple[str, Severity], ...] = ()

    def enabled(self, rule: RuleLike) -> bool:
        names = {rule.id, rule.category}
        if self.select and not names & self.select:
            return False
        return not names & self.ignore

    def severity_of(self, rule: RuleLike) -> Severity:
        overrides = dict(self.severity)
        return overrides.get(rule.id, overrides.get(rule.category, rule.severity))
