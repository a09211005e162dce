"""The errors promiselint reports to users as one line, never as a traceback."""

from __future__ import annotations


class PromiselintError(Exception):
    """An error whose message is fit to show a user as it is."""


class ConfigError(PromiselintError):
    """A configuration file or option is wrong (exit code 2)."""


class RuleError(PromiselintError):
    """A rule file is wrong (exit code 2). The message names the file and the rule id."""


class ReadError(PromiselintError):
    """One input could not be read; the other inputs are still linted."""


def yaml_error_message(path: object, exc: Exception, what: str = "invalid YAML") -> str:
    """``path:line:column: <what>: problem`` from a PyYAML error (its marks are 0-based)."""
    mark = getattr(exc, "problem_mark", None)
    where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{path}{where}: {what}: {problem}"
