"""The OpenAPI 3.1 document of /api/v1: every route, its parameters and every answer it gives.

The API checks what it is sent against this document (portal.api.inputs): the constraints
written here are the ones enforced. Lists of values come from the models, not copies of them.
"""
from __future__ import annotations

import re
from functools import cache

from portal.agreements.models import AgreementState, AgreementType
from portal.agreements.services import SORTS as AGREEMENT_SORTS
from portal.calls.models import MAX_SCORE, ApplicationState, CallState
from portal.config import LOCALES
from portal.core.filters import MAX_ID
from portal.core.forms import DESCRIPTION_LENGTH, SHORT_DESCRIPTION_LENGTH, TITLE_LENGTH
from portal.core.pages import MAX_PAGE
from portal.forum.models import EditionState, SessionKind
from portal.meetings.models import ActionItemPriority, ActionItemState
from portal.needs.models import NeedState, PriorityState, Urgency
from portal.needs.services import SORTS
from portal.organizations.models import Division, OrganizationKind
from portal.projects.matching import WEIGHTS
from portal.projects.models import BudgetType, Directorate, MatchState, PledgeState, ProjectState

PREFIX = "/api/v1"
MAX_PER_PAGE = 100
PROBLEM_MEDIA_TYPE = "application/problem+json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, optional: tuple[str, ...] = (), **extra) -> dict:
    """An object whose properties are all present but the `optional` ones."""
    return {"type": "object", "properties": properties, "required": [name for name in properties if name not in optional], **extra}


def _pattern(pattern: str, message: str, **extra) -> dict:
    """A string matching `pattern`; `message` (an extension keyword) says so to whoever sends another."""
    return {"type": "string", "pattern": pattern, "x-pattern-message": message, **extra}


def _enum(values, **extra) -> dict:
    return {"type": "string", "enum": list(values), **extra}


def _array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
COUNTRY_CODE = _pattern("^[A-Z]{2}$", "must be an ISO 3166-1 alpha-2 code in capitals, like SO", description="ISO 3166-1 alpha-2")
CURRENCY_CODE = _pattern("^[A-Z]{3}$", "must be an ISO 4217 code in capitals, like USD")
CODES = _array(STRING)
AMOUNT = _pattern(r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
                  "must be a decimal amount with a point and at most two decimals, like 9200.50")
ORIGINAL_LANGUAGE = _enum(LOCALES, description="the language the text was first written in")


def _texts_in(text: dict, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": {lang: text for lang in LOCALES},
        "additionalProperties": False,
        "minProperties": 1,
    }


def _written(max_length: int) -> dict:
    """A text a person sends: some letters (not only spaces), at most `max_length` characters."""
    return _texts_in(_pattern(r"\S", "must not be blank", maxLength=max_length),
                     f"The text in one or more of {', '.join(LOCALES)}; the first one given is the original.")


