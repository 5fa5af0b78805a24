"""Route: one API method (HTTP method, path template, Google method id, handler) for the router."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nyte_tui.sandbox.protocol import Request, Response

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

Handler = Callable[["SandboxState", Request, dict[str, str]], Response]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    """One API method: HTTP method, path pattern, Google method id and handler."""

    method: str
    pattern: re.Pattern[str]
    api_method: str
    handler: Handler
    kind: str
    mutating: bool


def route(
    method: str,
    template: str,
    api_method: str,
    handler: Handler,
    kind: str = "gmail",
    mutating: bool | None = None,
) -> Route:
    """Build a route from a path template such as /gmail/v1/users/{userId}/messages/{id}.

    A route mutates (and makes the state file be saved) unless it is a GET, or `mutating` says
    otherwise (freeBusy is a read-only POST).
    """
    regex = _PLACEHOLDER.sub(lambda match: f"(?P<{match.group(1)}>[^/]+)", template)
    return Route(
        method=method,
        pattern=re.compile(f"^{regex}$"),
        api_method=api_method,
        handler=handler,
        kind=kind,
        mutating=method != "GET" if mutating is None else mutating,
    )
