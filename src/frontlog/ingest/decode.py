"""Bytes → text: BOM, declared charset, strict UTF-8, then charset-normalizer.

News archives mix encodings (cp1251 Russian sites, latin-1 European ones, UTF-8 with and
without BOM). Guessing wrong silently corrupts every name and place downstream, so the order
is: what the bytes prove (BOM), what the source declares, what validates strictly (UTF-8),
and only then a statistical guess. Binary data is refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re

from frontlog.ingest.base import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return; plus DEL.
_CONTROL = set(range(0, 9)) | set(range(14, 32)) | {127}
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    """Python codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    # Browsers treat these labels as windows-1252; so do we (it is a superset).
    if name in ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        name = "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """Charset an HTML ``<meta>`` or XML declaration names in the first bytes, if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM is mostly ASCII with NUL every other byte."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros > 0.4 * half and other == 0:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def is_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first 8 KB."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / len(sample) > _MAX_CONTROL_RATIO


def _check_text(text: str) -> str:
    """Refuse decodes that are mostly control characters or replacement marks."""
    sample = text[:_SAMPLE]
    if not sample:
        return text
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) in _CONTROL))
    if bad / len(sample) > _MAX_CONTROL_RATIO:
        raise IngestError("binary file or unreadable text encoding")
    return text


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text; raise IngestError for binary data.

    Order: BOM, ``declared`` charset (HTTP header or ``<meta>``), strict UTF-8,
    charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(enc))
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"text starts with a {enc} BOM but does not decode: {exc}"
                ) from None
    if b"\x00" in data[:_SAMPLE]:
        text = _utf16_without_bom(data)
        if text is not None:
            return _check_text(text)
        raise IngestError("binary file (contains NUL bytes), not text")
    if is_binary(data):
        raise IngestError("binary file (mostly control characters), not text")
    codec = _codec(declared)
    if codec:
        try:
            return _check_text(data.decode(codec))
        except UnicodeDecodeError:
            pass  # the declaration lies; fall through to validation and detection
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("binary file or unknown text encoding")
    return _check_text(str(best))