SCHEMAS = {
    "Id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "Names": {
        "type": "object",
        "description": "A name per language.",
        "properties": {lang: STRING for lang in LOCALES},
        "required": list(LOCALES),
        "additionalProperties": False,
    },
    "Texts": _texts_in(STRING, "A text in each language it was written in (at least one)."),
    "Title": _written(TITLE_LENGTH),
    "Description": _written(DESCRIPTION_LENGTH),
    "ShortDescription": _written(SHORT_DESCRIPTION_LENGTH),
    "Problem": _object(
        {
            "type": STRING,
            "title": STRING,
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": STRING,
            "errors": _array(
                _object({"field": {"type": "string", "description": "a /-separated path in the body, or a query parameter"},
                         "message": STRING}),
                description="What does not fit, one entry per field (400 and 422).",
            ),
            "current_version": {"type": "integer", "description": "With a 409 for a stale version: the need's version now."},
        },
        optional=("detail", "errors", "current_version"),
        description="RFC 9457 problem details.",
    ),
    "Country": _object({
        "code": COUNTRY_CODE,
        "names": ref("Names"),
        "member_state": {"type": "boolean"},
        "special_circumstances": {"type": "boolean"},
    }),
    "Subsector": _object({"code": STRING, "names": ref("Names")}),
    "Sector": _object({"code": STRING, "names": ref("Names"), "subsectors": _array(ref("Subsector"))}),
    "Organization": _object({
        "id": INTEGER,
        "names": ref("Texts"),
        "original_language": ORIGINAL_LANGUAGE,
        "acronym": NULLABLE_STRING,
        "kind": _enum(OrganizationKind.ALL),
        "country": COUNTRY_CODE,
        "city": STRING,
        "website": NULLABLE_STRING,
        "fields": CODES,
        "verified_at": {"type": ["string", "null"], "format": "date-time"},
    }),
    "Need": _object({
        "id": INTEGER,
        "title": ref("Texts"),
        "description": ref("Texts"),
        "original_language": ORIGINAL_LANGUAGE,
        "organization": _object({"id": INTEGER, "names": ref("Texts")}),
        "country": COUNTRY_CODE,
        "area": NULLABLE_STRING,
        "subsectors": CODES,
        "beneficiary_groups": CODES,
        "beneficiary_count": {"type": "integer", "minimum": 1},
        "urgency": _enum(Urgency.ALL),
        "cost": _object(
            {"amount": STRING, "currency": CURRENCY_CODE, "usd": STRING},
            description="Decimal amounts as strings; usd is the equivalent at the rate in force when entered.",
        ),
        "start_date": DATE,
        "end_date": DATE,
        "status": _enum(NeedState.ALL, description="a published need past its end date is expired"),
        "version": {"type": "integer", "description": "Send it back with PATCH: a stale one is refused with 409."},
    }),
    "Priority": _object({
        "id": INTEGER,
        "organization_id": INTEGER,
        "country": COUNTRY_CODE,
        "title": ref("Texts"),
        "subsector": STRING,
        "rank": INTEGER,
        "period_start": INTEGER,
        "period_end": INTEGER,
        "state": _enum(PriorityState.ALL),
    }),
    "Match": _object({
        "id": INTEGER,
        "need_id": INTEGER,
        "project_id": INTEGER,
        "state": _enum(MatchState.ALL),
        "note": NULLABLE_STRING,
        "score": {"type": ["integer", "null"], "description": "the suggestion's score when proposed, if it was one"},
    }),
    "Project": _object({
        "id": INTEGER,
        "code": STRING,
        "title": ref("Texts"),
        "description": ref("Texts"),
        "directorate": _enum(Directorate.ALL),
        "subsectors": CODES,
        "countries": CODES,
        "beneficiary_groups": CODES,
        "budget_type": _enum(BudgetType.ALL),
        "start_date": DATE,
        "end_date": DATE,
        "status": _enum(ProjectState.ALL),
        "funding_usd": _object(
            {name: {"type": "string", "description": "a decimal amount in US dollars"}
             for name in ("budget", "paid", "committed", "pledged", "gap")},
            description="paid and committed pledges are secured; the gap is the budget less what is secured",
        ),
    }),
    "Reason": _object(
        {
            "factor": _enum(WEIGHTS),
            "points": INTEGER,
            "params": {"type": "object", "description": "codes the reason names (country, subsectors, fields, groups, urgency, covers)"},
        },
        description="One factor of a score.",
    ),
    "Edition": _object(
        {
            "id": INTEGER,
            "ordinal": INTEGER,
            "year": INTEGER,
            "title": ref("Texts"),
            "description": ref("Texts"),
            "city": ref("Texts"),
            "country": COUNTRY_CODE,
            "venue": ref("Texts"),
            "start_date": DATE,
            "end_date": DATE,
            "timezone": {"type": "string", "description": "IANA time zone of the venue"},
            "registration_opens": DATE,
            "registration_closes": DATE,
            "capacity": INTEGER,
            "seats_left": INTEGER,
            "interpretation_languages": CODES,
            "status": _enum(EditionState.PUBLIC),
        },
        description="A forum edition; dates are the venue's calendar days.",
    ),
    "Session": _object(
        {
            "id": INTEGER,
            "title": ref("Texts"),
            "description": {"oneOf": [ref("Texts"), {"type": "null"}]},
            "kind": _enum(SessionKind.ALL),
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "room": NULLABLE_STRING,
            "capacity": {"type": ["integer", "null"]},
            "speakers": _array(STRING),
            "languages": CODES,
        },
        description="A session of the programme; times carry the venue's UTC offset.",
    ),
    "Agreement": _object(
        {
            "id": INTEGER,
            "reference": STRING,
            "title": ref("Texts"),
            "original_language": ORIGINAL_LANGUAGE,
            "type": _enum(AgreementType.ALL),
            "state": _enum(AgreementState.ALL, description="visitors and members see signed agreements only"),
            "division": _enum(Division.ALL),
            "partners": _array(_object({"id": INTEGER, "names": ref("Texts"), "country": COUNTRY_CODE})),
            "parent_id": {"type": ["integer", "null"], "description": "for an amendment, the agreement it amends"},
            "isesco_signed_on": {"type": ["string", "null"], "format": "date"},
            "partner_signed_on": {"type": ["string", "null"], "format": "date"},
            "start_date": {"type": ["string", "null"], "format": "date"},
            "end_date": {"type": ["string", "null"], "format": "date", "description": "null: open-ended"},
            "automatic_renewal": {"type": "boolean"},
            "renewal_term_months": {"type": ["integer", "null"]},
            "notice_days": INTEGER,
            "review_date": {"type": ["string", "null"], "format": "date", "description": "the end date less the notice"},
            "expiring": {"type": "boolean", "description": "in force, with its review date within 90 days or past"},
            "concluded_on": {"type": ["string", "null"], "format": "date", "description": "the day it first came into force"},
            "ended_on": {"type": ["string", "null"], "format": "date"},
        },
        description="An agreement or memorandum between ISESCO and one or more partners.",
    ),
}

