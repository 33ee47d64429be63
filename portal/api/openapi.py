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


ORGANIZATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "names": {
            "type": "object",
            "description": "The name in each language it was given in (at least one of ar, en, fr).",
            "properties": {lang: {"type": "string"} for lang in ("ar", "en", "fr")},
            "additionalProperties": False,
            "minProperties": 1,
        },
        "original_language": {"enum": ["ar", "en", "fr"]},
        "acronym": {"type": ["string", "null"]},
        "kind": {"type": "string"},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "city": {"type": "string"},
        "website": {"type": ["string", "null"]},
        "fields": {"type": "array", "items": {"type": "string"}},
        "verified_at": {"type": ["string", "null"], "format": "date-time"},
    },
    "required": ["id", "names", "original_language", "kind", "country", "city", "fields"],
}

TEXTS = {
    "type": "object",
    "description": "A text in each language it was written in (at least one of ar, en, fr).",
    "properties": {lang: {"type": "string"} for lang in ("ar", "en", "fr")},
    "additionalProperties": False,
    "minProperties": 1,
}

NEED = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "description": {"$ref": "#/components/schemas/Texts"},
        "original_language": {"enum": ["ar", "en", "fr"]},
        "organization": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "names": {"$ref": "#/components/schemas/Texts"}},
            "required": ["id", "names"],
        },
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "area": {"type": ["string", "null"]},
        "subsectors": {"type": "array", "items": {"type": "string"}},
        "beneficiary_groups": {"type": "array", "items": {"type": "string"}},
        "beneficiary_count": {"type": "integer", "minimum": 1},
        "urgency": {"enum": ["critical", "high", "medium", "low"]},
        "cost": {
            "type": "object",
            "description": "Decimal amounts as strings; usd is the equivalent at the rate in force when entered.",
            "properties": {
                "amount": {"type": "string"},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "usd": {"type": "string"},
            },
            "required": ["amount", "currency", "usd"],
        },
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "status": {"type": "string"},
        "version": {"type": "integer", "description": "Send it back with PATCH: a stale one is refused with 409."},
    },
    "required": ["id", "title", "description", "organization", "country", "urgency", "cost", "start_date", "end_date", "status", "version"],
}

_NEED_FIELDS = {
    "title": {"$ref": "#/components/schemas/Texts"},
    "description": {"$ref": "#/components/schemas/Texts"},
    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
    "area": {"type": ["string", "null"], "maxLength": 200},
    "subsectors": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "beneficiary_groups": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "beneficiary_count": {"type": "integer", "minimum": 1, "maximum": 100000000},
    "urgency": {"enum": ["critical", "high", "medium", "low"]},
    "cost": {
        "type": "object",
        "properties": {
            "amount": {"type": "string", "pattern": "^[0-9]{1,12}(\\.[0-9]{1,2})?$"},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        },
        "required": ["amount", "currency"],
        "additionalProperties": False,
    },
    "start_date": {"type": "string", "format": "date"},
    "end_date": {"type": "string", "format": "date"},
}

NEED_INPUT = {
    "type": "object",
    "description": "A new need, saved as a draft of the organization.",
    "properties": {"organization_id": {"type": "integer"}, **_NEED_FIELDS},
    "required": ["organization_id", "title", "description", "country", "subsectors", "beneficiary_groups",
                 "beneficiary_count", "urgency", "cost", "start_date", "end_date"],
    "additionalProperties": False,
}

NEED_PATCH = {
    "type": "object",
    "description": "The fields to change, and the version they were read at.",
    "properties": {"version": {"type": "integer"}, **_NEED_FIELDS},
    "required": ["version"],
    "additionalProperties": False,
}

PRIORITY_INPUT = {
    "type": "object",
    "properties": {
        "organization_id": {"type": "integer", "description": "a verified endowment ministry or national commission"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "description": {"$ref": "#/components/schemas/Texts"},
        "subsector": {"type": "string"},
        "rank": {"type": "integer", "minimum": 1, "maximum": 99},
        "period_start": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "period_end": {"type": "integer", "minimum": 2000, "maximum": 2100},
    },
    "required": ["organization_id", "title", "subsector", "rank", "period_start", "period_end"],
    "additionalProperties": False,
}

PRIORITY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "organization_id": {"type": "integer"},
        "country": {"type": "string"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "subsector": {"type": "string"},
        "rank": {"type": "integer"},
        "period_start": {"type": "integer"},
        "period_end": {"type": "integer"},
        "state": {"enum": ["active", "archived"]},
    },
    "required": ["id", "organization_id", "country", "title", "subsector", "rank", "period_start", "period_end", "state"],
}

