"""The content cache: unchanged files come from it, anything that changes findings re-lints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from promiselint.api import lint_paths, load_rules, make_engine, open_cache
from promiselint.config import Config
from promiselint.findings import LintResult
from tests.conftest import declare_rules

COPY = "# Plans\n\nWe guarantee delivery. Support replies within 2 hours.\n"
RULE = """\
rules:
  - id: house.magic
    patterns:
      - [{LOWER: magic}]
    examples:
      flag: ["Pure magic.", "It is magic."]
      pass: ["It works.", "Plain copy."]
"""


def _run(paths: list[Path], config: Config, cache_dir: Path) -> LintResult:
    cache = open_cache(config, cache_dir)
    engine = make_engine(config, load_rules(config, cache))
    return lint_paths([str(p) for p in paths], config, engine, cache=cache)


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in (cache_dir / "v1" / "files").rglob("*") if p.is_file())


def _summary(result: LintResult) -> list[tuple[str, int, str]]:
    return [(f.rule_id, f.location.line, f.message) for f in result.findings]


def test_unchanged_file_comes_from_the_cache(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = _run([page], Config(), cache_dir)
    assert first.findings
    (entry,) = _entries(cache_dir)
    # Mark the entry: a second run that shows the mark was served from the cache.
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["findings"][0]["message"] = "from the cache"
    entry.write_text(json.dumps(data), encoding="utf-8")
    second = _run([page], Config(), cache_dir)
    assert second.findings[0].message == "from the cache"
    assert second.findings[0].location.path == str(page)
    assert _summary(second)[1:] == _summary(first)[1:]


def test_changed_file_is_linted_again(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    _run([page], Config(), cache_dir)
    page.write_text("# Plans\n\nPlain copy that promises nothing at all.\n", encoding="utf-8")
    assert _run([page], Config(), cache_dir).findings == []
    assert len(_entries(cache_dir)) == 2


def test_changed_config_is_linted_again(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = _run([page], Config(), cache_dir)
    assert "absolute.guarantee" in {f.rule_id for f in before.findings}
    after = _run([page], Config(ignore=("absolute.guarantee",)), cache_dir)
    assert "absolute.guarantee" not in {f.rule_id for f in after.findings}
    assert _summary(after) == [s for s in _summary(before) if s[0] != "absolute.guarantee"]


def test_changed_rules_are_linted_again(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "en"
    rules.mkdir(parents=True)
    declare_rules(tmp_path / "rules", {"house.magic": "absolute-claim"})
    (rules / "house.yaml").write_text(RULE, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Plans\n\nThe setup is pure magic, and simple.\n", encoding="utf-8")
    config = Config(rule_dirs=(tmp_path / "rules",), select=("house.magic",), language="en")
    cache_dir = tmp_path / "cache"
    assert [f.rule_id for f in _run([page], config, cache_dir).findings] == ["house.magic"]
    (rules / "house.yaml").write_text(RULE.replace("magic}", "simple}"), encoding="utf-8")
    assert [f.text for f in _run([page], config, cache_dir).findings] == ["simple"]


def test_corrupt_entries_are_ignored_and_replaced(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    expected = _summary(_run([page], Config(), cache_dir))
    (entry,) = _entries(cache_dir)
    for garbage in (
        b"",
        b"{not json",
        b'{"findings": [{"line": 1}], "notices": [], "statements": []}',
        b"\xff\xfe",
        b"[]",
    ):
        entry.write_bytes(garbage)
        assert _summary(_run([page], Config(), cache_dir)) == expected
    rules_entries = [p for p in (cache_dir / "v1" / "rules").rglob("*") if p.is_file()]
    for path in rules_entries:
        path.write_bytes(b"not a pickle")
    assert _summary(_run([page], Config(), cache_dir)) == expected


def test_language_notices_survive_a_cache_hit(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    config = Config(language="pt")  # a language without rules
    first = _run([page], config, cache_dir)
    second = _run([page], config, cache_dir)
    assert any("no rules for language 'pt'" in notice for notice in first.notices)
    assert second.notices == first.notices


def test_read_errors_are_not_cached(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip file")
    cache_dir = tmp_path / "cache"
    assert _run([broken], Config(), cache_dir).errors
    assert _entries(cache_dir) == []
    assert _run([broken], Config(), cache_dir).errors


def test_a_full_cache_hit_does_not_import_spacy(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(COPY, encoding="utf-8")
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('spacy' in sys.modules, file=sys.stderr))\n"
        "from promiselint.cli import main\n"
        f"main(['check', '--cache-dir', {str(tmp_path / 'cache')!r}, {str(page)!r}])\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr.strip().endswith("True")
    assert runs[1].stderr.strip().endswith("False")