SCHEMAS["Pledge"] = _object(
    {
        "id": INTEGER,
        "project_id": INTEGER,
        "organization_id": INTEGER,
        "need_id": {"type": ["integer", "null"]},
        "amount": STRING,
        "currency": CURRENCY_CODE,
        "amount_usd": {"type": "string", "description": "the equivalent in US dollars at the rate in force when pledged"},
        "state": _enum(PledgeState.ALL),
        "note": NULLABLE_STRING,
        "created_at": {"type": "string", "format": "date-time"},
    },
    description="Money an organization offers to a project; decimal amounts as strings.",
)

SCHEMAS["ActionItem"] = _object(
    {
        "id": INTEGER,
        "reference": {"type": "string", "description": "like ACT-2027-012"},
        "description": ref("Texts"),
        "organization": {"oneOf": [_object({"id": INTEGER, "names": ref("Texts")}), {"type": "null"}],
                         "description": "the organization responsible, or null for an ISESCO directorate"},
        "directorate": {"oneOf": [_enum(Directorate.ALL), {"type": "null"}]},
        "person_in_charge": NULLABLE_STRING,
        "due_date": DATE,
        "priority": _enum(ActionItemPriority.ALL),
        "state": _enum(ActionItemState.ALL),
        "overdue": {"type": "boolean", "description": "open or in progress, and past its due date"},
        "division": _enum(Division.ALL),
        "meeting_id": {"type": ["integer", "null"]},
    },
    description="An action item decided at a meeting, or recorded on its own.",
)

