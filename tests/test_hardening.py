"""Hostile input and awkward runs through the real CLI (issue 16): nothing aborts the run, nothing
hangs, every problem is one line with exit 2, Ctrl-C exits 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from promiselint.cli import main
from promiselint.parallel import default_jobs
from promiselint.ruleset.regexes import regex_problem
from tests.conftest import declare_rules

PROMISE = "Results guaranteed.\n"
CLEAN = "We plan the launch with you once the content is ready.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def promiselint(*args: str, timeout: float = 120, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promiselint", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **options,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- segments longer than spaCy's max_length -------------------------------------------------


def test_a_line_over_spacys_limit_does_not_abort_the_run(tmp_path: Path) -> None:
    long = write(tmp_path / "long.md", "x" * 1_000_001 + "\n")
    ok = write(tmp_path / "ok.md", PROMISE)
    code, out, err = run("check", "--no-cache", "--format", "json", str(long), str(ok))
    assert code == 1, err
    report = json.loads(out)
    assert [f["path"] for f in report["findings"]] == [str(ok)]
    assert report["summary"]["files"] == 2 and not report["errors"]


def test_a_long_paragraph_is_linted_in_pieces_with_true_positions(tmp_path: Path) -> None:
    # 1.3 million characters in one Markdown paragraph (hard-wrapped: 20,000 lines), with
    # promises at its start, in its middle and at its very end.
    words = "Our team drafts each page with you. " * 2
    lines = [words] * 20_000
    lines[0] = "Results guaranteed, from day one. " + words
    lines[9_999] = words + "Support replies within 2 hours."
    lines[-1] = words + "Every claim is backed, and results guaranteed."
    source = "\n".join(lines) + "\n"
    page = write(tmp_path / "long.md", source)
    code, out, err = run("check", "--no-cache", "--lang", "en", "--format", "json", str(page))
    assert code == 1, err
    findings = json.loads(out)["findings"]
    source_lines = source.split("\n")
    for finding in findings:
        line = source_lines[finding["line"] - 1]
        assert finding["line"] == finding["end_line"]
        assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["text"]
    assert {(f["line"], f["rule_id"]) for f in findings} >= {
        (1, "absolute.guarantee"),
        (10_000, "delivery.turnaround"),
        (20_000, "absolute.guarantee"),
    }


# --- REGEX in custom rules ---------------------------------------------------------------------

HOUSE_RULE = """\
rules:
  - id: house.pattern
    patterns:
      - [{{LOWER: magic}}]
      - [{{LOWER: {{REGEX: "{regex}"}}}}]
    examples:
      flag: ["Pure magic.", "It is magic."]
      pass: ["It works.", "Plain copy."]
