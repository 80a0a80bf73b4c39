"""What every answer carries and every request is held to: security headers, a size limit."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load only our own files: no inline script or style, no other site's, no frames.
# The design system sets styles from its scripts (CSSOM), which CSP allows; it never needs
# inline <style> or style="" attributes, so 'unsafe-inline' is not given.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc load Swagger UI and ReDoc from a CDN with a small inline script,
# and carry no one's words: they get a looser policy of their own, still never framed.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
HSTS = "max-age=31536000; includeSubDomains"

# A plan from the bot holds every answer of a conversation (each up to 25,000 characters, and
# JSON may spell one emoji in 12 bytes): 2 MiB is ample, and a 9.9 MB body is refused. Every
# other request (a message, a note, a form) is far smaller.
MAX_PLAN_BYTES = 2 * 1024 * 1024
MAX_BODY_BYTES = 256 * 1024
_PLAN_PATHS = ("/api/v1/plans", "/api/v1/plans/flags")


def body_limit(path: str) -> int:
    return MAX_PLAN_BYTES if path.rstrip("/") in _PLAN_PATHS else MAX_BODY_BYTES


class _TooLargeError(HTTPException):
    # An HTTPException, so that FastAPI, reading the body for a route, answers it as 413 rather
    # than as "could not parse the body" (400).
    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=f"The request is too large: at most {limit // 1024} KiB.")


class ProtectionMiddleware:
    """Adds the security headers and Cache-Control to every answer; refuses large bodies (413).

    Plain ASGI rather than BaseHTTPMiddleware, so that a body sent without Content-Length
    (chunked) is counted as it arrives and cut off at the limit.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        secure = scope.get("scheme") == "https"
        limit = body_limit(path)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": (
                        DOCS_CSP if path.startswith(DOCS_PATHS) else PAGE_CSP
                    ).encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"DENY",
                }
                # People's words must not stay in a shared computer's cache, nor come back stale
                # when someone presses Back: only the design system's files may be cached.
                if not path.startswith("/static/"):
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    extra[b"cache-control"] = b"no-store"
                if secure:
                    extra[b"strict-transport-security"] = HSTS.encode()
                headers += [
                    (n, v) for n, v in extra.items() if n not in names or n == b"cache-control"
                ]
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send_with_headers, limit)
            return

        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLargeError(limit)
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLargeError:
            if started:
                raise
            await _too_large(send_with_headers, limit)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"The request is too large: at most {limit // 1024} KiB."}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
