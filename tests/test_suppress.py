"""Inline suppressions: each directive form, in Markdown, HTML, MDX and plain text."""

from __future__ import annotations

from pathlib import Path

from promiselint.api import lint_paths, lint_text
from promiselint.config import Config
from promiselint.findings import Finding
from tests.conftest import engine_for

RULE = "absolute.guarantee"


def lint(text: str, filename: str = "page.md") -> list[Finding]:
    return lint_text(text, engine=engine_for("en"), filename=filename)


def guarantee_lines(findings: list[Finding]) -> list[int]:
    return [f.location.line for f in findings if f.rule_id == RULE]


def test_without_directives_every_promise_is_reported() -> None:
    text = "Results guaranteed.\n\nDelivery guaranteed.\n"
    assert guarantee_lines(lint(text)) == [1, 3]


def test_disable_next_line_names_a_rule() -> None:
    text = (
        "<!-- promiselint: disable-next-line absolute.guarantee -->\n"
        "Results guaranteed.\n"
        "\n"
        "Delivery guaranteed.\n"
    )
    assert guarantee_lines(lint(text)) == [4]


def test_disable_next_line_without_a_rule_covers_every_rule() -> None:
    text = "<!-- promiselint: disable-next-line -->\nResults guaranteed.\n"
    assert lint(text) == []


def test_disable_next_line_takes_a_category() -> None:
    text = "<!-- promiselint: disable-next-line absolute-claim -->\nResults guaranteed.\n"
    assert guarantee_lines(lint(text)) == []


def test_disable_next_line_for_another_rule_keeps_the_finding() -> None:
    text = "<!-- promiselint: disable-next-line delivery-commitment -->\nResults guaranteed.\n"
    assert guarantee_lines(lint(text)) == [2]


def test_disable_next_line_skips_blank_lines_and_stacked_directives() -> None:
    text = (
        "<!-- promiselint: disable-next-line absolute.guarantee -- approved by legal -->\n"
        "<!-- promiselint: disable-next-line delivery-commitment -->\n"
        "\n"
        "Results guaranteed.\n"
        "Delivery guaranteed.\n"
    )
    assert guarantee_lines(lint(text)) == [5]


def test_disable_until_enable() -> None:
    text = (
        "Before: guaranteed.\n"
        "\n"
        "<!-- promiselint: disable absolute.guarantee -->\n"
        "Inside: guaranteed.\n"
        "\n"
        "Still inside: guaranteed.\n"
        "<!-- promiselint: enable absolute.guarantee -->\n"
        "\n"
        "After: guaranteed.\n"
    )
    assert guarantee_lines(lint(text)) == [1, 9]


def test_disable_without_enable_lasts_to_the_end_and_bare_enable_ends_all() -> None:
    open_ended = "<!-- promiselint: disable -->\nA guaranteed.\n\nB guaranteed.\n"
    assert lint(open_ended) == []
    closed = (
        "<!-- promiselint: disable absolute.guarantee, delivery-commitment -->\n"
        "A guaranteed.\n"
        "<!-- promiselint: enable -->\n"
        "B guaranteed.\n"
    )
    assert guarantee_lines(lint(closed)) == [4]


def test_enable_of_another_rule_leaves_the_disable_open() -> None:
    text = (
        "<!-- promiselint: disable absolute.guarantee -->\n"
        "<!-- promiselint: enable delivery-commitment -->\n"
        "A guaranteed.\n"
    )
    assert guarantee_lines(lint(text)) == []


def test_directive_outside_a_comment_is_prose_in_markdown() -> None:
    text = "promiselint: disable-next-line\nResults guaranteed.\n"
    assert guarantee_lines(lint(text)) == [2]


def test_html_comment_in_an_html_file() -> None:
    html = (
        "<html><body>\n"
        "<!-- promiselint: disable-next-line absolute.guarantee -->\n"
        "<p>Results guaranteed.</p>\n"
        "<p>Delivery guaranteed.</p>\n"
        "</body></html>\n"
    )
    assert guarantee_lines(lint(html, "page.html")) == [4]


def test_mdx_comment() -> None:
    text = "{/* promiselint: disable-next-line absolute.guarantee */}\nResults guaranteed.\n"
    assert guarantee_lines(lint(text, "page.mdx")) == []


def test_plain_text_line_holding_the_directive() -> None:
    text = (
        "# promiselint: disable-next-line absolute.guarantee\n"
        "Results guaranteed.\n"
        "\n"
        "Delivery guaranteed.\n"
    )
    assert guarantee_lines(lint(text, "copy.txt")) == [4]


def test_unknown_rule_in_a_directive_is_reported_where_it_is_written() -> None:
    text = (
        "# Title\n\n"
        "<!-- promiselint: disable-next-line absolute.guarantees -->\n"
        "Results guaranteed.\n"
    )
    findings = lint(text)
    unknown = [f for f in findings if f.rule_id == "suppression.unknown-rule"]
    assert len(unknown) == 1
    loc = unknown[0].location
    assert (loc.line, loc.column, loc.end_column) == (3, 37, 56)
    assert unknown[0].text == "absolute.guarantees"
    assert unknown[0].severity.name == "warning"
    # the misspelt directive suppresses nothing
    assert guarantee_lines(findings) == [4]


def test_suppressions_apply_to_files_and_describe_their_rule(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- promiselint: disable-next-line -->\nResults guaranteed.\n\n"
        "<!-- promiselint: disable nosuchrule -->\n",
        encoding="utf-8",
    )
    result = lint_paths([str(page)], Config(language="en"), engine_for("en"))
    assert [f.rule_id for f in result.findings] == ["suppression.unknown-rule"]
    assert result.findings[0].location.path == str(page)
    assert "suppression.unknown-rule" in result.rules
