"""The engine's frozen values as JSON, for workshop play.

A workshop server sends each seat only its own `View`, and the remote client rebuilds
it to draw the same table screen as solo play. `to_json` turns any attrs value into
plain JSON data; `from_json` rebuilds it from the classes' type hints, with the same
types (tuples, `FrozenDict`s, enums), so `from_json(type(v), to_json(v)) == v`. What
comes off the network is checked on the way in: a wrong type, a missing or extra field
or an unknown enum value raises `WireError` naming where, never a bare `KeyError`.
"""

from __future__ import annotations

import enum
import functools
import json
import types
from collections.abc import Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs

from game.rules.frozen import FrozenDict
from game.rules.view import View

T = TypeVar("T")


class WireError(ValueError):
    """Data that does not make the value it claims to be."""


def to_json(value: Any) -> Any:
    """`value` as JSON data: attrs values as objects of their init fields, enums by
    value, maps as objects (keys as text), sets as sorted lists, tuples as lists."""
    if attrs.has(type(value)):
        return {a.alias: to_json(getattr(value, a.name))
                for a in attrs.fields(type(value)) if a.init}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((to_json(v) for v in value), key=json.dumps)
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


def from_json(tp: type[T], data: Any, path: str = "value") -> T:
    """The `tp` that `data` (from `to_json`) describes; `WireError` if it does not."""
    decoded: T = _decode(tp, data, path)
    return decoded


def encode_view(v: View) -> dict[str, Any]:
    """A seat's view as JSON data."""
    data: dict[str, Any] = to_json(v)
    return data


def decode_view(data: Any) -> View:
    """The view `data` describes (`WireError` if it does not)."""
    return from_json(View, data, "view")


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """An attrs class's init fields (by their `__init__` names) and resolved types."""
    attrs.resolve_types(cls)
    return tuple((a.alias, a.type) for a in attrs.fields(cls) if a.init)


def _fail(path: str, expected: str, data: Any) -> WireError:
    return WireError(f"{path}: expected {expected}, got {type(data).__name__}")


def _decode(tp: Any, data: Any, path: str) -> Any:
    origin, args = get_origin(tp), get_args(tp)
    if origin is Union or origin is types.UnionType:
        if data is None and type(None) in args:
            return None
        (inner,) = (a for a in args if a is not type(None))  # only `X | None` is used
        return _decode(inner, data, path)
    if isinstance(tp, type) and attrs.has(tp):
        if not isinstance(data, dict):
            raise _fail(path, f"object ({tp.__name__})", data)
        fields = _fields(tp)
        names = [name for name, _ in fields]
        if extra := sorted(map(str, set(data) - set(names))):
            raise WireError(f"{path}: unexpected field {extra[0]!r} in {tp.__name__}")
        if missing := [name for name in names if name not in data]:
            raise WireError(f"{path}: missing field {missing[0]!r} in {tp.__name__}")
        return tp(**{name: _decode(ftp, data[name], f"{path}.{name}") for name, ftp in fields})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise WireError(f"{path}: {data!r} is not a {tp.__name__}") from None
    if tp is float:
        if type(data) not in (int, float):
            raise _fail(path, "number", data)
        return data
    if tp in (str, int, bool):
        if type(data) is not tp:
            raise _fail(path, tp.__name__, data)
        return data
    if origin is Mapping or origin is FrozenDict or origin is dict:
        if not isinstance(data, dict):
            raise _fail(path, "object", data)
        key, val = args
        return FrozenDict((_key(key, k, path), _decode(val, v, f"{path}.{k}"))
                          for k, v in data.items())
    if origin in (tuple, frozenset):
        if not isinstance(data, list):
            raise _fail(path, "list", data)
        kinds = (args[0],) * len(data) if origin is frozenset or args[-1] is ... else args
        if len(kinds) != len(data):
            raise WireError(f"{path}: expected {len(kinds)} items, got {len(data)}")
        return origin(_decode(k, d, f"{path}[{i}]")
                      for i, (k, d) in enumerate(zip(kinds, data, strict=True)))
    raise TypeError(f"{path}: the wire has no form for {tp!r}")


def _key(tp: Any, text: str, path: str) -> Any:
    """A map's key from its JSON text: text as it is, or a whole number."""
    if tp is int:
        try:
            return int(text)
        except ValueError:
            raise WireError(f"{path}: key {text!r} is not a whole number") from None
    return _decode(tp, text, f"{path} key")
