"""Web app: FastAPI JSON API and an offline map/timeline page (``frontlog serve``)."""

from frontlog.web.app import create_app, serve

__all__ = ["create_app", "serve"]
