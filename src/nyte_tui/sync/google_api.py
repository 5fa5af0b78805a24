"""Build Gmail and Calendar clients from the bundled discovery documents (no network)."""

from __future__ import annotations

import json
from typing import Any

from nyte_tui.config.settings import GOOGLE_API_ROOT, Settings


def _document(api: str, version: str, api_root: str) -> dict[str, Any]:
    """The static discovery document, pointed at api_root when it is not Google's."""
    from googleapiclient import discovery_cache

    raw = discovery_cache.get_static_doc(api, version)
    if raw is None:
        raise RuntimeError(f"the bundled discovery document for {api} {version} is missing")
    doc: dict[str, Any] = json.loads(raw)
    if api_root.rstrip("/") != GOOGLE_API_ROOT.rstrip("/"):
        doc["rootUrl"] = api_root if api_root.endswith("/") else api_root + "/"
        doc.pop("mtlsRootUrl", None)
    return doc


def _http(credentials: Any, timeout: float) -> Any:
    """An authorised httplib2 transport of our own (one per thread: httplib2 is not thread-safe)."""
    import google_auth_httplib2
    import httplib2

    return google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=timeout))


def build_gmail(settings: Settings, credentials: Any) -> Any:
    """A Gmail v1 client for these credentials."""
    from googleapiclient.discovery import build_from_document

    doc = _document("gmail", "v1", settings.google.api_root)
    return build_from_document(doc, http=_http(credentials, settings.sync.timeout))


def build_calendar(settings: Settings, credentials: Any) -> Any:
    """A Calendar v3 client for these credentials."""
    from googleapiclient.discovery import build_from_document

    doc = _document("calendar", "v3", settings.google.api_root)
    return build_from_document(doc, http=_http(credentials, settings.sync.timeout))


def gmail_batch_uri(settings: Settings) -> str:
    """Where Gmail batch requests go."""
    root = settings.google.api_root
    if root.rstrip("/") == GOOGLE_API_ROOT.rstrip("/"):
        return "https://gmail.googleapis.com/batch/gmail/v1"
    return (root if root.endswith("/") else root + "/") + "batch/gmail/v1"
