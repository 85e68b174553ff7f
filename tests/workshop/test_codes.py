"""Seat codes: strong enough, easy to type, hashed; wrong guesses slowed per peer."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from workshop import codes
from workshop.codes import Throttle


def test_codes_carry_at_least_40_bits_and_no_lookalikes() -> None:
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET))
    assert math.log2(len(codes.ALPHABET) ** codes.LENGTH) >= 40
    assert not set("0O1IL") & set(codes.ALPHABET)
    code = codes.new_code()
    assert len(code) == 11 and code[5] == "-"
    assert set(code.replace("-", "")) <= set(codes.ALPHABET)


def test_codes_differ() -> None:
    assert len({codes.new_code() for _ in range(200)}) == 200


@given(st.text(" -", max_size=3))
def test_normalize_accepts_what_people_type(sep: str) -> None:
    code = codes.new_code()
    raw = code.replace("-", "")
    typed = sep + raw[:3] + sep + raw[3:7] + " " + raw[7:] + sep
    assert codes.normalize(typed.lower()) == code
    assert codes.normalize(raw) == code
    assert codes.normalize(code.lower()) == code


def test_normalize_leaves_non_codes_unmatched() -> None:
    assert codes.normalize("abc") == "ABC"
    assert codes.normalize("00000-00000") == "0000000000"  # 0 is not in the alphabet
    assert codes.is_code(codes.new_code())
    for text in ("ABC", "0000000000", "ABCDE-FGHJ", "abcde-fghjk", "ABCDEFGHJK", ""):
        assert not codes.is_code(text)


def test_hash_depends_on_salt_and_normalizes() -> None:
    code = codes.new_code()
    hashed = codes.hash_code(code, b"salt-one")
    assert code.replace("-", "") not in hashed.upper()
    assert hashed == codes.hash_code(code.lower().replace("-", " "), b"salt-one")
    assert hashed != codes.hash_code(code, b"salt-two")
    assert hashed != codes.hash_code(codes.new_code(), b"salt-one")


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_throttle_frees_the_first_mistakes_then_doubles_up_to_the_cap() -> None:
    clock = Clock()
    throttle = Throttle(free=3, base=1.0, cap=30.0, now=clock)
    delays = []
    for _ in range(10):
        delays.append(throttle.delay("10.0.0.7"))
        throttle.failed("10.0.0.7")
    assert delays == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30]
    assert throttle.delay("10.0.0.8") == 0  # another peer is not slowed


def test_throttle_delay_counts_down_with_time() -> None:
    clock = Clock()
    throttle = Throttle(free=0, base=4.0, now=clock)
    throttle.failed("p")
    assert throttle.delay("p") == 8.0  # one failure past the free ones: 4 * 2
    clock.t += 5
    assert throttle.delay("p") == 3.0
    clock.t += 10
    assert throttle.delay("p") == 0.0


def test_throttle_forgives_on_success_and_forgets_quiet_peers() -> None:
    clock = Clock()
    throttle = Throttle(free=2, forget=600.0, now=clock)
    for _ in range(5):
        throttle.failed("a")
        throttle.failed("b")
    assert throttle.delay("a") > 0 and throttle.delay("b") > 0
    throttle.succeeded("a")
    assert throttle.delay("a") == 0
    clock.t += 601
    throttle.failed("b")
    assert throttle.delay("b") == 0  # the old failures were forgotten: this is the first


def test_throttle_survives_endless_failures() -> None:
    throttle = Throttle(now=Clock())
    for _ in range(5000):
        throttle.failed("p")
    assert throttle.delay("p") == throttle.cap
