"""The promise inventory as one self-contained HTML page: inline CSS, no scripts, no external
assets, every piece of document text escaped. Counts first, then each document's sentences
with the promises highlighted in place, in a colour per category."""

from __future__ import annotations

from collections import Counter
from html import escape

from promiselint.findings import CATEGORY_INFO, Severity
from promiselint.report import Document, Entry, Inventory

_LABELS = {category.id: (category.title, category.summary) for category in CATEGORY_INFO}
_COLOURS = {
    "absolute-claim": ("#b45309", "#fef3c7"),
    "feature-promise": ("#6d28d9", "#ede9fe"),
    "delivery-commitment": ("#0369a1", "#e0f2fe"),
}
_OTHER_COLOURS = ("#374151", "#f3f4f6")

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:#111827;background:#f8fafc}
main{max-width:1100px;margin:0 auto;padding:32px 28px 64px}
header h1{margin:0 0 4px;font-size:28px}
header p{margin:0;color:#4b5563}
h2{font-size:20px;margin:40px 0 8px;padding-bottom:6px;border-bottom:2px solid #e5e7eb;
 word-break:break-all}
h3{font-size:15px;margin:20px 0 8px;text-transform:uppercase;letter-spacing:.04em}
.cards{display:flex;gap:16px;margin:24px 0;flex-wrap:wrap}
.card{flex:1 1 200px;background:#fff;border-radius:10px;padding:16px 18px;
 box-shadow:0 1px 3px rgba(0,0,0,.08);border-top:6px solid var(--fg)}
.card .n{font-size:36px;font-weight:700;color:var(--fg);line-height:1.1}
.card .t{font-weight:600}
.card .d{color:#6b7280;font-size:13px}
.sev{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;
 color:#fff;vertical-align:1px}
.sev-error{background:#dc2626}.sev-warning{background:#d97706}.sev-info{background:#6b7280}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;
 box-shadow:0 1px 3px rgba(0,0,0,.08)}
th,td{padding:8px 12px;text-align:left;border-bottom:1px solid #f1f5f9}
th{background:#f1f5f9;font-size:13px;color:#374151}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td a{color:#1d4ed8;text-decoration:none;word-break:break-all}
.zero{color:#cbd5e1}
.sentence{background:#fff;border-left:4px solid var(--fg);border-radius:6px;padding:12px 16px;
 margin:12px 0 2px;box-shadow:0 1px 2px rgba(0,0,0,.06);font-size:16px}
mark{background:var(--bg);color:inherit;border-bottom:3px solid var(--fg);padding:0 2px;
 border-radius:3px}
ul.found{list-style:none;margin:4px 0 14px;padding:0 0 0 20px;font-size:14px;color:#374151}
ul.found li{margin:3px 0}
.rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
 color:#6b7280}
.where{color:#6b7280;font-size:13px}
.norm{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#ecfdf5;
 color:#065f46;border-radius:4px;padding:0 5px}
.errors{background:#fef2f2;border:1px solid #fecaca;border-radius:8px;padding:10px 16px}
footer{margin-top:48px;color:#6b7280;font-size:13px}
"""


def _style(category: str) -> str:
    fg, bg = _COLOURS.get(category, _OTHER_COLOURS)
    return f"--fg:{fg};--bg:{bg}"


def _label(category: str) -> str:
    return _LABELS.get(category, (category, ""))[0]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _highlighted(sentence: str, entries: list[Entry]) -> str:
    """The sentence, escaped, with each entry's matched words marked where they occur."""
    spans: list[tuple[int, int, Entry]] = []
    for entry in entries:
        text = entry.finding.text
        start = sentence.find(text) if text else -1
        while start >= 0 and any(start < e and start + len(text) > s for s, e, _ in spans):
            start = sentence.find(text, start + 1)
        if start >= 0:
            spans.append((start, start + len(text), entry))
    parts, position = [], 0
    for start, end, entry in sorted(spans, key=lambda span: span[0]):
        finding = entry.finding
        parts.append(escape(sentence[position:start]))
        title = escape(f"{finding.severity.name}: {finding.message}")
        parts.append(f'<mark title="{title}">{escape(sentence[start:end])}</mark>')
        position = end
    parts.append(escape(sentence[position:]))
    return "".join(parts)


def _where(entry: Entry) -> str:
    loc = entry.finding.location
    parts = [f"line {loc.line}, column {loc.column}"]
    if loc.page is not None:
        parts.insert(0, f"page {loc.page}")
    if loc.where:
        parts.append(loc.where)
    return escape(", ".join(parts))


def _sentences(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by the sentence (and line) they are in, in document order."""
    groups: dict[tuple[int, int | None, str], list[Entry]] = {}
    for entry in entries:
        loc = entry.finding.location
        groups.setdefault((loc.line, loc.page, entry.finding.sentence), []).append(entry)
    return [(key[2], group) for key, group in groups.items()]


def _document(index: int, document: Document) -> list[str]:
    counts = document.counts()
    summary = ", ".join(f"{n} {_label(c).lower()}" for c, n in counts.items())
    out = [
        f'<section id="doc-{index}"><h2>{escape(document.path)}</h2>',
        f'<p class="where">{escape(summary)}</p>',
    ]
    for category, entries in document.by_category():
        out.append(
            f'<div style="{_style(category)}"><h3 style="color:var(--fg)">'
            f"{escape(_label(category))} ({len(entries)})</h3>"
        )
        for sentence, group in _sentences(entries):
            out.append(f'<div class="sentence">{_highlighted(sentence, group)}</div>')
            out.append('<ul class="found">')
            for entry in group:
                finding = entry.finding
                norm = (
                    f' <span class="norm" title="normalised">{escape(entry.normalised)}</span>'
                    if entry.normalised
                    else ""
                )
                out.append(
                    f'<li><span class="sev sev-{finding.severity.name}">{finding.severity.name}'
                    f"</span> {escape(finding.message)}{norm} "
                    f'<span class="rule">{escape(finding.rule_id)}</span> '
                    f'<span class="where">{_where(entry)}</span></li>'
                )
            out.append("</ul>")
        out.append("</div>")
    out.append("</section>")
    return out


def _cards(inventory: Inventory) -> list[str]:
    counts = inventory.counts()
    out = ['<div class="cards">']
    for category in dict.fromkeys([*_LABELS, *inventory.categories()]):
        title, description = _LABELS.get(category, (category, ""))
        out.append(
            f'<div class="card" style="{_style(category)}"><div class="n">'
            f'{counts.get(category, 0)}</div><div class="t">{escape(title)}</div>'
            f'<div class="d">{escape(description)}</div></div>'
        )
    out.append("</div>")
    return out


def _table(inventory: Inventory) -> list[str]:
    categories = list(dict.fromkeys([*_LABELS, *inventory.categories()]))
    head = "".join(
        f'<th class="num" style="color:{_COLOURS.get(c, _OTHER_COLOURS)[0]}">'
        f"{escape(_label(c))}</th>"
        for c in categories
    )
    out = [
        f'<table><thead><tr><th>Document</th>{head}<th class="num">Errors</th>'
        '<th class="num">Total</th></tr></thead><tbody>'
    ]
    for index, document in enumerate(inventory.documents):
        counts = document.counts()
        cells = "".join(
            f'<td class="num{"" if counts[c] else " zero"}">{counts[c]}</td>' for c in categories
        )
        errors = sum(e.finding.severity == Severity.error for e in document.entries)
        out.append(
            f'<tr><td><a href="#doc-{index}">{escape(document.path)}</a></td>{cells}'
            f'<td class="num{"" if errors else " zero"}">{errors}</td>'
            f'<td class="num"><b>{len(document.entries)}</b></td></tr>'
        )
    out.append("</tbody></table>")
    return out


def render(inventory: Inventory) -> str:
    entries = [e for d in inventory.documents for e in d.entries]
    severities = Counter(entry.finding.severity for entry in entries)
    by_severity = ", ".join(
        f'<span class="sev sev-{s.name}">{_plural(severities[s], s.name)}</span>'
        for s in sorted(severities, reverse=True)
    )
    title = escape(inventory.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        # No scripts and no fetches, whatever the documents contain.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{title}</title><style>{_CSS}</style></head><body><main>",
        f"<header><h1>{title}</h1><p>{_plural(len(entries), 'promise')} in "
        f"{_plural(len(inventory.documents), 'document')} "
        f"({_plural(inventory.files_checked, 'file')} checked) &middot; generated "
        f"{inventory.generated.isoformat()}</p></header>",
        *_cards(inventory),
    ]
    if by_severity:
        out.append(f"<p>By severity: {by_severity}</p>")
    if inventory.documents:
        out.extend(_table(inventory))
    else:
        out.append("<p>No promises found.</p>")
    if inventory.errors:
        out.append('<div class="errors"><b>Not read:</b><ul>')
        out.extend(f"<li>{escape(e.path)}: {escape(e.message)}</li>" for e in inventory.errors)
        out.append("</ul></div>")
    for index, document in enumerate(inventory.documents):
        out.extend(_document(index, document))
    out.append(
        "<footer>Dates without a year are read as their next occurrence on or after the day "
        "the report was generated (marked \u201cyear assumed\u201d). Durations are ISO 8601 "
        "(P14D = 14 days, PT24H = 24 hours); \u201cbusiness\u201d marks working time. "
        "Generated by promiselint.</footer></main></body></html>"
    )
    return "\n".join(out) + "\n"
