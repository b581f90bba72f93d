"""The OpenAPI 3.1 document, generated from the endpoint table (never written by hand)."""

from __future__ import annotations

import re
from typing import Any

from server.http.api import SESSION_RULES, Endpoint

_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
_WHO = {
    "anyone": "Anyone.",
    "signed_in": "Any signed-in caller (interviewer or guest).",
    "interviewer": "An interviewer account.",
    "participant": "A participant of the session.",
    "session_interviewer": "The host or a panel interviewer of the session.",
    "host": "The host of the session.",
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(endpoints: list[Endpoint], version: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {"Error": _ERROR_SCHEMA}
    for endpoint in endpoints:
        operation: dict[str, Any] = {
            "summary": endpoint.summary,
            "description": f"Who may call: {_WHO[endpoint.auth]}",
            "operationId": endpoint.handler.__name__,
            "tags": [endpoint.tag],
            "responses": {
                str(endpoint.status): {
                    "description": "Success",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            },
        }
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", endpoint.path)
        ]
        if params:
            operation["parameters"] = params
        if endpoint.body is not None:
            name = endpoint.body.__name__
            schema = endpoint.body.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))  # nested models, where the refs point
            schemas[name] = schema
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                },
            }
            operation["responses"]["400"] = _error("Invalid body")
            operation["responses"]["413"] = _error("Body too large")
        if endpoint.auth != "anyone":
            operation["security"] = [{"bearer": []}, {"cookie": []}]
            operation["responses"]["401"] = _error("Not signed in")
            operation["responses"]["403"] = _error("Not allowed")
        if endpoint.auth in SESSION_RULES:
            operation["responses"]["404"] = _error("Unknown session")
        for status, when in endpoint.errors.items():
            known = operation["responses"].get(str(status))
            description = f"{known['description']}; {when}" if known else when
            operation["responses"][str(status)] = _error(description)
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "CodeSync API", "version": version},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "codesync_session"},
            },
        },
    }
