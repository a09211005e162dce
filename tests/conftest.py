"""Shared fixtures: engines are costly to build, so tests share one per language."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from promiselint.api import lint_text, load_rules, make_engine
from promiselint.config import Config
from promiselint.engine import Engine
from promiselint.findings import Severity
from promiselint.ruleset.model import Ruleset

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "fixtures"


@functools.cache
def shipped_ruleset() -> Ruleset:
    return load_rules(Config())


@functools.cache
def engine_for(lang: str) -> Engine:
    """An engine with every shipped rule and the language fixed (as --lang would)."""
    return make_engine(Config(language=lang), shipped_ruleset())


def flagged(text: str, lang: str) -> dict[str, str]:
    """The matched words by rule id of every finding at warning or above in ``text``."""
    findings = lint_text(text, engine=engine_for(lang), filename="x.txt")
    return {f.rule_id: f.text for f in findings if f.severity >= Severity.warning}


def declare_rules(folder: Path, categories: dict[str, str], severity: str = "warning") -> Path:
    """A test's own rule folder gets its registry.yaml: each rule id declared with its category,
    ``severity`` and plain English words ("'{match}' is <id>")."""
    lines = ["rules:"]
    for rule_id, category in categories.items():
        lines += [
            f"  {rule_id}:",
            f"    category: {category}",
            f"    severity: {severity}",
            f"    message: \"'{{match}}' is {rule_id}\"",
            f"    explanation: The test rule {rule_id}.",
        ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this clone (CI has it)")
    return SHARED


# --- the cache: never the user's own -----------------------------------------------------------


@pytest.fixture(scope="session")
def _session_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(_session_cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test (and every promiselint it starts as a subprocess, through the environment)
    caches under a temporary folder, shared by the session so that rulesets load once."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache_home))
    # Rule examples are dated (2027 is the future today): "today" is fixed so that they do not
    # turn into history as the calendar moves on.
    monkeypatch.setenv("PROMISELINT_TODAY", "2026-12-04")
