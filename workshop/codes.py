"""Seat codes: secret, easy to read aloud and type, hashed at rest, slow to guess.

A code is 10 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L),
shown as `XXXXX-XXXXX`: 31**10 is about 2**49.5. A classroom attacker on the LAN is
slowed by `Throttle`, and a stolen database file gives only scrypt hashes.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

import attrs

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without 0, O, 1, I and L, which are misread aloud."""
LENGTH = 10
GROUP = 5

# scrypt cost: 9-20 ms per check on this 2-core machine (idle-loaded); memory 128*r*n =
# 4 MiB. Cheap enough for the server's one thread, 2**49 codes make offline guessing futile.
_SCRYPT_N = 2**12
_SCRYPT_R = 8
_SCRYPT_P = 1


def new_code() -> str:
    """A fresh random code, `XXXXX-XXXXX`, from `secrets`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def normalize(text: str) -> str:
    """The canonical form of what a person typed: any case, spaces or dashes anywhere.

    Text that cannot be a code comes back upper-cased without separators; it simply
    matches no code.
    """
    raw = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if len(raw) == LENGTH and all(ch in ALPHABET for ch in raw):
        return f"{raw[:GROUP]}-{raw[GROUP:]}"
    return raw


def is_code(text: str) -> bool:
    """Whether `text` is a code in canonical form (what `normalize` gives a real code)."""
    return normalize(text) == text and len(text) == LENGTH + 1


def hash_code(code: str, salt: bytes) -> str:
    """The scrypt hash (hex) of a normalized code: what the database keeps."""
    digest = hashlib.scrypt(normalize(code).encode(), salt=salt,
                            n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return digest.hex()


@attrs.define
class _Record:
    failures: int
    last: float


@attrs.define
class Throttle:
    """Slows repeated wrong codes from one peer (an IP address, say).

    The first `free` failures cost nothing (people mistype); after that each failure
    doubles the wait before the next answer, up to `cap` seconds. A peer quiet for
    `forget` seconds starts afresh, which also bounds the memory kept.
    """

    free: int = 3
    base: float = 1.0
    cap: float = 30.0
    forget: float = 600.0
    now: Callable[[], float] = time.monotonic
    _peers: dict[str, _Record] = attrs.field(factory=dict, init=False)

    def delay(self, peer: str) -> float:
        """Seconds to wait before answering this peer's next attempt (0 = at once)."""
        record = self._current(peer)
        if record is None or record.failures < self.free:
            return 0.0
        doublings = min(record.failures - self.free, 64)  # 2**64 s: past any cap, no overflow
        wait = min(self.cap, self.base * 2.0**doublings)
        return max(0.0, record.last + wait - self.now())

    def failed(self, peer: str) -> None:
        """Count a wrong code from `peer`."""
        record = self._current(peer)
        failures = record.failures + 1 if record else 1
        self._peers[peer] = _Record(failures, self.now())

    def succeeded(self, peer: str) -> None:
        """A right code: the peer's earlier mistakes are forgiven."""
        self._peers.pop(peer, None)

    def _current(self, peer: str) -> _Record | None:
        now = self.now()
        for stale in [p for p, r in self._peers.items() if now - r.last > self.forget]:
            del self._peers[stale]
        return self._peers.get(peer)