SCHEMAS["Call"] = _object(
    {
        "id": INTEGER,
        "project": _object({"id": INTEGER, "code": STRING, "title": ref("Texts")}),
        "title": ref("Texts"),
        "description": ref("Texts"),
        "original_language": ORIGINAL_LANGUAGE,
        "eligible_kinds": _array(_enum(OrganizationKind.ALL), description="empty: every kind may apply"),
        "countries": CODES,
        "fields": CODES,
        "documents_requested": {"oneOf": [ref("Texts"), {"type": "null"}]},
        "deadline": {"type": "string", "format": "date-time",
                     "description": "the deadline on the clock of the call's time zone, with its UTC offset"},
        "timezone": {"type": "string", "description": "IANA time zone in which the deadline was set"},
        "open": {"type": "boolean", "description": "published and before its deadline: it takes applications"},
        "state": _enum(CallState.PUBLIC),
        "criteria": _array(_object({"title": ref("Texts"), "weight": {"type": "integer", "minimum": 1, "maximum": 100}}),
                           description=f"weights add up to 100; reviewers score each criterion from 0 to {MAX_SCORE}"),
    },
    description="A call for partners on an off-budget project.",
)

SCHEMAS["Application"] = _object(
    {
        "id": INTEGER,
        "call_id": INTEGER,
        "organization_id": INTEGER,
        "state": _enum(ApplicationState.ALL),
        "language": ORIGINAL_LANGUAGE,
        "budget": {"oneOf": [_object({"amount": STRING, "currency": CURRENCY_CODE, "usd": STRING}), {"type": "null"}],
                   "description": "decimal amounts as strings; usd is the equivalent at the rate in force when submitted"},
        "submitted_at": {"type": ["string", "null"], "format": "date-time"},
    },
    description="An organization's application to a call.",
)

_NEED_FIELDS = {
    "title": ref("Title"),
    "description": ref("Description"),
    "country": COUNTRY_CODE,
    "area": {"type": ["string", "null"], "maxLength": 200},
    "subsectors": _array(STRING, minItems=1, uniqueItems=True, description="codes from GET /sectors"),
    "beneficiary_groups": _array(STRING, minItems=1, uniqueItems=True),
    "beneficiary_count": {"type": "integer", "minimum": 1, "maximum": 100_000_000},
    "urgency": _enum(Urgency.ALL),
    "cost": {
        "type": "object",
        "properties": {"amount": AMOUNT, "currency": CURRENCY_CODE},
        "required": ["amount", "currency"],
        "additionalProperties": False,
    },
    "start_date": DATE,
    "end_date": DATE,
}

NEED_INPUT = {
    "type": "object",
    "description": "A new need, saved as a draft of the organization.",
    "properties": {"organization_id": ref("Id"), **_NEED_FIELDS},
    "required": ["organization_id", "title", "description", "country", "subsectors", "beneficiary_groups",
                 "beneficiary_count", "urgency", "cost", "start_date", "end_date"],
    "additionalProperties": False,
    "examples": [{
        "organization_id": 12,
        "title": {"ar": "مكتبة مدرسية", "en": "A school library"},
        "description": {"en": "Books and shelves for 600 pupils."},
        "country": "SO",
        "area": "Kismayo",
        "subsectors": ["manuscripts_libraries"],
        "beneficiary_groups": ["children"],
        "beneficiary_count": 600,
        "urgency": "medium",
        "cost": {"amount": "9200.50", "currency": "MAD"},
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
    }],
}

NEED_PATCH = {
    "type": "object",
    "description": "The fields to change, and the version they were read at.",
    "properties": {"version": {"type": "integer"}, **_NEED_FIELDS},
    "required": ["version"],
    "additionalProperties": False,
    "examples": [{"version": 2, "urgency": "high", "beneficiary_count": 650}],
}