"""


@pytest.mark.parametrize(
    ("regex", "problem"),
    [
        ("([a-z", "invalid regular expression"),
        ("^(a+)+$", "exponential time"),
    ],
)
@pytest.mark.parametrize("command", [["check", "page.md"], ["rules"], ["explain", "house.pattern"]])
def test_bad_regex_is_one_line_naming_file_rule_and_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regex: str, problem: str, command: list[str]
) -> None:
    write(tmp_path / "house" / "en" / "house.yaml", HOUSE_RULE.format(regex=regex))
    declare_rules(tmp_path / "house", {"house.pattern": "absolute-claim"})
    write(tmp_path / ".promiselint.yaml", "rules: [house]\n")
    write(tmp_path / "page.md", "It is magic.\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*command)
    assert code == 2, out + err
    (line,) = err.strip().splitlines()
    assert "house.yaml" in line and "'house.pattern'" in line
    assert f"REGEX {regex!r}" in line and problem in line


@pytest.mark.parametrize(
    "regex",
    [
        "(a+)+",
        r"(\w+\s?)+$",
        r"(x\w*)*",
        "(a|ab)+",
        "((ab)+)+",
        "(a*)*",
    ],
)
def test_regexes_that_backtrack_exponentially_are_rejected(regex: str) -> None:
    assert "exponential" in (regex_problem(regex) or "")


@pytest.mark.parametrize(
    "regex",
    [
        r"^v?\d+(\.\d+)*\.?$",
        r"^(\d+([.,]\d+)*|zwei)$",
        "(?:ly|ies)+",
        r"^(19|20)\d\d$",
        "^garantier(t|te|ten)?$",
        "(a++)+",
        r"(\d+-)+x",
    ],
)
def test_ordinary_regexes_are_accepted(regex: str) -> None:
    assert regex_problem(regex) is None


# --- files that are not regular files ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_skipped_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write(folder / "ok.md", PROMISE)
    os.mkfifo(folder / "x.md")
    walked = promiselint("check", "--no-cache", str(folder), timeout=60)
    assert walked.returncode == 1, walked.stderr
    assert "ok.md:1:" in walked.stdout
    assert f"notice: {folder / 'x.md'}: skipped: a named pipe" in walked.stderr
    named = promiselint("check", "--no-cache", str(folder / "x.md"), timeout=60)
    assert named.returncode == 0, named.stderr
    assert "skipped: a named pipe" in named.stderr


# --- Ctrl-C ------------------------------------------------------------------------------------


def _group_members(group: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":  # fields: state, ppid, pgrp
                members.append(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("jobs", [None, "2"])
def test_ctrl_c_exits_130_without_traceback_and_stops_workers(
    tmp_path: Path, jobs: str | None
) -> None:
    for number in range(400):
        write(
            tmp_path / "docs" / f"page{number:03}.md",
            f"# Page {number}\n\n" + (PROMISE + CLEAN) * 200,
        )
    args = [
        sys.executable,
        "-m",
        "promiselint",
        "check",
        "--no-cache",
        "--lang",
        "en",
        *(["--jobs", jobs] if jobs else []),
        str(tmp_path / "docs"),
    ]
    # A session of its own, so that SIGINT goes to its whole process group, as a terminal's
    # Ctrl-C does, and the workers left behind (if any) can be found.
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        wanted = 1 + (int(jobs) if jobs else 0)
        deadline = time.monotonic() + 60
        while len(_group_members(process.pid)) < wanted and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # spaCy imported, linting under way
        assert process.poll() is None, "the run ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted" in err
    time.sleep(0.5)
    assert _group_members(process.pid) == []


# --- command-line checks -----------------------------------------------------------------------


def test_explicit_lang_without_rules_is_a_usage_error(tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", PROMISE)
    for command in ("check", "report"):
        code, out, err = run(command, "--lang", "pt", str(page))
        assert code == 2, command + out + err
        assert "--lang pt: no rules" in err and "en, es, fr, it, ru" in err.replace("de, ", "")


def test_write_baseline_says_what_it_recorded(tmp_path: Path) -> None:
    first = write(tmp_path / "a.md", PROMISE + "\n" + "Support replies within 2 hours.\n")
    second = write(tmp_path / "b.md", PROMISE)
    baseline = tmp_path / "baseline.json"
    code, out, err = run(
        "check", "--lang", "en", "--write-baseline", str(baseline), str(first), str(second)
    )
    assert code == 0, err
    assert "0 findings" not in out + err
    assert f"recorded 3 findings in {baseline} (2 files checked)" in err
    assert len(json.loads(baseline.read_text())["findings"]) == 3


def test_broken_yaml_names_line_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "page.md", PROMISE)
    write(tmp_path / ".promiselint.yaml", "ignore:\n  - absolute.superlative\n  bad: [\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", "page.md")
    assert code == 2
    assert ".promiselint.yaml:3:3: invalid config syntax" in err
    write(tmp_path / ".promiselint.yaml", "rules: [house]\n")
    write(tmp_path / "house" / "en" / "house.yaml", "rules:\n  - id: x\n   message: y\n")
    code, _, err = run("rules")
    assert code == 2
    assert "house.yaml:3:" in err and "invalid YAML" in err


def test_jobs_above_the_cpu_count_are_capped(tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", PROMISE)
    wanted = default_jobs() + 3
    code, _, err = run("check", "--lang", "en", "--jobs", str(wanted), str(page))
    assert code == 1
    assert f"--jobs {wanted} capped at {default_jobs()}" in err
    assert "at most one per CPU" in run("check", "--help")[1]


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_lists_clean_files_as_passing_tests(tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.md", CLEAN)
    code, out, _ = run("check", "--lang", "en", "--format", "junit", str(clean))
    assert code == 0
    suites = ET.fromstring(out)
    (case,) = suites.iter("testcase")
    assert suites.get("tests") == "1" and suites.get("failures") == "0"
    assert case.get("file", "").endswith("clean.md") and not list(case)


# --- memory on large reports --------------------------------------------------------------------


def test_json_report_is_built_finding_by_finding_with_the_same_text(tmp_path: Path) -> None:
    import tracemalloc

    from promiselint.api import lint_paths
    from promiselint.formats import FormatOptions
    from promiselint.formats.json import render

    page = write(
        tmp_path / "many.md", "Results guaranteed, and we reply within 2 hours.\n\n" * 3000
    )
    result = lint_paths([str(page)], jobs=1)
    assert len(result.findings) == 6000
    document = {
        "findings": [finding.to_dict() for finding in result.findings],
        "errors": [],
        "notices": result.notices,
        "summary": {"files": 1, "findings": 6000, "errors": 0},
    }
    tracemalloc.start()
    try:
        text = render(result, FormatOptions())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # json.dumps(document, indent=2) itself peaked at about 7 times the output's size.
    assert peak < 4 * len(text), f"peak {peak / 2**20:.1f} MiB for {len(text) / 2**20:.1f} MiB"


def test_today_can_be_fixed_and_a_bad_value_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Version 5 will be released on 3 March 2027.\n", encoding="utf-8")
    env = {**os.environ, "PROMISELINT_TODAY": "2026-12-04"}
    run = subprocess.run(
        [sys.executable, "-m", "promiselint", "check", str(page), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert json.loads(run.stdout)["findings"]
    env["PROMISELINT_TODAY"] = "yesterday"
    bad = subprocess.run(
        [sys.executable, "-m", "promiselint", "check", str(page)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "promiselint: error: PROMISELINT_TODAY='yesterday' is not a date (write it as YYYY-MM-DD)"
    ]
