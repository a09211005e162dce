"""The product facts registry: which features exist and in what state, which claims are approved
(with their evidence), and which service levels are committed. Loaded from YAML, validated
against facts.schema.json; every problem is one ConfigError line naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from promiselint.errors import ConfigError
from promiselint.quantities import Duration, parse_duration, vocab

STATUSES = ("shipped", "beta", "planned", "not-planned")


@dataclass(frozen=True)
class Feature:
    name: str
    status: str
    target: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def phrases(self, lang: str) -> list[str]:
        return [self.name, *self.aliases.get(lang, ())]

    @property
    def available(self) -> bool:
        return self.status in ("shipped", "beta")

    def describe(self) -> str:
        """ "planned for 2027-Q2", "not planned", "shipped"."""
        if self.status == "planned":
            return f"planned for {self.target}" if self.target else "planned (no date)"
        return self.status.replace("-", " ")


@dataclass(frozen=True)
class Claim:
    text: str
    evidence: str
    url: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def phrases(self, lang: str) -> list[str]:
        return [self.text, *self.aliases.get(lang, ())]

    def describe_evidence(self) -> str:
        return f"{self.evidence}, {self.url}" if self.url else self.evidence


@dataclass(frozen=True)
class ServiceLevel:
    key: str  # as written in the facts file: "support_response"
    max: Duration
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.key.replace("_", " ")

    def phrases(self, lang: str) -> list[str]:
        """The file's aliases for ``lang``; else the vocabulary's wording of a well-known key
        ("support_response": reply, respond...); else the name itself."""
        if lang in self.aliases:
            return list(self.aliases[lang])
        known = vocab().get(lang, {}).get("service_levels", {})
        if self.key in known:
            return list(known[self.key])
        return [self.name]


@dataclass(frozen=True)
class Facts:
    source: Path
    product: str | None = None
    features: tuple[Feature, ...] = ()
    claims: tuple[Claim, ...] = ()
    service_levels: tuple[ServiceLevel, ...] = ()


@functools.cache
def _validator():
    from jsonschema import Draft202012Validator

    text = resources.files("promiselint").joinpath("facts.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _plain(data: Any) -> Any:
    """YAML turns an unquoted `target: 2027-03-15` into a date; the schema expects text."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _entry(data: Any, path: list[Any]) -> str:
    """`features[2] ('SSO')`: where in the file a problem is, by list index and entry name."""
    if len(path) < 2 or not isinstance(path[1], int):
        return ".".join(str(part) for part in path)
    entry = data[path[0]][path[1]]
    label = entry.get("name") or entry.get("text") if isinstance(entry, dict) else None
    named = f"{path[0]}[{path[1]}]" + (f" ({label!r})" if label else "")
    rest = ".".join(str(part) for part in path[2:])
    return f"{named}: {rest}" if rest else named


def _check_schema(data: Any, source: Path) -> None:
    from jsonschema.exceptions import best_match

    # best_match goes into oneOf/anyOf to the branch that fits the entry's type.
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        where = _entry(data, list(error.absolute_path))
        message = error.message
        described = str(error.schema.get("description", ""))
        if error.validator == "pattern" and described.startswith("A duration"):
            message = f"{error.instance!r} is not a duration like '4 business hours' or '24h'"
        raise ConfigError(f"{source}: {where + ': ' if where else ''}{message}")


def _aliases(spec: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(names) for lang, names in spec.get("aliases", {}).items()}


def _check_unique(source: Path, features: list[Feature]) -> None:
    """One phrase naming two features would make a mention mean both."""
    owner: dict[str, str] = {}
    for index, feature in enumerate(features):
        names = {feature.name, *(a for names in feature.aliases.values() for a in names)}
        for name in sorted(names):
            other = owner.setdefault(name.casefold(), feature.name)
            if other != feature.name:
                raise ConfigError(
                    f"{source}: features[{index}] ({feature.name!r}): alias {name!r} "
                    f"already names feature {other!r}"
                )


def parse_facts(data: Any, source: Path) -> Facts:
    """Facts from already-parsed YAML (a dict), validated."""
    if data is None:
        data = {}
    data = _plain(data)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a facts file is a mapping (features, claims, service_levels)")
    _check_schema(data, source)
    features = [
        Feature(spec["name"], spec["status"], spec.get("target"), _aliases(spec))
        for spec in data.get("features", [])
    ]
    _check_unique(source, features)
    claims = [
        Claim(spec["text"], spec["evidence"], spec.get("url"), _aliases(spec))
        for spec in data.get("claims", [])
    ]
    levels = data.get("service_levels", [])
    if isinstance(levels, dict):
        levels = [{"name": key, "max": value} for key, value in levels.items()]
    service_levels = []
    for index, spec in enumerate(levels):
        duration = parse_duration(spec["max"].strip())
        if duration is None:  # the schema's pattern and the parser disagree: say so plainly
            raise ConfigError(
                f"{source}: service_levels[{index}] ({spec['name']!r}): "
                f"cannot read duration {spec['max']!r}"
            )
        service_levels.append(ServiceLevel(spec["name"], duration, _aliases(spec)))
    return Facts(source, data.get("product"), tuple(features), tuple(claims), tuple(service_levels))


def load_facts(path: Path) -> Facts:
    """The facts file at ``path``; a one-line ConfigError naming file and entry when wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"{path}: cannot read facts file: {reason}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    return parse_facts(data, path)
