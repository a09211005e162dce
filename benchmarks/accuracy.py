"""Precision, recall and F1 per category and language on a labeled corpus.

    python benchmarks/accuracy.py [CORPUS_DIR] [--lang en] [--errors]

CORPUS_DIR holds <lang>_*.jsonl files of {"text", "lang", "labels"} (default: ../shared/corpus
next to this repository). A sentence counts as flagged for a category when a finding of that
category at `warning` or above falls on it. Each sentence is linted with its language fixed, as
`--lang` would, so the figures measure the rules rather than language detection.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from promiselint.api import lint_text, make_engine
from promiselint.config import Config
from promiselint.errors import PromiselintError
from promiselint.findings import CATEGORIES, Severity

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load_samples(corpus: Path, lang: str | None) -> list[dict]:
    samples = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            samples.extend(json.loads(line) for line in handle if line.strip())
    return [s for s in samples if lang is None or s["lang"] == lang]


def flagged_categories(samples: list[dict]) -> list[tuple[set[str], list]]:
    engines = {}
    results = []
    for sample in samples:
        lang = sample["lang"]
        if lang not in engines:
            engines[lang] = make_engine(Config(language=lang))
        findings = [
            f
            for f in lint_text(sample["text"], engine=engines[lang], filename="sample.txt")
            if f.severity >= Severity.warning
        ]
        results.append(({f.category for f in findings}, findings))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--lang", help="only this language")
    parser.add_argument("--errors", action="store_true", help="print misses and false alarms")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    samples = load_samples(args.corpus, args.lang)
    try:
        results = flagged_categories(samples)
    except PromiselintError as exc:
        print(f"promiselint: error: {exc}", file=sys.stderr)
        return 2
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    for sample, (flagged, findings) in zip(samples, results, strict=True):
        gold = set(sample["labels"])
        for category in CATEGORIES:
            for key in ((sample["lang"], category), ("all", category)):
                if category in flagged and category in gold:
                    counts[key]["tp"] += 1
                elif category in flagged:
                    counts[key]["fp"] += 1
                elif category in gold:
                    counts[key]["fn"] += 1
        if args.errors and flagged != gold:
            rules = ", ".join(sorted({f"{f.rule_id}:{f.text}" for f in findings}))
            print(f"[{sample['id']}] gold={sorted(gold)} got={sorted(flagged)} {rules}")
            print(f"    {sample['text']}")
    print(f"{'lang':<5} {'category':<20} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}")
    for (lang, category), c in sorted(counts.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{lang:<5} {category:<20} {precision:5.2f} {recall:5.2f} {f1:5.2f} "
            f"{c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
