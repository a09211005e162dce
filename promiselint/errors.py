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
