"""Conflicting commitments across the linted files, found as a final stage of lint_paths."""

from __future__ import annotations

from pathlib import Path

from promiselint.api import lint_paths
from promiselint.config import Config
from promiselint.findings import Finding
from tests.conftest import declare_rules


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def conflicts(paths: list[str], **config: object) -> list[Finding]:
    result = lint_paths(paths, Config(**config))
    return [f for f in result.findings if f.rule_id == "consistency.conflict"]


def test_duration_conflict_across_two_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", "# Proposal\n\nWe plan an 18-week implementation.\n")
    b = write(tmp_path, "b.md", "Timeline\n\nThe team delivers a 30-week implementation.\n")
    found = conflicts([a, b], language="en")
    assert [(f.location.path, f.text) for f in found] == [
        (a, "18-week implementation"),
        (b, "30-week implementation"),
    ]
    assert found[0].category == "delivery-commitment"
    assert f"'30-week implementation' at {b}:3:" in found[0].message
    assert f"at {a}:3:" in found[1].message
    assert found[0].extra["conflicts_with"].startswith(f"{b}:3:")


def test_part_of_a_whole_conflict_within_one_document(tmp_path: Path) -> None:
    doc = write(
        tmp_path, "rfp.md", "All 25 requirements are met.\n\nStatus: 23 of 25 built today.\n"
    )
    found = conflicts([doc], language="en")
    assert [f.text for f in found] == ["All 25 requirements", "23 of 25"]
    assert f"'23 of 25' at {doc}:3:9" in found[0].message


def test_same_numbers_do_not_conflict(tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", "An 18-week implementation and 99.9% uptime.\n")
    b = write(tmp_path, "b.md", "Uptime of 99.9% and the implementation takes 18 weeks.\n")
    c = write(tmp_path, "c.md", "Step 1 of 3. Step 2 of 3. We hired 12 people in 2 weeks.\n")
    assert conflicts([a, b, c], language="en") == []


def test_percent_conflict_in_italian(tmp_path: Path) -> None:
    # The check reads a language that has rules; a one-rule Italian set makes sure it has.
    rules = tmp_path / "rules" / "it"
    rules.mkdir(parents=True)
    declare_rules(tmp_path / "rules", {"test.garantito": "absolute-claim"})
    (rules / "test.yaml").write_text(
        "rules:\n  - id: test.garantito\n    phrases: [garantito]\n"
        "    examples: {flag: [Garantito., Tutto garantito.], pass: [No., Forse.]}\n"
        "    context: {}\n",
        encoding="utf-8",
    )
    (rules / "context.yaml").write_text(
        "cues:\n  negation: {scope: before, window: 4, phrases: [non]}\n", encoding="utf-8"
    )
    a = write(tmp_path, "a.md", "Garantiamo 99,9% di uptime su tutti i piani.\n")
    b = write(tmp_path, "b.md", "Il contratto prevede 99,5% di uptime per il piano base.\n")
    c = write(tmp_path, "c.md", "Un'implementazione di 18 settimane, tutti i 25 requisiti.\n")
    found = conflicts([a, b, c], language="it", rule_dirs=(tmp_path / "rules",))
    assert [f.text for f in found] == ["99,9% di uptime", "99,5% di uptime"]


def test_conflicts_can_be_ignored(tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", "An 18-week implementation.\n")
    b = write(tmp_path, "b.md", "A 30-week implementation.\n")
    assert conflicts([a, b], language="en", ignore=("consistency.conflict",)) == []


# --- what is not a conflict: the copy's own scopes, hedged figures, unrelated folders ---------


def test_plans_phases_and_priorities_are_scoped_apart(tmp_path: Path) -> None:
    doc = write(
        tmp_path,
        "sla.md",
        "\n\n".join(
            [
                "Standard plan: 99.9% uptime.",
                "Enterprise plan: 99.99% uptime.",
                "Phase 1 is a 6-week implementation.",
                "Phase 2 is a 10-week implementation.",
                "We give a 1-business-day response on routine questions.",
                "We give a 4-hour response on production-down incidents.",
            ]
        )
        + "\n",
    )
    assert conflicts([doc], language="en") == []


def test_a_hedged_figure_is_not_a_committed_one(tmp_path: Path) -> None:
    doc = write(
        tmp_path, "terms.md", "Response time: up to 24 hours.\n\nOur response time is 4 hours.\n"
    )
    assert conflicts([doc], language="en") == []


def test_the_same_scope_still_conflicts(tmp_path: Path) -> None:
    doc = write(
        tmp_path,
        "plans.md",
        "Standard plan: 99.9% uptime.\n\nOn the Standard plan you get 99.5% uptime.\n",
    )
    assert [f.text for f in conflicts([doc], language="en")] == ["99.9% uptime", "99.5% uptime"]


def test_files_in_different_folders_are_not_compared(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    (tmp_path / "globex").mkdir()
    a = write(tmp_path / "acme", "sow.md", "We plan an 18-week implementation.\n")
    b = write(tmp_path / "globex", "sow.md", "We plan a 30-week implementation.\n")
    assert conflicts([a, b], language="en") == []
    c = write(tmp_path / "acme", "proposal.md", "We plan a 30-week implementation.\n")
    assert {f.location.path for f in conflicts([a, b, c], language="en")} == {a, c}


def test_a_table_row_label_is_one_statement_however_many_cells_follow_it(tmp_path: Path) -> None:
    # The row's label is read where it stands and again before each of its cells, as their
    # context: its figure is still one statement, reported once, counted once among the others.
    table = (
        "| Service | Plan | Status | Owner |\n|---|---|---|---|\n"
        "| 2-hour onboarding call | Basic | Live | Sales |\n"
    )
    a = write(tmp_path, "plans.md", table)
    b = write(tmp_path, "faq.md", "Every customer gets a 3-hour onboarding call.\n")
    found = conflicts([a, b], language="en")
    assert sorted((f.location.path, f.location.line, f.text) for f in found) == [
        (b, 1, "3-hour onboarding"),
        (a, 3, "2-hour onboarding"),
    ]
    assert all("more" not in f.message and "(+" not in f.message for f in found)
