"""`FrozenDict`: the map inside every state, view and scenario value.

A plain dict in a frozen value can still be written through (`view.face["x"] = 0`
would change the game, and a bot editing its view would corrupt its own search), so
every map the engine hands out is one of these: a dict that refuses every change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict whose contents never change after it is built."""

    __slots__ = ()

    def _refuse(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError("this map is part of an immutable game value; build a new one")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


def freeze(items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> FrozenDict[K, V]:
    """`items` as a `FrozenDict` (a `FrozenDict` is returned as it is)."""
    if isinstance(items, FrozenDict):
        return items
    return FrozenDict(items)


def frozen_map(items: Mapping[Any, Any]) -> FrozenDict[Any, Any]:
    """`freeze` for attrs converters (which mypy types best without generics)."""
    return items if isinstance(items, FrozenDict) else FrozenDict(items)
