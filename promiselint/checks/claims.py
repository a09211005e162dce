"""The approved-claim check: a claim of the facts file is reported as info with its evidence, and
the rule matches on its words or the absolute wording right beside it are dropped."""

from __future__ import annotations

from promiselint.checks.fact_run import FactMatch, FactRun
from promiselint.checks.rules import FACT_RULES
from promiselint.spans import gap


def claims(run: FactRun) -> list[FactMatch]:
    out: list[FactMatch] = []
    for start, end, index in run.found.get("claim", []):
        if run.negated((start, end)):
            continue
        claim = run.facts.claims[int(index)]
        for i, match in enumerate(run.matches):
            span = (match.start, match.end)
            # the claim's own words are approved whatever rule reads them ("99.9% uptime" is
            # also a service level); absolute wording right beside it ("we guarantee") too
            overlaps = match.start < end and start < match.end
            if overlaps or (
                match.rule.category == "absolute-claim"
                and gap(span, (start, end)) <= 1
                and run.same_sentence(span, (start, end))
            ):
                run.dropped.add(i)
        out.append(
            FactMatch(
                FACT_RULES["facts.backed-claim"],
                start,
                end,
                (("evidence", claim.describe_evidence()),),
            )
        )
    return out
