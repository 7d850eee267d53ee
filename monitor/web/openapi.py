"""The OpenAPI 3.1 description of the JSON API (``/api/v1/openapi.json``)."""

from __future__ import annotations

from typing import Any

from monitor.verdicts import VERDICTS


def _param(name: str, description: str, schema: dict[str, Any] | None = None,
           where: str = "query", required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required or where == "path",
            "description": description, "schema": schema or {"type": "string"}}


_DATE = {"type": "string", "format": "date"}
_PAGE = [
    _param("after", "Cursor of the next page, taken from a `next` link."),
    _param("limit", "Records per page (1-500).", {"type": "integer", "minimum": 1,
                                                  "maximum": 500}),
]
_CHANGE_FILTERS = [
    _param("commitment", "Only this commitment id."),
    _param("verdict", "Only records with this verdict (repeatable).",
           {"type": "string", "enum": list(VERDICTS)}),
    _param("since", "Received on or after this day.", _DATE),
    _param("until", "Received on or before this day.", _DATE),
]
_ERRORS = {
    "304": {"description": "Not modified (the `If-None-Match` ETag still holds)."},
    "400": {"description": "A bad query parameter; the body says which.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
}
_NOT_FOUND = {"404": {"description": "No such record.", "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": description, "headers": {
        "ETag": {"schema": {"type": "string"}},
        "Cache-Control": {"schema": {"type": "string"}},
    }, "content": {"application/json": {"schema": schema}}}}


def _list(item: str) -> dict[str, Any]:
    return {"type": "object", "required": ["items", "next"], "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "next": {"type": ["string", "null"], "format": "uri",
                 "description": "The next page, or null on the last."},
    }}


def _get(summary: str, params: list[dict[str, Any]], responses: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {**responses, **_ERRORS}}}


def openapi_spec(base_url: str, version: str) -> dict[str, Any]:
    """The API description; records are those of ``monitor changes --format json``."""
    ident = _param("identifier", "Publication identifier, e.g. ah-1251487.", where="path")
    cid = _param("id", "Commitment id from config.toml.", where="path")
    change_id = _param("id", "Change record id.", {"type": "integer"}, where="path")
    obj = {"type": "object", "additionalProperties": True}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kamervragen-monitor API",
            "version": version,
            "description": "Read-only access to the change log of followed commitments in the "
            "Dutch government's written answers to parliamentary questions. Records are "
            "exactly those of `monitor changes --format json` (docs/changes-json.md). Every "
            "response carries an ETag; send it back in If-None-Match for a 304. GET only; "
            "CORS is open for GET.",
        },
        "servers": [{"url": f"{base_url.rstrip('/')}/api/v1"}],
        "paths": {
            "/changes": _get("The change log, newest first.", _CHANGE_FILTERS + _PAGE,
                             _ok("A page of change records.", _list("Change"))),
            "/changes/{id}": _get("One change record.", [change_id],
                                  {**_ok("The record.", {"$ref": "#/components/schemas/Change"}),
                                   **_NOT_FOUND}),
            "/commitments": _get("Followed commitments with their latest statement.", [],
                                 _ok("All commitments.", _list("Commitment"))),
            "/commitments/{id}": _get(
                "The timeline of one commitment, oldest first.", [cid, *_PAGE],
                {**_ok("A page of the timeline.", _list("TimelineEntry")), **_NOT_FOUND}),
            "/answers": _get("Stored publications, newest received first.", [
                _param("ministry", "Only this ministry."),
                _param("kind", "answer (default), questions or postponement.",
                       {"type": "string", "enum": ["answer", "questions", "postponement"]}),
                _param("since", "Received on or after this day.", _DATE),
                _param("until", "Received on or before this day.", _DATE), *_PAGE,
            ], _ok("A page of publications.", _list("AnswerSummary"))),
            "/answers/{identifier}": _get(
                "One publication: parsed document, versions with diffs, related publications.",
                [ident], {**_ok("The publication.", obj), **_NOT_FOUND}),
            "/search": _get("Full-text search over questions and answers (Dutch stemming).", [
                _param("q", "Words to find (all must occur).", required=True),
                _param("ministry", "Only this ministry."),
                _param("since", "Received on or after this day.", _DATE),
                _param("until", "Received on or before this day.", _DATE),
                _param("offset", "Skip this many hits.", {"type": "integer", "minimum": 0}),
                _param("limit", "Hits per page (1-100).", {"type": "integer", "minimum": 1,
                                                           "maximum": 100}),
            ], _ok("Ranked hits with highlighted snippets.", {
                "type": "object", "properties": {
                    "query": {"type": "string"},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "next": {"type": ["string", "null"], "format": "uri"}}})),
            "/status": _get("Health, as `monitor status --format json`.", [],
                            _ok("The health report.", obj)),
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}}},
            "Change": {"type": "object", "description": "See docs/changes-json.md.",
                       "required": ["id", "commitment", "verdicts", "received", "current",
                                    "diff"],
                       "properties": {
                           "id": {"type": "integer"}, "commitment": {"type": "string"},
                           "commitment_title": {"type": "string"},
                           "verdicts": {"type": "array", "items": {
                               "type": "string", "enum": list(VERDICTS)}},
                           "triggers": obj, "received": {"type": "string", "format": "date"},
                           "previous": {"type": ["object", "null"]}, "current": obj,
                           "diff": obj, "extractor_version": {"type": "string"},
                       }},
            "Commitment": obj,
            "TimelineEntry": {"type": "object", "properties": {
                "statement": obj,
                "change": {"oneOf": [{"$ref": "#/components/schemas/Change"},
                                     {"type": "null"}]}}},
            "AnswerSummary": obj,
            "Hit": obj,
        }},
    }
