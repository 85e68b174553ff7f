"""Printable seat cards: one card per code, with the address, the code and a QR code.

The facilitator prints the page (`mufakat host --cards FILE.html`) and hands each table
its card. The page is one standalone file: the QR codes are inline SVG made by `segno`,
with no script, font or image fetched from anywhere. Every text on it (the scenario's
title, seat names, the address, the codes) is escaped, so a name is never markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

import segno

from workshop.model import Role

_CSS = """body{font-family:sans-serif;margin:1em}
.card{border:2px dashed #555;border-radius:8px;padding:1em;margin:0 0 1em;
break-inside:avoid;page-break-inside:avoid;display:flex;gap:1.5em;align-items:center}
.card h2{margin:0 0 .3em}
.role{text-transform:uppercase;letter-spacing:.08em;color:#444}
.code{font-family:monospace;font-size:2.4em;font-weight:bold;letter-spacing:.08em}
.address{font-family:monospace;word-break:break-all}
.private{color:#a00;font-weight:bold;text-transform:uppercase}
.note{color:#555;font-size:.9em}
@media print{body{margin:0}}"""

LAN_NOTE = ("This page is for a workshop on a local network: the game is served over plain "
            "HTTP, so use it only on a network you trust.")


def join_url(address: str, code: str) -> str:
    """The address a phone opens from the QR code: `ADDRESS?code=CODE`."""
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}code={quote(code, safe='')}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _card(address: str, label: str, role_text: str, code: str) -> str:
    url = join_url(address, code)
    qr = segno.make(url, error="m").svg_inline(scale=3, title=url)
    private = ('<p class="private">Facilitator: keep private. This code controls the '
               "whole game.</p>" if role_text == Role.FACILITATOR else "")
    return (f'<section class="card" data-url="{_e(url)}">\n<div class="qr">{qr}</div>\n'
            f'<div><h2>{_e(label)}</h2>\n<p class="role">{_e(role_text)}</p>\n{private}'
            f'<p>Open <span class="address">{_e(address)}</span> and enter your code:</p>\n'
            f'<p class="code">{_e(code)}</p></div>\n</section>')


def seat_cards(address: str, scenario_title: str,
               cards: Sequence[tuple[str, str, str]]) -> str:
    """A standalone HTML page with one printable card per (label, role text, code), e.g.
    `("Indonesia", "seat", "ABCDE-FGHJK")`; a card never breaks across pages."""
    title = f"Seat cards: {scenario_title}"
    body = "\n".join(_card(address, label, role, code) for label, role, code in cards)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style></head>\n"
            f"<body><h1>{_e(title)}</h1>\n<p class=\"note\">{_e(LAN_NOTE)}</p>\n"
            f"{body}\n</body></html>\n")
