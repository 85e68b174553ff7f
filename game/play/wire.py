"""The engine's frozen values as JSON, for workshop play.

A workshop server sends each seat only its own `View`, and the remote client rebuilds
it to draw the same table screen as solo play. `to_json` turns any attrs value into
plain JSON data; `from_json` rebuilds it from the classes' type hints, with the same
types (tuples, `FrozenDict`s, enums), so `from_json(type(v), to_json(v)) == v`. What
comes off the network is checked on the way in: a wrong type, a missing or extra field
or an unknown enum value raises `WireError` naming where, never a bare `KeyError`.

Every view of every state is encoded for every seat, so both ways are quick: the
decoder for each type is built once, and a path is only spelled out on an error.
"""

from __future__ import annotations

import enum
import functools
import json
import operator
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs

from game.rules.frozen import FrozenDict
from game.rules.view import View

T = TypeVar("T")
Decoder = Callable[[Any], Any]


class WireError(ValueError):
    """Data that does not make the value it claims to be."""


class _Bad(Exception):
    """A decoding failure on its way up, collecting the steps to where it happened."""

    def __init__(self, problem: str) -> None:
        self.problem, self.steps = problem, list[str]()


def to_json(value: Any) -> Any:
    """`value` as JSON data: attrs values as objects of their init fields, enums by
    value, maps as objects (keys as text), sets as sorted lists, tuples as lists."""
    kind: Any = type(value)
    if kind in _PLAIN:
        return value
    fields = _outputs(kind)
    if fields:
        out = {}
        for alias, name, encode in fields:
            field = getattr(value, name)
            out[alias] = field if encode is None else encode(field)
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((to_json(v) for v in value), key=json.dumps)
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    raise TypeError(f"no JSON form for {kind.__name__}")


def from_json(tp: type[T], data: Any, path: str = "value") -> T:
    """The `tp` that `data` (from `to_json`) describes; `WireError` if it does not."""
    target: Any = tp  # a class, or a generic alias such as `tuple[str, ...]`
    try:
        value: T = _decoder(target)(data)
    except _Bad as bad:
        raise WireError(f"{path}{''.join(reversed(bad.steps))}: {bad.problem}") from None
    return value


def encode_view(v: View) -> dict[str, Any]:
    """A seat's view as JSON data."""
    data: dict[str, Any] = to_json(v)
    return data


def decode_view(data: Any) -> View:
    """The view `data` describes (`WireError` if it does not)."""
    return from_json(View, data, "view")


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _outputs(kind: Any) -> tuple[tuple[str, str, Callable[[Any], Any] | None], ...]:
    """An attrs class's init fields, as (`__init__` name, attribute name, encoder or
    None when the value is JSON already); () for any other class."""
    if not attrs.has(kind):
        return ()
    attrs.resolve_types(kind)
    return tuple((a.alias, a.name, _encoder(a.type)) for a in attrs.fields(kind) if a.init)


def _encoder(tp: Any) -> Callable[[Any], Any] | None:
    """The quick way to encode a field of type `tp`, for the kinds a log entry is made of
    (entries are most of a view); `to_json` for the rest."""
    if tp in _PLAIN:
        return None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return operator.attrgetter("value")
    if get_origin(tp) is tuple and set(get_args(tp)) <= {str, ...}:
        return list
    return to_json


def _check(ok: bool, expected: str, data: Any) -> Any:
    """`data`, if it is what was `expected`."""
    if not ok:
        raise _Bad(f"expected {expected}, got {type(data).__name__}")
    return data


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """The function that rebuilds a `tp` from its JSON data, checking as it goes."""
    origin, args = get_origin(tp), get_args(tp)
    if origin is Union or origin is types.UnionType:
        (inner,) = (_decoder(a) for a in args if a is not type(None))  # only `X | None`
        return lambda data: None if data is None else inner(data)
    if isinstance(tp, type) and attrs.has(tp):
        return _record(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = {m.value: m for m in tp}

        def member(data: Any) -> Any:
            if isinstance(data, str | int) and data in members:
                return members[data]
            raise _Bad(f"{data!r} is not a {tp.__name__}")
        return member
    if tp is float:
        return lambda data: _check(type(data) in (int, float), "number", data)
    if tp in (str, int, bool):
        return lambda data: _check(type(data) is tp, tp.__name__, data)
    if origin in (Mapping, FrozenDict, dict):
        key = int if args[0] is int else _decoder(args[0])
        value = _decoder(args[1])

        def mapping(data: Any) -> Any:
            _check(type(data) is dict, "object", data)
            out = {}
            for k, v in data.items():
                try:
                    out[key(k)] = value(v)
                except ValueError:  # `int` refused the key
                    raise _Bad(f"key {k!r} is not a whole number") from None
                except _Bad as bad:
                    bad.steps.append(f".{k}")
                    raise
            return FrozenDict(out)
        return mapping
    if origin in (tuple, frozenset):
        items = [_decoder(a) for a in args if a is not ...]
        same = args[0] if args[-1] is ... or origin is frozenset else None
        plain = same if same in _PLAIN else None  # e.g. tuple[str, ...]: checked at once

        def sequence(data: Any) -> Any:
            _check(type(data) is list, "list", data)
            if plain is not None and all(type(d) is plain for d in data):
                return origin(data)
            kinds = items * len(data) if origin is frozenset or args[-1] is ... else items
            if len(kinds) != len(data):
                raise _Bad(f"expected {len(kinds)} items, got {len(data)}")
            out = []
            for i, (k, d) in enumerate(zip(kinds, data, strict=True)):
                try:
                    out.append(k(d))
                except _Bad as bad:
                    bad.steps.append(f"[{i}]")
                    raise
            return origin(out)
        return sequence
    raise TypeError(f"the wire has no form for {tp!r}")


def _record(cls: type) -> Decoder:
    """The decoder of an attrs class: exactly its init fields, each checked."""
    attrs.resolve_types(cls)
    fields = [(a.alias, _decoder(a.type), a.type if a.type in _PLAIN else None)
              for a in attrs.fields(cls) if a.init]
    names = {name for name, _, _ in fields}

    def record(data: Any) -> Any:
        _check(type(data) is dict, f"object ({cls.__name__})", data)
        if data.keys() != names:
            if extra := sorted(map(str, data.keys() - names)):
                raise _Bad(f"unexpected field {extra[0]!r} in {cls.__name__}")
            missing = next(name for name, _, _ in fields if name not in data)
            raise _Bad(f"missing field {missing!r} in {cls.__name__}")
        values, name = {}, ""
        try:
            for name, decode, plain in fields:  # a plain value of its type is as it is
                field = data[name]
                values[name] = field if type(field) is plain else decode(field)
        except _Bad as bad:
            bad.steps.append(f".{name}")
            raise
        return cls(**values)
    return record
