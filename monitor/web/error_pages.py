"""Errors as responses: JSON under /api/ and /feeds/, an HTML page elsewhere, never cached and
never a traceback."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from monitor.web.state import web_of


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/feeds/"))


def _error(request: Request, status: int, title: str, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    web = web_of(request)
    response = web.page("error.html", status=status, title=title, message=message)
    response.headers["Cache-Control"] = "no-store"
    return response


async def not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, "Niet gevonden", str(exc))


async def bad_request(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "Ongeldige vraag", str(exc))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(request, 404, "Niet gevonden",
                      f"{request.url.path}: deze pagina bestaat niet")
    if exc.status_code == 405:
        response = _error(request, 405, "Niet toegestaan",
                          "deze site is alleen-lezen: alleen GET en HEAD zijn toegestaan")
        response.headers["Allow"] = "GET, HEAD"
        return response
    return _error(request, exc.status_code, "Fout", str(exc.detail))


async def server_error(request: Request, exc: Exception) -> Response:
    # Never a traceback to the client; the server log has it.
    return _error(request, 500, "Interne fout", "er ging iets mis bij het maken van deze pagina")


async def monitor_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "Ongeldige vraag", str(exc))
