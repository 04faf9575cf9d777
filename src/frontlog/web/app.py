"""The web app: a JSON API over the store and one offline page (map, timeline, evidence).

Everything the page needs ships in Python packages (Leaflet from ``xstatic-leaflet``, the
boundaries in ``static/``), so it works with no network. A strict Content-Security-Policy
forbids inline and foreign scripts as a second line of defence behind the page's rule of
rendering article text only as text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Literal

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster
from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from frontlog.store.db import Store
from frontlog.web import queries as q

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)

Limit = Annotated[int, Query(ge=1, le=q.MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
DateQ = Annotated[
    str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}", description="ISO date, inclusive")
]


def create_app(db_url: str) -> FastAPI:
    """The FastAPI app serving the store at ``db_url`` (a URL or a SQLite path)."""
    store = Store(db_url)
    engine = store.engine
    app = FastAPI(
        title="frontlog",
        version="0.1.0",
        description="Sourced, geolocated, time-resolved conflict events and the claims behind "
        "them.",
    )
    app.state.store = store

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/events", summary="Events, filtered and paginated")
    def events(
        type: str | None = Query(None, description="event type(s), comma-separated"),
        actor: str | None = Query(None, description="substring of the actor's name"),
        region: str | None = Query(None, description="admin1 (UA-63), country (UA) or place"),
        date_from: DateQ = None,
        date_to: DateQ = None,
        source: str | None = Query(None, description="substring of publisher, URL or claimant"),
        status: str | None = Query(None, description="reported, claimed, denied (comma-sep.)"),
        doc_id: str | None = None,
        bbox: str | None = Query(None, description="west,south,east,north"),
        view: Literal["full", "map"] = Query(
            "full", description="map: only the columns the map draws (no evidence text)"
        ),
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        f = _filter(type, actor, region, date_from, date_to, source, status, doc_id, bbox)
        return JSONResponse(q.list_events(engine, f, limit, offset, compact=view == "map"))

    @app.get("/api/events/{doc_id}/{event_id}", summary="One event with its claim and related")
    def event(doc_id: str, event_id: str) -> JSONResponse:
        item = q.get_event(engine, doc_id, event_id)
        if item is None:
            raise HTTPException(404, f"no event {event_id} in document {doc_id}")
        return JSONResponse(item)

    @app.get("/api/timeline", summary="Events per day under the filters (dates excepted)")
    def timeline(
        type: str | None = None,
        actor: str | None = None,
        region: str | None = None,
        source: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
        bbox: str | None = None,
    ) -> dict[str, Any]:
        f = _filter(type, actor, region, None, None, source, status, doc_id, bbox)
        return {"days": q.timeline(engine, f)}

    @app.get("/api/stats", summary="Counts, date range and facets")
    def stats() -> dict[str, Any]:
        return q.stats(engine)

    @app.get("/api/places", summary="Resolved place mentions")
    def places(
        name: str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        doc_id: str | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        return JSONResponse(q.list_places(engine, name, country, admin1, doc_id, limit, offset))

    @app.get("/api/claims", summary="Attributed claims: who says what")
    def claims(
        speaker: str | None = Query(None, description="substring of the speaker's name"),
        kind: str | None = Query(None, description="direct, indirect, according_to, publisher"),
        source: str | None = Query(None, description="substring of publisher or URL"),
        date_from: DateQ = None,
        date_to: DateQ = None,
        doc_id: str | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        return JSONResponse(
            q.list_claims(engine, speaker, kind, source, date_from, date_to, doc_id, limit, offset)
        )

    @app.get("/api/documents/{doc_id}", summary="One document with all its annotations")
    def document(doc_id: str) -> JSONResponse:
        doc = store.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        return JSONResponse(doc.to_dict())

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=xs_leaflet.BASE_DIR), name="leaflet")
    app.mount(
        "/vendor/markercluster", StaticFiles(directory=xs_cluster.BASE_DIR), name="markercluster"
    )
    return app


def _filter(
    type: str | None,
    actor: str | None,
    region: str | None,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    status: str | None,
    doc_id: str | None,
    bbox: str | None,
) -> q.EventFilter:
    if bbox:
        try:
            ok = len([float(p) for p in bbox.split(",")]) == 4
        except ValueError:
            ok = False
        if not ok:
            raise HTTPException(422, "bbox must be west,south,east,north in degrees")
    return q.EventFilter(type, actor, region, date_from, date_to, source, status, doc_id, bbox)


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web app with uvicorn until interrupted (binds to localhost by default)."""
    import uvicorn

    app = create_app(db_url)
    shown = f"[{host}]" if ":" in host else host
    print(f"frontlog: serving {app.state.store.safe_url} at http://{shown}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
