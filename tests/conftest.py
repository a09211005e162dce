"""Shared fixtures: engines are costly to build, so tests share one per language."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from promiselint.api import load_rules, make_engine
from promiselint.config import Config
from promiselint.engine import Engine
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


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this clone (CI has it)")
    return SHARED
