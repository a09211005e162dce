"""Each language's rules are loaded when a text in it is first linted (issue 18): checking an
English page parses, validates and caches the registry and the English rule files only, and
gives the findings the whole ruleset gives, in every language."""

from __future__ import annotations

import functools
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from promiselint.api import lint_text, make_engine
from promiselint.cache import Cache
from promiselint.cli import main
from promiselint.config import Config
from promiselint.ruleset.loader import load_ruleset, open_ruleset, shipped_rules_dir
from promiselint.ruleset.model import Ruleset
from tests.conftest import declare_rules

RULES = shipped_rules_dir()
LANGUAGES = sorted(folder.name for folder in RULES.iterdir() if folder.is_dir())
ENGLISH = "Our support team answers every request within two hours, and the new app is ready."
ITALIAN = "Il nostro servizio clienti risponde a tutte le richieste entro due ore lavorative."


@functools.cache
def _whole() -> Ruleset:
    return load_ruleset([RULES])


def _findings(ruleset: Ruleset, text: str, lang: str | None) -> list[dict[str, object]]:
    engine = make_engine(Config(language=lang), ruleset)
    return [finding.to_dict() for finding in lint_text(text, engine=engine)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_language_loaded_alone_finds_what_the_whole_ruleset_finds(
    lang: str, tmp_path: Path
) -> None:
    rules = _whole().languages[lang].rules.values()
    page = "\n\n".join(
        text for rule in rules for text in (*rule.flag_examples, *rule.pass_examples)
    )
    expected = _findings(_whole(), page, lang)
    assert expected  # the flag examples are found
    cache = Cache(tmp_path, Config(), [RULES])
    for _source in ("the rule files", "the cache"):
        alone = open_ruleset([RULES], cache)
        assert _findings(alone, page, lang) == expected
        assert alone.languages.loaded() == [lang]


def test_detected_languages_are_the_only_ones_loaded(tmp_path: Path) -> None:
    page = f"{ENGLISH}\n\n{ITALIAN}\n"
    alone = open_ruleset([RULES], Cache(tmp_path, Config(), [RULES]))
    assert _findings(alone, page, None) == _findings(_whole(), page, None)
    assert alone.languages.loaded() == ["en", "it"]


def test_a_check_parses_and_caches_the_registry_and_its_text_s_languages(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(f"# Support\n\n{ENGLISH}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["check", "--cache-dir", str(cache), str(tmp_path / "page.md")]
    assert CliRunner().invoke(main, args).exit_code == 1
    assert len(list(cache.rglob("rules/*/*"))) == 2  # the registry and the English rules


def test_a_lazy_ruleset_sent_to_a_worker_loads_its_other_languages_there(tmp_path: Path) -> None:
    ruleset = open_ruleset([RULES], Cache(tmp_path, Config(), [RULES]))
    assert ruleset.languages["en"] == _whole().languages["en"]
    copy = pickle.loads(pickle.dumps(ruleset))  # as --jobs hands it to a worker process
    assert copy.languages.loaded() == ["en"]
    assert copy.languages["ru"] == _whole().languages["ru"]
    assert set(copy.languages) == set(_whole().languages)


def test_a_mistake_in_a_user_rule_folder_is_reported_whatever_the_text_s_language(
    tmp_path: Path,
) -> None:
    house = declare_rules(tmp_path / "house", {"house.hype": "absolute-claim"})
    (house / "fr").mkdir()
    (house / "fr" / "house.yaml").write_text("rules: [\n  - id: x\n", encoding="utf-8")
    (tmp_path / ".promiselint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    (tmp_path / "page.md").write_text(f"{ENGLISH}\n", encoding="utf-8")
    args = ["check", "--config", str(tmp_path / ".promiselint.yaml"), str(tmp_path / "page.md")]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2
    assert done.output.count("\n") == 1 and "fr/house.yaml" in done.output, done.output


def test_lang_without_rules_is_refused_naming_the_languages_that_have_them() -> None:
    done = CliRunner().invoke(main, ["check", "--lang", "pt", "-"], input="Olá.\n")
    assert done.exit_code == 2
    assert f"rules exist for: {', '.join(LANGUAGES)}" in done.output