PRIORITY_INPUT = {
    "type": "object",
    "properties": {
        "organization_id": {**ref("Id"), "description": "a verified endowment ministry or national commission"},
        "title": ref("Title"),
        "description": ref("ShortDescription"),
        "subsector": STRING,
        "rank": {"type": "integer", "minimum": 1, "maximum": 99},
        "period_start": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "period_end": {"type": "integer", "minimum": 2000, "maximum": 2100},
    },
    "required": ["organization_id", "title", "subsector", "rank", "period_start", "period_end"],
    "additionalProperties": False,
    "examples": [{"organization_id": 3, "title": {"ar": "محو الأمية", "en": "Literacy"}, "subsector": "literacy_non_formal",
                  "rank": 1, "period_start": 2026, "period_end": 2028}],
}

MATCH_INPUT = {
    "type": "object",
    "description": "Propose a match between a published need and a project that is neither completed nor cancelled.",
    "properties": {
        "need_id": ref("Id"),
        "project_id": ref("Id"),
        "note": {"type": "string", "maxLength": 2000, "description": "for the need's organization"},
    },
    "required": ["need_id", "project_id"],
    "additionalProperties": False,
    "examples": [{"need_id": 40, "project_id": 7, "note": "The project equips school libraries in Somalia this year."}],
}

PLEDGE_INPUT = {
    "type": "object",
    "description": "Pledge funds to a project that is neither completed nor cancelled, in the name of a verified "
                   "organization you edit or own.",
    "properties": {
        "project_id": ref("Id"),
        "organization_id": ref("Id"),
        "amount": AMOUNT,
        "currency": CURRENCY_CODE,
        "need_id": {**ref("Id"), "description": "one of the organization's public needs the pledge is for"},
        "note": {"type": "string", "maxLength": 2000},
    },
    "required": ["project_id", "organization_id", "amount", "currency"],
    "additionalProperties": False,
    "examples": [{"project_id": 7, "organization_id": 12, "amount": "25000.00", "currency": "USD",
                  "note": "For the libraries in Kismayo."}],
}

APPLICATION_INPUT = {
    "type": "object",
    "description": "Apply to a published call before its deadline, in the name of a verified organization you edit or own.",
    "properties": {
        "organization_id": ref("Id"),
        "concept_note": _pattern(r"\S", "must not be blank", maxLength=20000),
        "language": _enum(LOCALES, description="the language of the concept note"),
        "budget": {
            "type": "object",
            "properties": {"amount": AMOUNT, "currency": CURRENCY_CODE},
            "required": ["amount", "currency"],
            "additionalProperties": False,
        },
    },
    "required": ["organization_id", "concept_note", "language"],
    "additionalProperties": False,
    "examples": [{"organization_id": 12, "concept_note": "We run 40 schools in the region and propose to...",
                  "language": "en", "budget": {"amount": "85000", "currency": "USD"}}],
}

ACTION_ITEM_PATCH = {
    "type": "object",
    "description": "Progress on an action item of your organization: a new state, a comment, or both.",
    "properties": {
        "state": _enum((ActionItemState.IN_PROGRESS, ActionItemState.COMPLETED)),
        "comment": _pattern(r"\S", "must not be blank", maxLength=5000),
    },
    "minProperties": 1,
    "additionalProperties": False,
    "examples": [{"state": "completed", "comment": "The training took place on 12 May; the report is attached to the project."}],
}

SCHEMAS.update({
    "ActionItemPatch": ACTION_ITEM_PATCH,
    "NeedInput": NEED_INPUT,
    "NeedPatch": NEED_PATCH,
    "PriorityInput": PRIORITY_INPUT,
    "MatchInput": MATCH_INPUT,
    "PledgeInput": PLEDGE_INPUT,
    "ApplicationInput": APPLICATION_INPUT,
    **{f"{name}Page": _object({
        "items": _array(ref(name)),
        "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "total": {"type": "integer", "minimum": 0},
    }) for name in ("Need", "Project", "Organization", "ActionItem", "Agreement")},
    **{f"{name}List": _object({"items": _array(ref(name))}) for name in ("Country", "Sector", "Edition", "Session", "Call")},
})


