"""Direct quotes: the character spans between quotation marks.

Why a character scanner and not the parser: quotation marks are reliable surface cues, and
news quotes run across sentences and paragraphs (a paragraph that opens a quote without
closing it continues in the next paragraph that opens with a quote mark).
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'


@dataclass
class Quote:
    """One quoted stretch. ``start``/``end`` exclude the marks (and trailing , or .)."""

    start: int
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # just after the closing mark (or the paragraph end if unclosed)
    closed: bool = True

    @property
    def ends_with_comma(self) -> bool:
        return False


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start] in " \t\n":
        start += 1
    while end > start and body[end - 1] in " \t\n,.;:":
        end -= 1
    return start, end


def find_quotes(body: str, min_chars: int = 1) -> list[Quote]:
    """All quotations in ``body``; unclosed ones continue into the next quoted paragraph."""
    quotes: list[Quote] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        at_para_start = i == 0 or body[i - 1] == "\n"
        if ch in OPEN or ch == STRAIGHT or (ch == "”" and at_para_start):
            # A closing mark opening a paragraph is a typo for an opening one.
            close = OPEN.get(ch, "”" if ch == "”" else STRAIGHT)
            j = i + 1
            while j < n and body[j] != close and body[j] != "\n":
                if ch == STRAIGHT and body[j] in OPEN:  # a curly quote inside a straight one
                    break
                j += 1
            if j < n and body[j] == close:
                s, e = _trim(body, i + 1, j)
                if e - s >= min_chars:
                    quotes.append(Quote(s, e, i, j + 1, True))
                i = j + 1
                continue
            if j < n and body[j] == "\n":
                # Unclosed at paragraph end: a quote running on into the next paragraph.
                s, e = _trim(body, i + 1, j)
                if e - s >= min_chars:
                    quotes.append(Quote(s, e, i, j, False))
                i = j + 1
                continue
            i = j if j > i else i + 1
            continue
        i += 1
    return quotes
