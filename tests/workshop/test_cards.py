"""Seat cards: each card's QR code holds its address and code, and no name is markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import segno

from workshop.cards import LAN_NOTE, join_url, seat_cards
from workshop.model import Role

ADDRESS = "http://192.168.1.20:8080/"
CARDS = [("Indonesia", Role.SEAT, "ABCDE-FGHJK"), ("Viet Nam", Role.SEAT, "KLMNP-QRSTU"),
         ("Projector", Role.PROJECTOR, "VWXYZ-23456"),
         ("Facilitator", Role.FACILITATOR, "FACIL-77777")]
HOSTILE = ["<script>alert(1)</script>", 'Indo"nesia <b>x</b>', "[bold]red[/]",
           "x](http://evil.example)", "# heading", "two\nlines", "sep\u2028arator"]


class Page(HTMLParser):
    """The tags, the text, and each card's QR path and data-url of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []
        self.paths: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "section" and found.get("data-url"):
            self.urls.append(found["data-url"] or "")
        if tag == "path":
            self.paths.append(found.get("d") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def dark_modules(path: str) -> set[tuple[int, int]]:
    """Decode segno's SVG path (runs of dark modules: `M x y`, `h n`, `m dx dy`) back into
    the (row, column) of each dark module, quiet zone included."""
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(y - 0.5), int(x) + i) for i in range(int(a))}
            x += float(a)
    return dark


def test_each_card_has_a_qr_code_of_its_address_and_code() -> None:
    page = Page(seat_cards(ADDRESS, "APCN 2011", CARDS))
    assert page.urls == [f"{ADDRESS}?code={code}" for _, _, code in CARDS]
    assert page.tags.count("svg") == len(CARDS)
    for url, path in zip(page.urls, page.paths, strict=True):
        qr = segno.make(url, error="m")
        expected = {(r, c) for r, row in enumerate(qr.matrix_iter(border=4))
                    for c, bit in enumerate(row) if bit}
        assert len(expected) > 100 and dark_modules(path) == expected


def test_the_code_and_address_are_printed_and_only_the_facilitator_card_is_private() -> None:
    text = seat_cards(ADDRESS, "APCN 2011", CARDS)
    cards = text.split('<section class="card"')[1:]
    assert len(cards) == len(CARDS)
    for card, (label, role, code) in zip(cards, CARDS, strict=True):
        assert f'<p class="code">{code}</p>' in card and ADDRESS in card and label in card
        assert ("keep private" in card) == (role is Role.FACILITATOR)
    assert "break-inside:avoid" in text and LAN_NOTE in text


def test_join_url_quotes_the_code_and_keeps_an_existing_query() -> None:
    assert join_url("http://h:1/?room=a", "A B&C") == "http://h:1/?room=a&code=A%20B%26C"


def test_hostile_titles_and_names_stay_text() -> None:
    cards = [(name, Role.SEAT, f"CODE{i}") for i, name in enumerate(HOSTILE)]
    text = seat_cards(ADDRESS, HOSTILE[0], cards)
    page = Page(text)
    assert "script" not in page.tags and "b" not in page.tags
    shown = "".join(page.text)
    for name in HOSTILE:
        assert name in shown
    assert "<script>" not in text and "<b>" not in text


def test_the_same_input_gives_the_same_page() -> None:
    assert seat_cards(ADDRESS, "APCN", CARDS) == seat_cards(ADDRESS, "APCN", CARDS)