def _suggestions_of(subject: str, properties: dict) -> dict:
    return _object({"items": _array(_object({
        subject: _object(properties),
        "score": {"type": "integer", "minimum": 0, "maximum": 100, "description": "the sum of the reasons' points"},
        "reasons": _array(ref("Reason")),
    }))})


# The errors an operation can answer, each an application/problem+json response component.
PROBLEMS = {
    "400": ("BadRequest", "The query or the body cannot be taken: not JSON, or a parameter out of its range (see errors)."),
    "401": ("Unauthorized", "No valid personal API token was sent."),
    "403": ("Forbidden", "The token's user may not do this."),
    "404": ("NotFound", "Nothing you may see has this id."),
    "409": ("Conflict", "The change conflicts with the present state."),
    "422": ("UnprocessableContent", "The body does not fit the schema, or names nothing the portal knows (see errors)."),
}


def _problem_response(status: str) -> dict:
    name, description = PROBLEMS[status]
    response = {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": ref("Problem")}}}
    if status == "401":
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "description": 'Bearer realm="portal"'}}
    return response


def _json(description: str, schema: dict, **extra) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}, **extra}


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ref("Id")}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema or STRING}


SEARCH = _query("q", "words to look for, in any language and spelling", {"type": "string", "maxLength": 200})
COUNTRY_FILTER = _pattern("^[A-Za-z]{2}$", "must be an ISO 3166-1 alpha-2 code, like SO")
PAGE_PARAMETERS = [
    _query("page", "the page to read", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    _query("per_page", "how many items a page holds", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}),
]


def _operation(operation_id: str, summary: str, answers: dict, *, parameters: list | None = None, body: str | None = None,
               token: bool = False, token_optional: bool = False, refusals: tuple[str, ...] = ()) -> dict:
    """An operation with the errors its parts imply: a query can be refused (400), an id can name
    nothing (404), a body can be unreadable (400) or not fit (422), a token can be missing (401)."""
    parameters = parameters or []
    problems = set(refusals)
    if any(parameter["in"] == "query" for parameter in parameters):
        problems.add("400")
    if any(parameter["in"] == "path" for parameter in parameters):
        problems.add("404")
    if body:
        problems |= {"400", "422"}
    if token or token_optional:
        problems.add("401")
    operation = {"operationId": operation_id, "summary": summary,
                 "responses": {**answers, **{status: {"$ref": f"#/components/responses/{PROBLEMS[status][0]}"} for status in sorted(problems)}}}
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    if token:
        operation["security"] = [{"token": []}]
    if token_optional:
        operation["security"] = [{}, {"token": []}]
    return operation


def _ok(description: str, schema: str) -> dict:
    return {"200": _json(description, ref(schema))}


