"""Temporal expressions → intervals with a precision, anchored on the publication date.

Public API:
``frontlog.time.stage.find_times(text, anchor, spacy_doc=None) -> list[TimeExpr]`` (also
importable as ``frontlog.time.find_times``) and
``frontlog.time.resolve.resolve(text, anchor) -> (value_start, value_end, precision) | None``
(the submodule ``resolve`` shadows a package-level name, so import it from there).
"""

from __future__ import annotations

from typing import Any

__all__ = ["find_times"]


def __getattr__(name: str) -> Any:
    if name == "find_times":  # lazy: importing the stage pulls in the pipeline
        from frontlog.time.stage import find_times

        return find_times
    raise AttributeError(name)
