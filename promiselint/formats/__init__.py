"""Output formats, registered by name: each is one function (LintResult, FormatOptions) -> str."""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
    "sarif": "promiselint.formats.sarif",
    "github": "promiselint.formats.github",
    "junit": "promiselint.formats.junit",
}


def format_names() -> list[str]:
    return list(_FORMATS)


def relative_path(path: str) -> str:
    """``path`` relative to the current directory with forward slashes, as CI systems expect
    (absolute when it lies outside; `-` for standard input stays as it is)."""
    if path == "-":
        return path
    return _relative_to(os.getcwd(), path)


@functools.lru_cache(maxsize=4096)  # a report names each file once per finding in it
def _relative_to(directory: str, path: str) -> str:
    absolute = Path(os.path.abspath(path))  # abspath also folds "..", unlike Path.absolute()
    try:
        return absolute.relative_to(directory).as_posix()
    except ValueError:
        return absolute.as_posix()


def formatter(name: str) -> Formatter:
    return importlib.import_module(_FORMATS[name]).render