MATCH_INPUT = {
    "type": "object",
    "description": "Propose a match between a published need and a project that is neither completed nor cancelled.",
    "properties": {
        "need_id": {"type": "integer"},
        "project_id": {"type": "integer"},
        "note": {"type": "string", "maxLength": 2000, "description": "for the need's organization"},
    },
    "required": ["need_id", "project_id"],
    "additionalProperties": False,
}

MATCH = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "need_id": {"type": "integer"},
        "project_id": {"type": "integer"},
        "state": {"enum": ["proposed", "accepted", "declined", "active", "completed", "cancelled"]},
        "note": {"type": ["string", "null"]},
        "score": {"type": ["integer", "null"], "description": "the suggestion's score when proposed, if it was one"},
    },
    "required": ["id", "need_id", "project_id", "state"],
}

_USD = {"type": "string", "description": "a decimal amount in US dollars"}

PROJECT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "description": {"$ref": "#/components/schemas/Texts"},
        "directorate": {"enum": ["education", "science", "culture", "communication", "external_relations"]},
        "subsectors": {"type": "array", "items": {"type": "string"}},
        "countries": {"type": "array", "items": {"type": "string"}},
        "beneficiary_groups": {"type": "array", "items": {"type": "string"}},
        "budget_type": {"enum": ["regular", "off_budget"]},
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "status": {"enum": ["planned", "open_for_partners", "ongoing", "completed", "cancelled"]},
        "funding_usd": {
            "type": "object",
            "description": "paid and committed pledges are secured; the gap is the budget less what is secured",
            "properties": {name: _USD for name in ("budget", "paid", "committed", "pledged", "gap")},
            "required": ["budget", "paid", "committed", "pledged", "gap"],
        },
    },
    "required": ["id", "code", "title", "directorate", "countries", "status", "funding_usd"],
}

EDITION = {
    "type": "object",
    "description": "A forum edition; dates are the venue's calendar days.",
    "properties": {
        "id": {"type": "integer"},
        "ordinal": {"type": "integer"},
        "year": {"type": "integer"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "description": {"$ref": "#/components/schemas/Texts"},
        "city": {"$ref": "#/components/schemas/Texts"},
        "country": {"type": "string"},
        "venue": {"$ref": "#/components/schemas/Texts"},
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "timezone": {"type": "string", "description": "IANA time zone of the venue"},
        "registration_opens": {"type": "string", "format": "date"},
        "registration_closes": {"type": "string", "format": "date"},
        "capacity": {"type": "integer"},
        "seats_left": {"type": "integer"},
        "interpretation_languages": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string", "enum": ["registration_open", "registration_closed", "held", "archived"]},
    },
    "required": ["id", "ordinal", "year", "title", "country", "start_date", "end_date", "timezone", "capacity",
                 "seats_left", "status"],
}

SESSION = {
    "type": "object",
    "description": "A session of the programme; times carry the venue's UTC offset.",
    "properties": {
        "id": {"type": "integer"},
        "title": {"$ref": "#/components/schemas/Texts"},
        "description": {"oneOf": [{"$ref": "#/components/schemas/Texts"}, {"type": "null"}]},
        "kind": {"type": "string", "enum": ["plenary", "panel", "workshop", "side_event"]},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "room": {"type": ["string", "null"]},
        "capacity": {"type": ["integer", "null"]},
        "speakers": {"type": "array", "items": {"type": "string"}},
        "languages": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["id", "title", "kind", "starts_at", "ends_at", "languages"],
}

REASON = {
    "type": "object",
    "description": "One factor of a score: same_country, same_subsector, same_field, ministry_priority, "
    "beneficiary_groups, funding_gap, urgency, timeframe or open_for_partners.",
    "properties": {
        "factor": {"type": "string"},
        "points": {"type": "integer"},
        "params": {"type": "object", "description": "codes the reason names (country, subsectors, fields, groups, urgency, covers)"},
    },
    "required": ["factor", "points", "params"],
}


def _suggestions_of(subject: dict) -> dict:
    return {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {
            "type": "object",
            "properties": {
                **subject,
                "score": {"type": "integer", "minimum": 0, "maximum": 100, "description": "the sum of the reasons' points"},
                "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
            },
            "required": [*subject, "score", "reasons"],
        }}},
        "required": ["items"],
    }


PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


def _page_of(schema: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
        "required": ["items", "page", "per_page", "total"],
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
            "/needs": {
                "get": {
                    "operationId": "listNeeds",
                    "summary": "Published, matched, in-progress and fulfilled needs, with the board's filters",
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
                        for name, description in (
                            ("q", "words of the title or description, in any language and spelling"),
                            ("country", "ISO country code"),
                            ("sector", "field of competence code"),
                            ("subsector", "subsector code"),
                            ("urgency", "critical, high, medium or low"),
                            ("status", "published, matched, in_progress or fulfilled"),
                            ("sort", "urgency (default), newest or cost"),
                        )
                    ]
                    + PAGE_PARAMETERS,
                    "responses": {"200": _json_answer("A page of needs", {"$ref": "#/components/schemas/NeedPage"})},
                },
                "post": {
                    "operationId": "createNeed",
                    "summary": "Post a need as a draft of one of your organizations",
                    "security": [{"token": []}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NeedInput"}}}},
                    "responses": {
                        "201": _json_answer("The need, as saved", {"$ref": "#/components/schemas/Need"}),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("400", "401", "403", "422")},
                    },
                },
            },
            "/needs/{need_id}": {
                "get": {
                    "operationId": "getNeed",
                    "summary": "One public need",
                    "parameters": [{"name": "need_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("The need", {"$ref": "#/components/schemas/Need"}),
                        "404": {"$ref": "#/components/responses/Problem"},
                    },
                },
                "patch": {
                    "operationId": "updateNeed",
                    "summary": "Change a draft or returned need of one of your organizations",
                    "security": [{"token": []}],
                    "parameters": [{"name": "need_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NeedPatch"}}}},
                    "responses": {
                        "200": _json_answer("The need, as saved", {"$ref": "#/components/schemas/Need"}),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("400", "401", "403", "404", "409", "422")},
                    },
                },
            },
            "/needs/{need_id}/suggestions": {
                "get": {
                    "operationId": "getNeedSuggestions",
                    "summary": "Projects suggested for a published need, best first (officers and the need's organization)",
                    "security": [{"token": []}],
                    "parameters": [{"name": "need_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("Ranked projects", _suggestions_of({"project": {
                            "type": "object",
                            "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "title": {"$ref": "#/components/schemas/Texts"}},
                            "required": ["id", "code", "title"],
                        }})),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("401", "403", "404")},
                    },
                }
            },
            "/projects": {
                "get": {
                    "operationId": "listProjects",
                    "summary": "ISESCO's projects with their funding, with the catalogue's filters",
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
                        for name, description in (
                            ("q", "words of the code, title or description"),
                            ("directorate", "education, science, culture, communication or external_relations"),
                            ("country", "target country (ISO code)"),
                            ("field", "field of competence code"),
                            ("subsector", "subsector code"),
                            ("state", "planned, open_for_partners, ongoing, completed or cancelled"),
                            ("budget_type", "regular or off_budget"),
                        )
                    ]
                    + PAGE_PARAMETERS,
                    "responses": {"200": _json_answer("A page of projects", {"$ref": "#/components/schemas/ProjectPage"})},
                }
            },
            "/projects/{project_id}": {
                "get": {
                    "operationId": "getProject",
                    "summary": "One project and its funding",
                    "parameters": [{"name": "project_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("The project", {"$ref": "#/components/schemas/Project"}),
                        "404": {"$ref": "#/components/responses/Problem"},
                    },
                }
            },
            "/projects/{project_id}/suggestions": {
                "get": {
                    "operationId": "getProjectSuggestions",
                    "summary": "Published needs this project could answer, best first: all for officers, "
                    "your organizations' needs for anyone else",
                    "security": [{"token": []}],
                    "parameters": [{"name": "project_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("Ranked needs", _suggestions_of({"need": {
                            "type": "object",
                            "properties": {"id": {"type": "integer"}, "title": {"$ref": "#/components/schemas/Texts"},
                                           "country": {"type": "string"}, "urgency": {"type": "string"}},
                            "required": ["id", "title", "country", "urgency"],
                        }})),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("401", "404")},
                    },
                }
            },
            "/matches": {
                "post": {
                    "operationId": "createMatch",
                    "summary": "Propose a match (ISESCO officers): 409 if this need and project are already matched",
                    "security": [{"token": []}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchInput"}}}},
                    "responses": {
                        "201": _json_answer("The match, proposed", {"$ref": "#/components/schemas/Match"}),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("400", "401", "403", "409", "422")},
                    },
                }
            },
            "/forum/editions": {
                "get": {
                    "operationId": "listForumEditions",
                    "summary": "The forum's editions, newest first (drafts are not published)",
                    "responses": {"200": _json_answer("The editions", {"$ref": "#/components/schemas/EditionList"})},
                }
            },
            "/forum/editions/{edition_id}/sessions": {
                "get": {
                    "operationId": "listForumSessions",
                    "summary": "The programme of an edition, in order",
                    "parameters": [{"name": "edition_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("The sessions", {"$ref": "#/components/schemas/SessionList"}),
                        "404": {"$ref": "#/components/responses/Problem"},
                    },
                }
            },
            "/priorities": {
                "post": {
                    "operationId": "createPriority",
                    "summary": "Post a priority of your endowment ministry's or national commission's country",
                    "security": [{"token": []}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PriorityInput"}}}},
                    "responses": {
                        "201": _json_answer("The priority", {"$ref": "#/components/schemas/Priority"}),
                        **{status: {"$ref": "#/components/responses/Problem"} for status in ("400", "401", "403", "422")},
                    },
                }
            },
            "/organizations": {
                "get": {
                    "operationId": "listOrganizations",
                    "summary": "Verified organizations, with the directory's filters",
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
                        for name, description in (
                            ("q", "words of the name, in any language and spelling"),
                            ("kind", "kind of organization"),
                            ("country", "country of headquarters (ISO code)"),
                            ("field", "field of competence code"),
                            ("operates_in", "country of operation (ISO code)"),
                        )
                    ]
                    + PAGE_PARAMETERS,
                    "responses": {"200": _json_answer("A page of organizations", {"$ref": "#/components/schemas/OrganizationPage"})},
                }
            },
            "/organizations/{organization_id}": {
                "get": {
                    "operationId": "getOrganization",
                    "summary": "One verified organization",
                    "parameters": [{"name": "organization_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": _json_answer("The organization", {"$ref": "#/components/schemas/Organization"}),
                        "404": {"$ref": "#/components/responses/Problem"},
                    },
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
                "Texts": TEXTS,
                "NeedInput": NEED_INPUT,
                "NeedPatch": NEED_PATCH,
                "PriorityInput": PRIORITY_INPUT,
                "Priority": PRIORITY,
                "MatchInput": MATCH_INPUT,
                "Match": MATCH,
                "Project": PROJECT,
                "ProjectPage": _page_of("Project"),
                "Reason": REASON,
                "Edition": EDITION,
                "EditionList": _list_of("Edition"),
                "Session": SESSION,
                "SessionList": _list_of("Session"),
                "Need": NEED,
                "NeedPage": _page_of("Need"),
                "Organization": ORGANIZATION,
                "OrganizationPage": _page_of("Organization"),
                "Names": NAMES,
                "Problem": PROBLEM,
                "Country": COUNTRY,
                "CountryList": _list_of("Country"),
                "Subsector": SUBSECTOR,
                "Sector": SECTOR,
                "SectorList": _list_of("Sector"),
            },
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "A personal API token, created on your account page."}},
            "responses": {
                "Problem": {
                    "description": "An error",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
            },
        },
    }
