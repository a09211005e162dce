"""Precision, recall and F1 per category and language on a labeled corpus, with folds grouped by
source repository so that tuning on some sources can be checked on others.

    python benchmarks/accuracy.py [CORPUS_DIR] [--lang en] [--folds 5] [--holdout 3,4] [--errors]

CORPUS_DIR holds <lang>_*.jsonl files of {"text", "lang", "labels", "source", "note"} (default:
../shared/corpus next to this repository). A sentence counts as flagged for a category when a
finding of that category at `warning` or above falls on it. Each sentence is linted with its
language fixed, as `--lang` would, so the figures measure the rules rather than language detection.

Folds: every source repository goes whole into one of `--folds` folds, balanced per language by
sentence count (deterministic, so a fold number means the same sources on every run). With
`--holdout`, the table is printed twice, for the tuning folds and for the held-out ones, and
`--errors` prints only the tuning folds' errors: look at those, change rules, then read the
held-out figures. A change that raises the tuning figures and lowers the held-out ones overfits.
Without `--holdout`, the table covers everything and each fold's F1 is printed beside it: a rule
set that generalises scores alike on every fold.

`--errors` groups misses and false alarms by construction family (read from the label's note and
the sentence), with counts, then lists them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from promiselint.api import lint_text, make_engine
from promiselint.config import Config
from promiselint.errors import PromiselintError
from promiselint.findings import CATEGORIES, Severity

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

# Construction families, recognised in a sample's note (English for every language) and text.
# First match wins; the order puts the specific before the general.
MISS_FAMILIES: dict[str, list[tuple[str, str]]] = {
    "absolute-claim": [
        ("guarantee", r"guarant"),
        ("100% / fully / completely", r"100|fully|complete|total|entire"),
        (
            "superlative / only / first / leading",
            r"best|most|-est\b|\w+est\b|only|first|lead|#1|"
            r"number one|top|unmatch|unrival|unbeat|world-class|second to none|unprecedent|"
            r"superlat",
        ),
        (
            "universal (always / never / no one / all)",
            r"always|never|no one|nobody|nothing|every|"
            r"all\b|any\b|forever|for life",
        ),
        (
            "zero / unlimited / instant / risk-free",
            r"zero|unlimit|limitless|no cap|instant|"
            r"immediate|risk|no setup|perfect|error-free|flawless",
        ),
    ],
    "delivery-commitment": [
        (
            "availability window (24/7, uptime, hours)",
            r"24|uptime|availab|around the clock|"
            r"opening hours|service window|reachable|round-the-clock|365",
        ),
        (
            "end of life / support period / shutdown",
            r"end[- ]of|support (duration|window|period)|"
            r"supported (for|until)|shutdown|sunset|retire|deprecat|eol|lifecycle",
        ),
        ("dated release or deadline", r"date|dated|deadline|by the end|release[sd]? on|on \d"),
        (
            "turnaround / response / shipping time",
            r"response|reply|respond|turnaround|ship|"
            r"deliver|dispatch|notif|notice|process|refund time|within|hour|day|minute|week",
        ),
        ("setup / onboarding time", r"set ?up|onboard|install|go live|launch|migrat"),
    ],
    "feature-promise": [
        ("coming soon / on the way", r"soon|on the way|follow|upcoming|arriv"),
        ("plan / roadmap / scheduled", r"plan|roadmap|schedul|pipeline|intend"),
        ("working on / in progress", r"working on|in progress|develop|adding|build"),
        ("future version / release", r"version|release|next|future|will|quarter|q[1-4]|later"),
    ],
}
FALSE_ALARM_FAMILIES: list[tuple[str, str]] = [
    (
        "hedged (aim, typically, estimated, up to)",
        r"hedg|aim|typical|usual|estimat|approx|"
        r"strive|goal|target|expect|may\b|might|up to|average|most ",
    ),
    ("negation or disclaimer", r"negat|disclaim|not a guarantee|no guarantee|warrant"),
    ("history / past", r"histor|past|founded|was released|earlier"),
    (
        "someone else's or the reader's deadline",
        r"reader|user'?s? (own|must)|customer must|"
        r"third|someone|partner|court|regulat|obligation|apply by|valid until|offer|must",
    ),
    (
        "policy term (trial, warranty, retention, refund)",
        r"polic|trial|warrant|retention|refund|"
        r"money-back|return|kept for|cancel",
    ),
    (
        "superlative about something else / sourced",
        r"about|competitor|market|source|rated|"
        r"according|award|survey|other than",
    ),
    ("advice to the reader", r"advice|advis|tip|instruction|recommend|imperative"),
    (
        "present capability / description",
        r"present|capabilit|descri|ordinary|plain|fact|"
        r"feature list|offering",
    ),
    (
        "not a turnaround (sprint, duration of content)",
        r"sprint|not a (delivery|turnaround)|"
        r"duration|length|period|formula|metric",
    ),
]


def source_group(source: str) -> str:
    """The repository a sample was published in: "owner/name" without path or commit."""
    return re.split(r"[:@ ]", source, maxsplit=1)[0]


def load_samples(corpus: Path, lang: str | None) -> list[dict]:
    samples = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            samples.extend(json.loads(line) for line in handle if line.strip())
    return [s for s in samples if lang is None or s["lang"] == lang]


def assign_folds(samples: list[dict], folds: int) -> list[int]:
    """Each sample's fold: whole repositories, largest first, to the language's emptiest fold."""
    sizes: Counter[tuple[str, str]] = Counter(
        (s["lang"], source_group(s["source"])) for s in samples
    )
    stable = {key: hashlib.sha256("|".join(key).encode()).hexdigest() for key in sizes}
    fill: dict[str, list[int]] = defaultdict(lambda: [0] * folds)
    fold_of: dict[tuple[str, str], int] = {}
    for key in sorted(sizes, key=lambda k: (-sizes[k], stable[k])):
        counts = fill[key[0]]
        fold = min(range(folds), key=lambda f: (counts[f], f))
        counts[fold] += sizes[key]
        fold_of[key] = fold
    return [fold_of[(s["lang"], source_group(s["source"]))] for s in samples]


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


Counts = dict[tuple[str, str], dict[str, int]]


def count(samples: Iterable[dict], flagged: Iterable[set[str]]) -> Counts:
    counts: Counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    for sample, found in zip(samples, flagged, strict=True):
        gold = set(sample["labels"])
        for category in CATEGORIES:
            for key in ((sample["lang"], category), ("all", category)):
                if category in found and category in gold:
                    counts[key]["tp"] += 1
                elif category in found:
                    counts[key]["fp"] += 1
                elif category in gold:
                    counts[key]["fn"] += 1
    return counts


def scores(c: dict[str, int]) -> tuple[float, float, float]:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def print_table(title: str, counts: Counts, per_fold: list[Counts] | None = None) -> None:
    print(f"\n{title}")
    header = (
        f"{'lang':<5} {'category':<20} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
    )
    print(header + ("  F1 per fold" if per_fold else ""))
    for key, c in sorted(counts.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        precision, recall, f1 = scores(c)
        line = (
            f"{key[0]:<5} {key[1]:<20} {precision:5.2f} {recall:5.2f} {f1:5.2f} "
            f"{c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
        if per_fold:
            folds = [
                f"{scores(fold[key])[2]:.2f}" if sum(fold[key].values()) else "  - "
                for fold in per_fold
            ]
            line += "  " + " ".join(folds)
        print(line)


def family(text: str, families: list[tuple[str, str]]) -> str:
    for name, pattern in families:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return "other"


def print_errors(samples: list[dict], results: list[tuple[set[str], list]]) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for sample, (flagged, findings) in zip(samples, results, strict=True):
        gold = set(sample["labels"])
        clue = f"{sample.get('note', '')} {sample['text']}"
        rules = ", ".join(sorted({f"{f.rule_id}:{f.text}" for f in findings}))
        line = (
            f"[{sample['id']}] gold={sorted(gold)} got={sorted(flagged)} {rules}\n"
            f"    {sample['text']}"
        )
        for category in sorted(gold - flagged):
            groups[f"miss      {category:<20} {family(clue, MISS_FAMILIES[category])}"].append(line)
        for category in sorted(flagged - gold):
            groups[f"false alarm {category:<18} {family(clue, FALSE_ALARM_FAMILIES)}"].append(line)
    print("\nErrors by construction family (count, kind, category, family):")
    for name, lines in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"{len(lines):>4}  {name}")
    for name, lines in sorted(groups.items()):
        print(f"\n== {name} ({len(lines)})")
        print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--lang", help="only this language")
    parser.add_argument("--folds", type=int, default=5, help="folds grouped by source (default 5)")
    parser.add_argument("--holdout", help="comma-separated fold numbers (0-based) to hold out")
    parser.add_argument("--errors", action="store_true", help="misses and false alarms by family")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.folds < 2:
        print("--folds must be at least 2", file=sys.stderr)
        return 2
    try:
        holdout = {int(n) for n in args.holdout.split(",")} if args.holdout else set()
    except ValueError:
        print(f"--holdout takes fold numbers such as 3,4, not {args.holdout!r}", file=sys.stderr)
        return 2
    if not holdout <= set(range(args.folds)):
        print(f"--holdout folds must be between 0 and {args.folds - 1}", file=sys.stderr)
        return 2
    samples = load_samples(args.corpus, args.lang)
    folds = assign_folds(samples, args.folds)
    try:
        results = flagged_categories(samples)
    except PromiselintError as exc:
        print(f"promiselint: error: {exc}", file=sys.stderr)
        return 2
    flagged = [found for found, _ in results]

    def subset(keep) -> tuple[list[dict], list[set[str]]]:
        picked = [i for i, fold in enumerate(folds) if keep(fold)]
        return [samples[i] for i in picked], [flagged[i] for i in picked]

    if holdout:
        print_table(
            "tuning folds (look at these errors)", count(*subset(lambda f: f not in holdout))
        )
        print_table(
            f"held-out folds {sorted(holdout)} (read only)", count(*subset(holdout.__contains__))
        )
    else:
        per_fold = [count(*subset(lambda f, n=n: f == n)) for n in range(args.folds)]
        print_table(
            f"all folds ({args.folds} folds grouped by source)", count(samples, flagged), per_fold
        )
    if args.errors:
        tuning = [i for i, fold in enumerate(folds) if fold not in holdout]
        print_errors([samples[i] for i in tuning], [results[i] for i in tuning])
    return 0


if __name__ == "__main__":
    sys.exit(main())
