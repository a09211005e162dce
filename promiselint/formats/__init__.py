"""Output formats, registered by name: each is one function (LintResult, FormatOptions) -> str."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from promiselint.findings import LintResult


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False  # stdout is a terminal: underline matches, colour severities
    show_source: bool = False  # print the source line under each finding


Formatter = Callable[[LintResult, FormatOptions], str]

_FORMATS: dict[str, str] = {
    # name: module holding `render(result, options) -> str`, imported on first use
    "text": "promiselint.formats.text",
    "json": "promiselint.formats.json",
}


def format_names() -> list[str]:
    return list(_FORMATS)


def formatter(name: str) -> Formatter:
    return importlib.import_module(_FORMATS[name]).render
