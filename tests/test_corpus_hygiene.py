"""The labeled corpus is for measuring, not for copying: no rule example, fixture or test may
repeat a run of its words (CI has ../shared; a user's clone skips this)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import REPO

_RUN = 7  # words in a row that would make a sentence recognisably the corpus's


def _runs(text: str) -> set[str]:
    words = re.sub(r"\W+", " ", text.lower()).split()
    return {" ".join(words[i : i + _RUN]) for i in range(len(words) - _RUN + 1)}


def test_project_files_do_not_repeat_corpus_sentences(shared_dir: Path) -> None:
    corpus = set()
    for path in (shared_dir / "corpus").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                corpus |= _runs(json.loads(line)["text"])
    ours = [
        *REPO.glob("rules/*.yaml"),
        *REPO.glob("rules/*/*.yaml"),
        *REPO.glob("tests/*.py"),
        *REPO.glob("fixtures/*.*"),
        *REPO.glob("benchmarks/heldout/*.jsonl"),
        *REPO.glob("promiselint/*.yaml"),
    ]
    copied = {}
    for path in ours:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # .docx, .pdf: generated from make_fixtures.py, checked there
            continue
        common = _runs(text) & corpus
        if common:
            copied[path.relative_to(REPO).as_posix()] = sorted(common)[0]
    assert not copied, copied
