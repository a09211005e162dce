"""Every finding on the shipped fixtures and on each sentence of the labeled corpus, as one JSON
file, so that two versions of the code can be compared on the same rules:

    python benchmarks/same_findings.py after.json [CORPUS_DIR]
    git worktree add /tmp/before <commit>
    (cd /tmp/before && python /path/to/benchmarks/same_findings.py /tmp/before.json)
    python benchmarks/same_findings.py --compare /tmp/before.json after.json

The fixtures go through the real command line (`check --format json --no-cache`, language
detection on); each corpus sentence is linted with its language fixed, as accuracy.py does.
Run from the checkout whose code is measured: it imports the promiselint found there first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _finding_keys(findings: list[dict]) -> list[str]:
    fields = ("path", "line", "column", "rule_id", "severity", "text", "message")
    return sorted(json.dumps([item.get(name) for name in fields]) for item in findings)


def dump(corpus: Path) -> dict[str, list[str]]:
    sys.path.insert(0, str(Path.cwd()))
    from promiselint.api import lint_text, make_engine
    from promiselint.config import Config

    fixtures = subprocess.run(
        [
            sys.executable,
            "-m",
            "promiselint",
            "check",
            "--format",
            "json",
            "--no-cache",
            "fixtures",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    result: dict[str, list[str]] = {
        "fixtures": _finding_keys(json.loads(fixtures.stdout)["findings"])
    }
    engines = {}
    for path in sorted(corpus.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            sample = json.loads(line)
            lang = sample["lang"]
            if lang not in engines:
                engines[lang] = make_engine(Config(language=lang))
            found = lint_text(sample["text"], engine=engines[lang], filename="sample.txt")
            result[f"{path.name}:{number}"] = _finding_keys([f.to_dict() for f in found])
    return result


def compare(before: dict[str, list[str]], after: dict[str, list[str]]) -> int:
    changed = sorted(
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    )
    for key in changed[:20]:
        print(f"{key}: before {before.get(key)} after {after.get(key)}")
    total = sum(len(value) for value in after.values())
    print(f"{len(changed)} of {len(after)} inputs differ ({total} findings after)")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        return compare(before, after)
    if args.out is None:
        parser.error("give the output file, or --compare BEFORE AFTER")
    args.out.write_text(json.dumps(dump(args.corpus)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
