"""The OpenAPI 3.1 document of /api/v1. Each domain adds its paths here as it gains routes."""
from __future__ import annotations

NAMES = {
    "type": "object",
    "description": "A name per language (ar, en, fr).",
    "properties": {lang: {"type": "string"} for lang in ("ar", "en", "fr")},
    "required": ["ar", "en", "fr"],
    "additionalProperties": False,
}

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}

COUNTRY = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"},
        "names": {"$ref": "#/components/schemas/Names"},
        "member_state": {"type": "boolean"},
        "special_circumstances": {"type": "boolean"},
    },
    "required": ["code", "names", "member_state", "special_circumstances"],
}

SUBSECTOR = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "names": {"$ref": "#/components/schemas/Names"}},
    "required": ["code", "names"],
}

SECTOR = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "names": {"$ref": "#/components/schemas/Names"},
        "subsectors": {"type": "array", "items": {"$ref": "#/components/schemas/Subsector"}},
    },
    "required": ["code", "names", "subsectors"],
}


def _list_of(schema: str) -> dict:
    return {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}},
        "required": ["items"],
    }


def _json_answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ISESCO cooperation portal API",
            "version": "1",
            "description": "Read the portal's public data; write with a personal API token. "
            "Errors are application/problem+json (RFC 9457).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/countries": {
                "get": {
                    "operationId": "listCountries",
                    "summary": "Every country with its names in Arabic, English and French and its flags",
                    "responses": {"200": _json_answer("The countries, by code", {"$ref": "#/components/schemas/CountryList"})},
                }
            },
            "/sectors": {
                "get": {
                    "operationId": "listSectors",
                    "summary": "The fields of competence and their subsectors",
                    "responses": {"200": _json_answer("The taxonomy, in order", {"$ref": "#/components/schemas/SectorList"})},
                }
            },
        },
        "components": {
            "schemas": {
                "Names": NAMES,
                "Problem": PROBLEM,
                "Country": COUNTRY,
                "CountryList": _list_of("Country"),
                "Subsector": SUBSECTOR,
                "Sector": SECTOR,
                "SectorList": _list_of("Sector"),
            },
            "responses": {
                "Problem": {
                    "description": "An error",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
            },
        },
    }
