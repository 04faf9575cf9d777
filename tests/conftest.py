"""Shared fixtures. PostgreSQL and browser tests are required in CI.

When ``FRONTLOG_REQUIRE_PG`` / ``FRONTLOG_REQUIRE_BROWSER`` are set (``.ci/run`` sets
both), a skipped test marked ``postgres`` / ``browser`` is reported as a failure, so CI
cannot go green without having run them.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "src" / "frontlog" / "samples"
REQUIRED = {"postgres": "FRONTLOG_REQUIRE_PG", "browser": "FRONTLOG_REQUIRE_BROWSER"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001 - pytest hook signature
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    for marker, env in REQUIRED.items():
        if item.get_closest_marker(marker) and os.environ.get(env):
            report.outcome = "failed"
            report.longrepr = f"{item.nodeid}: skipped but {env} is set (CI requires it)"


@pytest.fixture(scope="session")
def ctx():
    """One pipeline Context for the run: spaCy and the gazetteer load once."""
    from frontlog.pipeline import Context

    return Context()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A PostgreSQL URL for tests (FRONTLOG_TEST_PG), else the test is skipped."""
    url = os.environ.get("FRONTLOG_TEST_PG")
    if not url:
        pytest.skip("PostgreSQL tests need FRONTLOG_TEST_PG=postgresql://user@host:port/db")
    return url


@pytest.fixture()
def pg_store(pg_url: str):
    """A Store on a fresh PostgreSQL schema, dropped after the test."""
    import sqlalchemy as sa

    from frontlog.store import Store

    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in pg_url else "?"
    store = Store(f"{pg_url}{sep}options=-csearch_path%3D{schema}")
    yield store
    store.close()
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture()
def sqlite_store(tmp_path: Path):
    from frontlog.store import Store

    store = Store(f"sqlite:///{tmp_path / 'test.db'}")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest):
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")