PATHS = {
    "/openapi.json": {"get": _operation("getOpenApiDocument", "This document", {"200": _json("The OpenAPI 3.1 document", {"type": "object"})})},
    "/countries": {"get": _operation("listCountries", "Every country with its names in Arabic, English and French and its flags",
                                     _ok("The countries, by code", "CountryList"))},
    "/sectors": {"get": _operation("listSectors", "The fields of competence and their subsectors", _ok("The taxonomy, in order", "SectorList"))},
    "/needs": {
        "get": _operation(
            "listNeeds", "Published, matched, in-progress and fulfilled needs, with the board's filters (an empty value filters nothing)",
            _ok("A page of needs", "NeedPage"),
            parameters=[
                SEARCH,
                _query("country", "ISO country code", COUNTRY_FILTER),
                _query("special", "only needs in countries in special circumstances", _enum(["1"])),
                _query("sector", "field of competence code"),
                _query("subsector", "subsector code"),
                _query("group", "beneficiary group code"),
                _query("organization", "the organization's id", ref("Id")),
                _query("urgency", "how urgent", _enum(Urgency.ALL)),
                _query("status", "the need's state", _enum(NeedState.PUBLIC)),
                _query("sort", "most urgent first (default), newest first or dearest first", _enum(SORTS)),
                *PAGE_PARAMETERS,
            ],
        ),
        "post": _operation("createNeed", "Post a need as a draft of one of your organizations",
                           {"201": _json("The need, as saved", ref("Need"), headers={
                               "Location": {"schema": {"type": "string"}, "description": "the need's address in the API"}})},
                           body="NeedInput", token=True, refusals=("403",)),
    },
    "/needs/{need_id}": {
        "get": _operation("getNeed", "One public need", _ok("The need", "Need"), parameters=[_path_id("need_id")]),
        "patch": _operation("updateNeed", "Change a draft or returned need of one of your organizations",
                            _ok("The need, as saved", "Need"), parameters=[_path_id("need_id")], body="NeedPatch", token=True,
                            refusals=("403", "409")),
    },
    "/needs/{need_id}/suggestions": {"get": _operation(
        "getNeedSuggestions", "Projects suggested for a published need, best first (officers and the need's organization)",
        {"200": _json("Ranked projects", _suggestions_of("project", {"id": INTEGER, "code": STRING, "title": ref("Texts")}))},
        parameters=[_path_id("need_id")], token=True, refusals=("403",),
    )},
    "/projects": {"get": _operation(
        "listProjects", "ISESCO's projects with their funding, with the catalogue's filters (an empty value filters nothing)",
        _ok("A page of projects", "ProjectPage"),
        parameters=[
            SEARCH,
            _query("directorate", "the ISESCO directorate in charge", _enum(Directorate.ALL)),
            _query("country", "target country (ISO code)", COUNTRY_FILTER),
            _query("field", "field of competence code"),
            _query("subsector", "subsector code"),
            _query("state", "the project's state", _enum(ProjectState.ALL)),
            _query("budget_type", "regular budget or off-budget", _enum(BudgetType.ALL)),
            *PAGE_PARAMETERS,
        ],
    )},
    "/projects/{project_id}": {"get": _operation("getProject", "One project and its funding", _ok("The project", "Project"),
                                                 parameters=[_path_id("project_id")])},
    "/projects/{project_id}/suggestions": {"get": _operation(
        "getProjectSuggestions",
        "Published needs this project could answer, best first: all for officers, your organizations' needs for anyone else",
        {"200": _json("Ranked needs", _suggestions_of(
            "need", {"id": INTEGER, "title": ref("Texts"), "country": COUNTRY_CODE, "urgency": _enum(Urgency.ALL)}))},
        parameters=[_path_id("project_id")], token=True,
    )},
    "/matches": {"post": _operation(
        "createMatch", "Propose a match (ISESCO officers): 409 if this need and project are already matched",
        {"201": _json("The match, proposed", ref("Match"))}, body="MatchInput", token=True, refusals=("403", "409"),
    )},
    "/pledges": {"post": _operation(
        "createPledge",
        "Pledge funds to a project in the name of your organization (editors and owners): 403 also while the "
        "organization's pledges are suspended, 409 if the project is completed or cancelled",
        {"201": _json("The pledge, recorded", ref("Pledge"))}, body="PledgeInput", token=True, refusals=("403", "404", "409"),
    )},
    "/priorities": {"post": _operation(
        "createPriority", "Post a priority of your endowment ministry's or national commission's country",
        {"201": _json("The priority", ref("Priority"))}, body="PriorityInput", token=True, refusals=("403",),
    )},
    "/organizations": {"get": _operation(
        "listOrganizations", "Verified organizations, with the directory's filters (an empty value filters nothing)",
        _ok("A page of organizations", "OrganizationPage"),
        parameters=[
            SEARCH,
            _query("kind", "kind of organization", _enum(OrganizationKind.ALL)),
            _query("country", "country of headquarters (ISO code)", COUNTRY_FILTER),
            _query("field", "field of competence code"),
            _query("operates_in", "country of operation (ISO code)", COUNTRY_FILTER),
            *PAGE_PARAMETERS,
        ],
    )},
    "/organizations/{organization_id}": {"get": _operation(
        "getOrganization", "One verified organization", _ok("The organization", "Organization"), parameters=[_path_id("organization_id")],
    )},
    "/action-items": {"get": _operation(
        "listActionItems", "The action items of your organizations (officers: all), the next due first",
        _ok("A page of action items", "ActionItemPage"),
        parameters=[
            _query("state", "the item's state", _enum(ActionItemState.ALL)),
            _query("overdue", "only items open or in progress past their due date", _enum(["1"])),
            *PAGE_PARAMETERS,
        ],
        token=True,
    )},
    "/action-items/{item_id}": {"patch": _operation(
        "updateActionItem",
        "Report progress on an action item of your organization (editors and owners; officers): "
        "409 if the state cannot follow the present one",
        _ok("The action item, as saved", "ActionItem"), parameters=[_path_id("item_id")], body="ActionItemPatch",
        token=True, refusals=("403", "409"),
    )},
    "/agreements": {"get": _operation(
        "listAgreements",
        "Signed agreements (every agreement for an officer's token), with the registry's filters (an empty value filters nothing)",
        _ok("A page of agreements", "AgreementPage"),
        parameters=[
            _query("partner", "a partner organization's id", ref("Id")),
            _query("type", "the kind of agreement", _enum(AgreementType.ALL)),
            _query("state", "the agreement's state", _enum(AgreementState.ALL)),
            _query("division", "the Directorate's division", _enum(Division.ALL)),
            _query("expiring", "only agreements in force within 90 days of their review date", _enum(["1"])),
            _query("sort", "review date (default), reference or newest first", _enum(AGREEMENT_SORTS)),
            *PAGE_PARAMETERS,
        ],
        token_optional=True,
    )},
    "/agreements/{agreement_id}": {"get": _operation(
        "getAgreement", "One agreement: a signed one, or any for an officer's token", _ok("The agreement", "Agreement"),
        parameters=[_path_id("agreement_id")], token_optional=True,
    )},
    "/calls": {"get": _operation("listCalls", "Calls for partners that are open, closed or completed, latest deadline first",
                                 _ok("The calls", "CallList"))},
    "/calls/{call_id}": {"get": _operation("getCall", "One call for partners", _ok("The call", "Call"),
                                           parameters=[_path_id("call_id")])},
    "/calls/{call_id}/applications": {"post": _operation(
        "createApplication",
        "Submit your organization's application to a call: 403 if your token may not apply for it (or its "
        "applications are suspended), 409 if it has already applied, 422 after the deadline",
        {"201": _json("The application, submitted", ref("Application"))}, parameters=[_path_id("call_id")],
        body="ApplicationInput", token=True, refusals=("403", "409"),
    )},
    "/forum/editions": {"get": _operation("listForumEditions", "The forum's editions, newest first (drafts are not published)",
                                          _ok("The editions", "EditionList"))},
    "/forum/editions/{edition_id}/sessions": {"get": _operation(
        "listForumSessions", "The programme of an edition, in order", _ok("The sessions", "SessionList"),
        parameters=[_path_id("edition_id")],
    )},
}


@cache
def openapi_document() -> dict:
    """The document (one shared copy: read it, do not change it)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ISESCO cooperation portal API",
            "version": "1",
            "description": "Read the portal's public data; write with a personal API token. Errors are "
            "application/problem+json (RFC 9457). Texts may not contain NUL characters (U+0000).",
        },
        "servers": [{"url": PREFIX}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "A personal API token, created on your account page."}},
            "responses": {name: _problem_response(status) for status, (name, _description) in PROBLEMS.items()},
        },
    }


def openapi_path(rule: str) -> str:
    """The document's path for a Flask rule: /api/v1/needs/<id:need_id> is /needs/{need_id}."""
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.removeprefix(PREFIX))
