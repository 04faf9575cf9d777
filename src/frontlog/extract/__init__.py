"""Extraction: raw pages and texts to a ``Document`` with a clean body.

* ``document_from_html``: trafilatura body + page metadata (htmldate for the date).
* ``document_from_text``: plain text, with per-paragraph boilerplate scoring.
* ``remove_repeated_blocks``: paragraphs repeated across one publisher's documents.

Every piece taken out is kept in ``Document.removed`` with the reason it went.
"""

from __future__ import annotations

from frontlog.extract.base import ExtractionError
from frontlog.extract.html import document_from_html
from frontlog.extract.repeated import remove_repeated_blocks
from frontlog.extract.text import document_from_text

__all__ = [
    "ExtractionError",
    "document_from_html",
    "document_from_text",
    "remove_repeated_blocks",
]
