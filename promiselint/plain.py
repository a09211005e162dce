"""Dataclasses to plain JSON data and back, guided by their type hints: for cache entries that
must be safe to read (JSON builds only the declared types; nothing like pickle's code to run)."""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any


def to_plain(value: Any) -> Any:
    """``value`` as JSON-able data: dataclasses as dicts, enums by value, paths as strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {_key(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} has no plain form")


def _key(key: Any) -> str:
    if not isinstance(key, str):  # JSON would turn it into a string: the type would change
        raise TypeError(f"non-string key {key!r}")
    return key


def from_plain(kind: Any, data: Any) -> Any:
    """``data`` (from ``to_plain``) as a ``kind``: a dataclass, a container of them, or plain."""
    decode = _decoder(kind)
    return data if decode is None else decode(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(kind: Any) -> Decoder | None:
    """How to turn JSON data into a ``kind``; None when JSON already gives one (str, a list of
    numbers, Any...), so that most of an entry is taken as it is, not walked."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_decoder(kind)
    if origin in (types.UnionType, typing.Union):
        options = [option for option in args if option is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot tell which of {kind} the data is")
        inner = _decoder(options[0])
        return None if inner is None else functools.partial(_optional, inner)
    if origin in (list, tuple):
        item = _decoder(args[0]) if args else None
        if origin is tuple:
            return tuple if item is None else functools.partial(_each, item, tuple)
        return None if item is None else functools.partial(_each, item, list)
    if origin is dict:
        value = _decoder(args[1])
        return None if value is None else functools.partial(_values, value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum | Path):
        return kind
    return None  # str, int, float, bool, Any: as JSON gives them


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = [
        (field.name, _decoder(hints[field.name]))
        for field in dataclasses.fields(kind)
        if field.init
    ]

    def decode(data: Any) -> Any:
        return kind(
            **{
                name: data[name] if convert is None else convert(data[name])
                for name, convert in fields
            }
        )

    return decode


def _optional(inner: Decoder, data: Any) -> Any:
    return None if data is None else inner(data)


def _each(item: Decoder, container: Decoder, data: Any) -> Any:
    return container(item(value) for value in data)


def _values(value: Decoder, data: Any) -> Any:
    return {key: value(item) for key, item in data.items()}
