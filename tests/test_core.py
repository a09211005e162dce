"""The core linter: positions, context handling, config, rule loading, CLI contract."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from promiselint.api import lint_text
from promiselint.cli import main
from promiselint.config import Config
from promiselint.findings import Severity
from tests.conftest import declare_rules, engine_for


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def findings_of(text: str, filename: str = "t.md"):
    return lint_text(text, engine=engine_for("en"), filename=filename)


# --- positions -----------------------------------------------------------------------------------

MARKDOWN = textwrap.dedent("""\
    ---
    title: Results guaranteed
    ---
    # Pricing

    Our plans are flexible and
    results are **guaranteed** for
    every customer.

    ```python
    guaranteed = True  # code is not copy
    ```

        indented code: guaranteed

    Inline `guaranteed` code, a [link](https://example.com/guaranteed) and
    a <!-- guaranteed --> comment. We reply within 1 hour.

    | Plan | Promise |
    |------|---------|
    | Pro  | Café results guaranteed |
    """)


def test_markdown_positions_skip_code_front_matter_urls_and_comments() -> None:
    found = [
        (f.rule_id, f.location.line, f.location.column, f.location.end_column, f.text)
        for f in findings_of(MARKDOWN)
    ]
    assert found == [
        ("absolute.guarantee", 7, 15, 25, "guaranteed"),
        ("delivery.turnaround", 17, 35, 54, "reply within 1 hour"),
        ("absolute.guarantee", 21, 23, 33, "guaranteed"),
    ]


def test_columns_count_characters_not_bytes() -> None:
    (finding,) = findings_of(
        "Ça marche — résultats « garantis »? No: results guaranteed.\n", "t.txt"
    )
    line = "Ça marche — résultats « garantis »? No: results guaranteed."
    assert finding.location.column == line.index("guaranteed") + 1
    assert finding.location.end_column == finding.location.column + len("guaranteed")


def test_plain_text_crlf_and_bom_positions() -> None:
    text = "\ufeffIntro line\r\n\r\nWe ship   every order\r\nin 24 hours.\r\n"
    (finding,) = findings_of(text, "t.txt")
    assert (finding.location.line, finding.location.column) == (4, 1)
    assert finding.text == "in 24 hours"


# --- context: negation, hedges, evidence ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We do not guarantee uptime.",
        "There is no guarantee that the API stays stable.",
        "We can't guarantee results.",
    ],
)
def test_negation_removes_finding(text: str) -> None:
    assert not findings_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "We typically reply within 4 hours.",
        "Delivery usually takes 3 days.",
        "We aim to go live by March 15, 2027.",
        "Setup takes 10 minutes on average.",
    ],
)
def test_hedge_removes_finding(text: str) -> None:
    assert not findings_of(text)


def test_evidence_downgrades_absolute_claim_to_info() -> None:
    (backed,) = findings_of("Named the best password manager by CNET in 2026.")
    assert backed.severity is Severity.info
    assert "evidence" in backed.message
    (unbacked,) = findings_of("The best password manager for families.")
    assert unbacked.severity is Severity.warning


def test_offer_with_terms_is_not_an_absolute_claim() -> None:
    assert not findings_of("Every plan has a 30-day money-back guarantee.")
    assert [f.rule_id for f in findings_of("Results guaranteed.")] == ["absolute.guarantee"]


def test_historical_dates_are_not_commitments() -> None:
    assert not findings_of("Acme was founded on 3 April 2010 and released v1 in May 2012.")
    assert findings_of("The new portal will go live on 3 April 2027.")


# --- rules and config errors ---------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_broken_rule_file_is_one_line_error_naming_file_and_rule(tmp_path: Path) -> None:
    rules = write(
        tmp_path / "myrules" / "en" / "house.yaml",
        """\
        rules:
          - id: house.typo
            patterns: [[{LOWR: revolutionary}]]
            examples: {flag: [a, b], pass: [c, d]}
        """,
    )
    declare_rules(tmp_path / "myrules", {"house.typo": "absolute-claim"})
    config = write(tmp_path / ".promiselint.yaml", "rules: [myrules]\n")
    doc = write(tmp_path / "a.md", "Hello.\n")
    code, _, err = run("check", "--config", str(config), str(doc))
    assert code == 2
    assert err.count("\n") == 1, err
    assert str(rules) in err and "house.typo" in err and "LOWR" in err


def test_invalid_yaml_rule_names_line(tmp_path: Path) -> None:
    write(tmp_path / "r" / "en" / "bad.yaml", "rules: [\n  - id: x\n")
    config = write(tmp_path / ".promiselint.yaml", "rules: [r]\n")
    code, _, err = run("check", "--config", str(config), str(tmp_path))
    assert code == 2 and "bad.yaml:" in err and "invalid YAML" in err


def test_user_rule_folder_adds_rule(tmp_path: Path) -> None:
    write(
        tmp_path / "r" / "en" / "house.yaml",
        """\
        rules:
          - id: house.revolutionary
            phrases: [revolutionary]
            examples: {flag: [A revolutionary app., Revolutionary!], pass: [An app., A new app.]}
        """,
    )
    declare_rules(tmp_path / "r", {"house.revolutionary": "absolute-claim"}, severity="error")
    write(tmp_path / ".promiselint.yaml", "rules: [r]\nseverity: {absolute.guarantee: info}\n")
    doc = write(tmp_path / "a.md", "A revolutionary app. Results guaranteed.\n")
    code, out, _ = run("check", "--format", "json", "--min-severity", "info", str(doc))
    data = json.loads(out)
    assert {(f["rule_id"], f["severity"]) for f in data["findings"]} == {
        ("house.revolutionary", "error"),
        ("absolute.guarantee", "info"),
    }
    assert code == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("ignore: [absolute.nonexistent]\n", "unknown rule id or category: absolute.nonexistent"),
        ("colour: blue\n", "Additional properties are not allowed ('colour' was unexpected)"),
        ("fail_on: sometimes\n", "fail_on"),
        ("select: [\n", "invalid config syntax"),
    ],
)
def test_bad_config_is_exit_2(tmp_path: Path, content: str, expected: str) -> None:
    write(tmp_path / ".promiselint.yaml", content)
    doc = write(tmp_path / "a.md", "Hello.\n")
    code, out, err = run("check", str(doc))
    assert code == 2
    assert expected in err and ".promiselint.yaml" in err
    assert "Traceback" not in err + out


def test_config_in_pyproject_and_extends(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "ignore: [delivery-commitment]\n")
    write(
        tmp_path / "pyproject.toml",
        '[tool.promiselint]\nextends = "base.yaml"\nfail_on = "error"\n',
    )
    doc = write(tmp_path / "docs" / "a.md", "We reply within 1 hour. Results guaranteed.\n")
    code, out, _ = run("check", "--format", "json", str(doc))
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["absolute.guarantee"]
    assert code == 0  # a warning, and fail_on is error


def test_select_and_ignore_by_category_and_id(tmp_path: Path) -> None:
    doc = write(
        tmp_path / "a.md", "We reply within 1 hour. Results guaranteed. Dark mode is coming soon.\n"
    )
    _, out, _ = run(
        "check", "--format", "json", "--select", "delivery-commitment,feature.coming-soon", str(doc)
    )
    assert sorted(f["rule_id"] for f in json.loads(out)["findings"]) == [
        "delivery.turnaround",
        "feature.coming-soon",
    ]
    _, out, _ = run("check", "--format", "json", "--ignore", "absolute-claim", str(doc))
    assert "absolute.guarantee" not in out


# --- CLI contract --------------------------------------------------------------------------------


def test_exit_codes_and_text_format(tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.md", "We help teams write better proposals.\n")
    risky = write(tmp_path / "risky.md", "Intro.\n\nResults guaranteed.\n")
    assert run("check", str(clean))[0] == 0
    code, out, _ = run("check", str(risky))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{risky}:3:9: warning absolute.guarantee "
        "'guaranteed' promises an outcome without conditions"
    )
    assert out.splitlines()[-1] == "1 finding (1 warning) in 1 file"
    assert run("check", "--fail-on", "error", str(risky))[0] == 0
    code, out, _ = run("check", "--min-severity", "error", str(risky))
    assert code == 0 and "absolute.guarantee" not in out


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check")[0] == 2
    assert run("check", "--format", "yaml", str(tmp_path))[0] == 2
    code, _, err = run("explain", "absolute.nope")
    assert code == 2 and "unknown rule id" in err


def test_stdin_is_linted_as_markdown() -> None:
    code, out, _ = run(
        "check", "--format", "json", "-", input="# Hi\n\n`guaranteed` but results guaranteed.\n"
    )
    data = json.loads(out)
    assert code == 1
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [("-", 3, 26)]


def test_json_shape_is_stable(tmp_path: Path) -> None:
    doc = write(tmp_path / "a.md", "Results guaranteed.\n")
    data = json.loads(run("check", "--format", "json", str(doc))[1])
    assert set(data) == {"findings", "errors", "notices", "summary"}
    assert list(data["findings"][0]) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule_id",
        "category",
        "severity",
        "message",
        "text",
        "sentence",
        "lang",
        "suggestion",
    ]


def test_directories_are_walked_with_default_excludes(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a.md", "Results guaranteed.\n")
    write(tmp_path / "node_modules" / "pkg" / "README.md", "Results guaranteed.\n")
    write(tmp_path / ".git" / "notes.md", "Results guaranteed.\n")
    write(tmp_path / "docs" / "script.py", "guaranteed = True\n")
    data = json.loads(run("check", "--format", "json", str(tmp_path))[1])
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in data["findings"]] == [
        "docs/a.md"
    ]


def test_rules_and_explain_commands() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "absolute.guarantee" in out and "delivery-commitment" in out
    code, out, _ = run("explain", "delivery.turnaround")
    assert code == 0 and "Returns are accepted within 30 days of purchase." in out


def test_version() -> None:
    from promiselint import __version__

    assert run("--version")[1].strip().endswith(__version__)


def test_installed_wheel_finds_its_rules(tmp_path: Path) -> None:
    """Build the wheel, install it (without dependencies) into a folder, and lint from there."""
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "wheel"),
            str(repo),
        ],
        check=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("promiselint-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import promiselint, sys; from promiselint.api import lint_text;"
        "from promiselint.ruleset.loader import shipped_rules_dir;"
        "print(promiselint.__file__); print(shipped_rules_dir());"
        "print(len(lint_text('Results guaranteed.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    ).stdout
    module, rules_dir, count = out.splitlines()
    assert module.startswith(str(target)) and rules_dir.startswith(str(target))
    assert (Path(rules_dir) / "en" / "absolute-claim.yaml").is_file()
    assert count == "1"


def test_config_object_defaults() -> None:
    config = Config()
    assert config.fail_on is Severity.warning and config.min_severity is Severity.warning


def test_unwritable_output_is_one_line_error(tmp_path: Path) -> None:
    doc = write(tmp_path / "a.md", "Results guaranteed.\n")
    code, out, err = run("check", "-o", str(tmp_path / "missing" / "out.json"), str(doc))
    assert code == 2
    assert err.strip().endswith("cannot write: No such file or directory")
    assert "Traceback" not in out + err
