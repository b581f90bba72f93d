"""The one error shape of the API: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

_CODES = {
    400: "invalid_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    response = error_response(exc.status_code, code, message)
    response.headers.update(exc.headers or {})  # a 405's Allow (RFC 9110), for one
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal_error", "Something went wrong on our side; please retry.")
