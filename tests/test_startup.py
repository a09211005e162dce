"""Start-up: only what a file needs is loaded (issue 18), and state kept on disk (compiled state,
each language's cached rules) gives the same findings as state built afresh, safely.
Subprocesses run the real CLI, so that what a run imports can be seen."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from promiselint import compiled_state
from promiselint.api import lint_paths, make_engine
from promiselint.cache import REGISTRY_PART, Cache
from promiselint.config import Config
from promiselint.detection import LanguageChooser, model
from promiselint.detection.model import KNOWN_TO_DETECTOR, identifier
from promiselint.languages.lemmas import lemma_table
from promiselint.nlp import build_pipeline
from promiselint.plain import from_plain, to_plain
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir
from promiselint.ruleset.model import Declaration, LanguageRules
from tests.conftest import FIXTURES, shipped_ruleset

PORTUGUESE = (
    "A nossa equipa responde a todos os pedidos no mesmo dia, e o serviço está "
    "disponível para todos os clientes que o pedirem."
)
ENGLISH = (
    "Our team answers each request on the same day, and the service is open to all of "
    "the customers who ask for it."
)
ITALIAN = (
    "Il nostro gruppo risponde a ogni richiesta entro un giorno lavorativo e garantiamo "
    "risultati per tutti i clienti che lo chiedono."
)


def _promiselint(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "promiselint", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _imported(stderr: str, module: str) -> bool:
    return any(
        line.rstrip().endswith(f"| {module}") or line.rstrip().endswith(f" {module}")
        for line in stderr.splitlines()
        if line.startswith("import time:")
    )


def test_an_empty_file_or_one_without_rules_for_its_language_never_imports_spacy(
    tmp_path: Path,
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "portuguese.md").write_text(f"# Serviço\n\n{PORTUGUESE}\n", encoding="utf-8")
    (tmp_path / "english.md").write_text(f"{ENGLISH}\n", encoding="utf-8")
    # The rules are parsed and validated once (validation imports spaCy), then cached.
    assert _promiselint("check", *cache, str(tmp_path / "english.md")).returncode in (0, 1)

    done = _promiselint(
        "check",
        *cache,
        str(tmp_path / "empty.md"),
        str(tmp_path / "portuguese.md"),
        env={"PROMISELINT_PROFILE": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no rules for language 'pt'" in done.stderr
    assert "0 findings in 2 files" in done.stdout
    assert not _imported(done.stderr, "spacy")
    # The stage timings say the same: rules read, files read, no spaCy import or pipeline.
    stages = {
        line.split()[1]
        for line in done.stderr.splitlines()
        if line.startswith("promiselint-profile:")
    }
    assert {"rules", "reading", "linting", "output"} <= stages
    assert not stages & {"spaCy", "pipeline", "matchers"}


def test_stage_timings_are_printed_only_when_asked_for(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    done = _promiselint("check", "--cache-dir", str(tmp_path), str(tmp_path / "empty.md"))
    assert done.returncode == 0
    assert "promiselint-profile:" not in done.stderr


def test_a_page_whose_stop_words_settle_its_language_never_loads_the_detection_model() -> None:
    script = (
        "import sys\n"
        "from promiselint.api import lint_text\n"
        f"findings = lint_text({ITALIAN!r} + '\\n\\n' + {ITALIAN!r})\n"
        "assert {f.lang for f in findings} == {'it'}, findings\n"
        "assert 'py3langid.langid' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_languages_assumed_known_to_the_detector_are_in_its_model() -> None:
    model = identifier(tuple(sorted(KNOWN_TO_DETECTOR)))
    assert set(model.nb_classes) == KNOWN_TO_DETECTOR


def _ranks(model, texts: list[str]) -> list[list[tuple[str, float]]]:
    return [model.rank(text) for text in texts]


def test_the_kept_model_ranks_exactly_as_py3langid_own_narrowed_model(
    compiled_state_in: Path,
) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    assert model._model_file() == Path(MODEL_DIR, MODEL_FILE)  # found without importing it
    candidates = LanguageChooser(None, {"en", "it", "ru", "ar", "de", "es", "fr"}).candidates
    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    own.set_languages(candidates)
    texts = [PORTUGUESE, ENGLISH, ITALIAN, "Exports to PDF and Word", "Доступно 24/7", ""]
    expected = _ranks(own, texts)
    built = _ranks(identifier(candidates), texts)  # built, and kept on disk
    identifier.cache_clear()
    read_back = _ranks(identifier(candidates), texts)  # mapped from the kept entry
    assert expected == built == read_back
    assert [ranks[0][0] for ranks in expected[:3]] == ["pt", "en", "it"]


def test_a_first_run_unpacks_the_model_on_a_thread_into_its_cache(compiled_state_in: Path) -> None:
    model.prefetch()
    assert model._prefetching is not None
    model._prefetching.join()
    [entry] = compiled_state_in.rglob("detector/*/*")
    inode = entry.stat().st_ino
    assert identifier(("en", "it")).rank(ITALIAN)[0][0] == "it"
    # Read back, not built again (a rebuilt entry is a new file renamed into place).
    assert [path.stat().st_ino for path in compiled_state_in.rglob("detector/*/*")] == [inode]


@pytest.fixture
def compiled_state_in(tmp_path: Path):
    """Compiled state kept under tmp_path; every in-memory copy dropped before and after."""

    def forget() -> None:
        for cached in (identifier, lemma_table, build_pipeline):
            cached.cache_clear()
        model._prefetching = None

    forget()
    compiled_state.use(tmp_path / "compiled")
    yield tmp_path / "compiled"
    compiled_state.use(None)
    forget()


def _findings(paths: list[Path]) -> list[dict]:
    engine = make_engine(Config(), shipped_ruleset())
    result = lint_paths([str(path) for path in paths], Config(), engine)
    return [finding.to_dict() for finding in result.findings]


def test_findings_are_the_same_with_compiled_state_built_read_back_or_never_kept(
    compiled_state_in: Path,
    tmp_path: Path,
) -> None:
    spanish = tmp_path / "es.md"
    spanish.write_text(
        "Garantizamos la entrega en 24 horas. La nueva función llegará pronto.\n", encoding="utf-8"
    )
    paths = [FIXTURES / "bilingual.md", FIXTURES / "pricing.md", spanish]
    built = _findings(paths)
    kept = sorted(
        path.parent.parent.name for path in compiled_state_in.rglob("*") if path.is_file()
    )
    assert kept == ["detector", "lemmas", "lemmas", "lemmas"]  # en, it, es
    for cached in (identifier, lemma_table, build_pipeline):
        cached.cache_clear()
    read_back = _findings(paths)
    compiled_state.use(None)
    for cached in (identifier, lemma_table, build_pipeline):
        cached.cache_clear()
    never_kept = _findings(paths)
    assert built == read_back == never_kept
    assert {finding["lang"] for finding in built} == {"en", "it", "es"}


def test_a_damaged_entry_is_built_again(compiled_state_in: Path) -> None:
    candidates = LanguageChooser(None, {"en", "it"}).candidates
    expected = identifier(candidates).rank(ITALIAN)
    [entry] = compiled_state_in.rglob("detector/*/*")
    entry.write_bytes(b"not an archive")
    identifier.cache_clear()
    assert identifier(candidates).rank(ITALIAN) == expected
    assert expected[0][0] == "it"
    assert entry.stat().st_size > 1_000_000  # rewritten whole


def test_spacy_is_imported_without_its_command_line_which_still_loads_when_asked_for() -> None:
    script = (
        "import sys\n"
        "from promiselint.nlp import import_spacy\n"
        "import_spacy()\n"
        "import spacy\n"
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules\n"
        "assert spacy.blank('en')('two words').text == 'two words'\n"
        "assert isinstance(spacy.info(), dict)\n"  # the real spacy.cli, imported now
        "assert 'spacy.cli.info' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_each_cached_rule_part_is_plain_json_that_reads_back_equal(tmp_path: Path) -> None:
    ruleset = load_ruleset([shipped_rules_dir()])
    cache = Cache(tmp_path, Config(), [shipped_rules_dir()])
    parts = [(REGISTRY_PART, dict[str, Declaration], ruleset.declarations)]
    parts += [(lang, LanguageRules, language) for lang, language in ruleset.languages.items()]
    for part, kind, loaded in parts:
        assert from_plain(kind, json.loads(json.dumps(to_plain(loaded)))) == loaded
        # Through the cache: written once, then read back (the loader is not called again).
        assert cache.rule_part(part, kind, lambda loaded=loaded: loaded) == loaded
        assert cache.rule_part(part, kind, lambda: pytest.fail("loaded again")) == loaded
    assert len(list(tmp_path.rglob("rules/*/*"))) == len(parts)  # one entry per part


def test_a_pickle_in_the_cache_is_never_unpickled(tmp_path: Path) -> None:
    class Payload:
        def __reduce__(self):
            return (Path.touch, (tmp_path / "ran",))

    english = shipped_ruleset().languages["en"]
    cache = Cache(tmp_path, Config(), [shipped_rules_dir()])
    cache.rule_part("en", LanguageRules, lambda: english)
    [entry] = tmp_path.rglob("rules/*/*")
    entry.write_bytes(pickle.dumps(Payload()))
    assert cache.rule_part("en", LanguageRules, lambda: english) == english
    assert not (tmp_path / "ran").exists()


def test_a_lone_large_file_is_linted_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker would load the rules, spaCy and the pipelines again for the one file it gets.
    from promiselint import pool

    def no_worker(*_args: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(pool, "PARALLEL_BYTES", 1)  # any file is "large"
    monkeypatch.setattr(pool, "Worker", no_worker)
    page = tmp_path / "page.md"
    page.write_text(f"{ENGLISH}\n\nWe guarantee a reply within 2 hours.\n", encoding="utf-8")
    engine = make_engine(Config(), shipped_ruleset())
    alone = lint_paths([str(page)], Config(), engine, jobs=None)
    assert [finding.rule_id for finding in alone.findings]
    other = tmp_path / "other.md"
    other.write_text(f"{ENGLISH}\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="a worker was started"):
        lint_paths([str(page), str(other)], Config(), engine, jobs=None)
