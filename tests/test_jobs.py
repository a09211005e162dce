"""`--jobs 2` gives exactly what one process gives, in the same order."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from promiselint.api import lint_paths, make_engine
from promiselint.config import Config
from tests.conftest import FIXTURES, shipped_ruleset

PAGES = [
    "# Pricing\n\nWe guarantee 99.99% uptime. Onboarding takes 2 weeks.\n",
    "# Roadmap\n\nSSO is coming soon. We will support SAML in the next release.\n",
    "# Support\n\nWe reply within 1 hour. Onboarding takes 6 weeks.\n",
    "# About\n\nWe are a small team in Lisbon who write software for schools.\n",
    "# Piani\n\nGarantiamo la consegna entro 24 ore. Il supporto è sempre disponibile.\n",
]


def _outcome(paths: list[str], jobs: int) -> tuple[list[dict], list, list[str], int]:
    config = Config()
    result = lint_paths(paths, config, make_engine(config, shipped_ruleset()), jobs=jobs)
    return (
        [f.to_dict() for f in result.findings],
        result.errors,
        result.notices,
        result.files_checked,
    )


def test_two_jobs_give_the_same_result_as_one(tmp_path: Path) -> None:
    for number, text in enumerate(PAGES * 3):
        (tmp_path / f"page-{number:02d}.md").write_text(text, encoding="utf-8")
    for fixture in sorted(FIXTURES.iterdir()):
        if fixture.suffix in {".md", ".html", ".docx", ".pdf"}:
            shutil.copy(fixture, tmp_path / fixture.name)
    (tmp_path / "broken.docx").write_bytes(b"not a zip file")
    paths = [str(tmp_path), str(tmp_path / "missing.md")]
    one = _outcome(paths, jobs=1)
    two = _outcome(paths, jobs=2)
    assert one == two
    findings, errors, _, checked = one
    assert checked >= len(PAGES) * 3
    assert [e.path for e in errors] == [str(tmp_path / "broken.docx"), str(tmp_path / "missing.md")]
    # Findings from several files, and the cross-file check saw every file's numbers.
    assert len({f["path"] for f in findings}) > 3
    assert any(f["rule_id"] == "consistency.conflict" for f in findings)


def test_the_process_that_routes_files_to_workers_loads_no_detection_model(tmp_path: Path) -> None:
    # Files are steered to workers by a stop-word guess; the model (0.4 s) is the workers'.
    for number, text in enumerate(PAGES):
        (tmp_path / f"page-{number:02d}.md").write_text(text, encoding="utf-8")
    script = (
        "import sys\n"
        "from promiselint.api import lint_paths\n"
        "from promiselint.config import Config\n"
        f"result = lint_paths([{str(tmp_path)!r}], Config(), jobs=2)\n"
        "assert {f.lang for f in result.findings} == {'en', 'it'}, result.findings\n"
        "assert 'py3langid.langid' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
