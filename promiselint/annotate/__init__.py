"""Reviewed copies of documents: each finding put on the words it is about.

``annotate()`` picks the writer by extension (Word comments for .docx, highlight annotations for
.pdf). The copy is written to a temporary file beside the output and moved into place, so a
failure never leaves half a file behind, and the input is never opened for writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from promiselint.errors import PromiselintError
from promiselint.findings import Finding

AUTHOR = "promiselint"
ANNOTATED_SUFFIXES = (".docx", ".pdf")


class AnnotateError(PromiselintError):
    """The reviewed copy cannot be written; the message is one line."""


def default_output(path: Path) -> Path:
    """proposal.docx -> proposal.reviewed.docx, beside the input."""
    return path.with_name(f"{path.stem}.reviewed{path.suffix}")


def note(finding: Finding) -> str:
    """What a reviewer reads in the comment or note: severity and message, then the
    suggestion, then the rule id to look up (one item per line)."""
    lines = [f"{finding.severity.name}: {finding.message}"]
    if finding.suggestion:
        lines.append(f"Suggestion: {finding.suggestion}")
    lines.append(f"Rule: {finding.rule_id} (promiselint explain {finding.rule_id})")
    return "\n".join(lines)


def check_annotatable(source: Path, output: Path) -> None:
    """Raise AnnotateError for a type without a writer, or an output that is the input."""
    if source.suffix.lower() not in ANNOTATED_SUFFIXES:
        raise AnnotateError(
            f"{source}: annotate writes reviewed copies of .docx and .pdf files "
            "(use `promiselint check` for other formats)"
        )
    if output.suffix.lower() != source.suffix.lower():
        raise AnnotateError(f"{output}: the reviewed copy must keep the {source.suffix} extension")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise AnnotateError(f"{output}: the reviewed copy must not replace the original")


def annotate(source: Path, output: Path, findings: list[Finding]) -> int:
    """Write ``source`` with ``findings`` on it to ``output``; returns the number of notes."""
    check_annotatable(source, output)
    if source.suffix.lower() == ".docx":
        from promiselint.annotate.docx import write_commented_docx as writer
    else:
        from promiselint.annotate.pdf import write_highlighted_pdf as writer

    def write(target: Path) -> int:
        try:
            return writer(source, target, findings)
        except (PromiselintError, OSError):
            raise
        except Exception as exc:  # the document library's own error on a file it cannot rewrite
            detail = " ".join(str(exc).split()) or type(exc).__name__
            message = f"{source}: cannot annotate: {type(exc).__name__}: {detail}"
            raise AnnotateError(message[:300]) from None

    return _write_atomically(source, output, write)


def _write_atomically(source: Path, output: Path, write: Callable[[Path], int]) -> int:
    directory = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", suffix=".part", dir=directory
        )
    except OSError as exc:
        raise AnnotateError(f"{output}: cannot write: {exc.strerror or exc}") from None
    os.close(handle)
    try:
        shutil.copymode(source, temporary)  # mkstemp makes a private file; keep the input's mode
        count = write(Path(temporary))
        os.replace(temporary, output)
    except OSError as exc:
        raise AnnotateError(f"{output}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
    return count
