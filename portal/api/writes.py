"""The API's writes, with a personal token: POST/PATCH /needs, POST /priorities, POST /matches,
POST /pledges, PATCH /action-items, POST /calls/<id>/applications.

Bodies are checked against the schemas of the OpenAPI document (portal.api.inputs: 400 for a
body that is not JSON, 422 for one that does not fit); nothing changes unless everything is right.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import wraps

from flask import g, request, url_for
from flask_babel import force_locale
from flask_login import AnonymousUserMixin

from portal.accounts.tokens import user_for_token
from portal.api.inputs import json_body
from portal.api.openapi import (
    ACTION_ITEM_PATCH, APPLICATION_INPUT, MATCH_INPUT, NEED_INPUT, NEED_PATCH, PLEDGE_INPUT, PRIORITY_INPUT,
)
from portal.calls import services as calls_services
from portal.calls.models import Call
from portal.core.money import Money
from portal.core.problems import problem
from portal.core.rules import ChangedMeanwhile, Refused
from portal.core.translated import TranslatedText
from portal.duediligence.services import RED_FLAG_REFUSAL
from portal.extensions import db
from portal.meetings import services as meetings_services
from portal.meetings.models import ActionItem
from portal.needs import priorities, services
from portal.needs.models import Need
from portal.organizations.models import Organization
from portal.projects import services as projects_services
from portal.projects.models import Project
from portal.reference.models import ExchangeRate, Subsector


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        user = user_for_token(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None
        if user is None:
            response = problem(401, "Send a valid personal API token: Authorization: Bearer <token>.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="portal"'
            return response
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped


def token_optional(view):
    """Public reads that show more to a token's user (officers see every agreement): without a
    token the caller is a visitor; a token that is sent must be valid."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            g.api_user = AnonymousUserMixin()
            return view(*args, **kwargs)
        return token_required(view)(*args, **kwargs)

    return wrapped


def _texts(value: dict) -> TranslatedText:
    return TranslatedText.build(value, original=next(iter(value)))


def _need_data(body: dict, base: Need | None = None) -> services.NeedData:
    def pick(key, current):
        return body[key] if key in body else current

    cost = body.get("cost") or {}
    return services.NeedData(
        title=_texts(body["title"]) if "title" in body else base.title,
        description=_texts(body["description"]) if "description" in body else base.description,
        country_code=pick("country", base.country_code if base else None),
        area=pick("area", base.area if base else None),
        subsector_codes=pick("subsectors", [sub.code for sub in base.subsectors] if base else []),
        group_codes=pick("beneficiary_groups", [group.code for group in base.beneficiary_groups] if base else []),
        beneficiary_count=pick("beneficiary_count", base.beneficiary_count if base else None),
        urgency=pick("urgency", base.urgency if base else None),
        cost_amount=Decimal(cost["amount"]) if "amount" in cost else base.cost_amount,
        cost_currency=cost.get("currency") or base.cost_currency,
        start_date=date.fromisoformat(body["start_date"]) if "start_date" in body else base.start_date,
        end_date=date.fromisoformat(body["end_date"]) if "end_date" in body else base.end_date,
    )


def _reference_problem(data: services.NeedData):
    problems = services.reference_problems(data)
    if problems:
        return problem(422, "Some values name nothing the portal knows.",
                       errors=[{"field": field, "message": message} for field, message in problems.items()])
    return None


def create_need(serialize):
    body = json_body(NEED_INPUT)
    organization = db.session.get(Organization, body["organization_id"])
    if organization is None or organization not in services.posting_organizations(g.api_user):
        return problem(403, "Your token may not post needs for this organization.")
    data = _need_data(body)
    refused = _reference_problem(data)
    if refused:
        return refused
    need = services.create_need(organization, g.api_user, data, [])
    response = serialize(need)
    response.status_code = 201
    response.headers["Location"] = url_for("api.need", need_id=need.id)
    return response


def update_need(need_id: int, serialize):
    need = db.session.get(Need, need_id)
    if need is None or not services.can_see(g.api_user, need):
        return problem(404, "No need you may see has this id.")
    if not services.can_edit(g.api_user, need):
        return problem(403, "Your token may not edit this need.")
    body = json_body(NEED_PATCH)
    data = _need_data(body, base=need)
    refused = _reference_problem(data)
    if refused:
        return refused
    try:
        need = services.update_need(need.id, g.api_user, data, body["version"], [])
    except ChangedMeanwhile as conflict:
        return problem(409, "The need was changed since that version: fetch it again and apply your change to it.",
                       current_version=conflict.current.version)
    except services.Refused:
        return problem(409, "The need can no longer be edited in its present state.")
    return serialize(need)


def create_priority(serialize):
    body = json_body(PRIORITY_INPUT)
    organization = db.session.get(Organization, body["organization_id"])
    if organization is None or organization not in priorities.priority_organizations(g.api_user):
        return problem(403, "Your token may not post priorities for this organization.")
    data = priorities.PriorityData(
        title=_texts(body["title"]),
        description=_texts(body["description"]) if body.get("description") else None,
        subsector_code=body["subsector"],
        rank=body["rank"],
        period_start=body["period_start"],
        period_end=body["period_end"],
    )
    if db.session.get(Subsector, data.subsector_code) is None:
        return problem(422, "Some values name nothing the portal knows.", errors=[{"field": "subsector", "message": "unknown subsector code"}])
    if data.period_end < data.period_start:
        return problem(422, "The period ends before it starts.", errors=[{"field": "period_end", "message": "before period_start"}])
    priority = priorities.create_priority(organization, g.api_user, data)
    response = serialize(priority)
    response.status_code = 201
    return response


def create_match(serialize):
    if not g.api_user.is_officer:
        return problem(403, "Only ISESCO officers propose matches.")
    body = json_body(MATCH_INPUT)
    try:
        match = projects_services.propose_match(body["need_id"], body["project_id"], g.api_user, body.get("note"))
    except projects_services.Refused as refusal:
        already = projects_services.match_exists(body["need_id"], body["project_id"])
        with force_locale("en"):
            return problem(409 if already else 422, str(refusal.message))
    response = serialize(match)
    response.status_code = 201
    return response


def create_pledge(serialize):
    body = json_body(PLEDGE_INPUT)
    organization = db.session.get(Organization, body["organization_id"])
    if organization is None or organization not in projects_services.pledging_organizations(g.api_user):
        return problem(403, "Your token may not pledge in the name of this organization.")
    if db.session.get(Project, body["project_id"]) is None:
        return problem(404, "No project has this id.")
    errors = []
    if Decimal(body["amount"]) <= 0:
        errors.append({"field": "amount", "message": "must be greater than zero"})
    if db.session.scalar(db.select(ExchangeRate.id).where(ExchangeRate.currency_code == body["currency"]).limit(1)) is None:
        errors.append({"field": "currency", "message": "no exchange rate for this currency"})
    need_id = body.get("need_id")
    if need_id is not None and need_id not in {need for need, _title in projects_services.needs_of_organizations([organization])}:
        errors.append({"field": "need_id", "message": "not a public need of this organization"})
    if errors:
        return problem(422, "Some values name nothing the portal knows.", errors=errors)
    try:
        pledge = projects_services.make_pledge(organization, g.api_user, body["project_id"],
                                               Money(Decimal(body["amount"]), body["currency"]),
                                               need_id=need_id, note=body.get("note"))
    except Refused as refusal:
        # A red flag suspends the organization's pledges: the caller may not, for now.
        with force_locale("en"):
            return problem(403 if refusal.message is RED_FLAG_REFUSAL else 409, str(refusal.message))
    response = serialize(pledge)
    response.status_code = 201
    return response


def report_action_item(item_id: int, serialize):
    item = db.session.get(ActionItem, item_id)
    if item is None or not meetings_services.may_see_action_item(g.api_user, item):
        return problem(404, "No action item you may see has this id.")
    if not meetings_services.may_report_on(g.api_user, item):
        return problem(403, "Your token may only read this action item: its organization's editors and owners report.")
    body = json_body(ACTION_ITEM_PATCH)
    change = meetings_services.PROGRESS_TRANSITIONS[body["state"]] if "state" in body else meetings_services.comment_on
    try:
        item = change(item.id, g.api_user, body.get("comment", ""))
    except Refused as refusal:
        with force_locale("en"):
            return problem(409, str(refusal.message))
    return serialize(item)


def create_application(call_id: int, serialize):
    call = db.session.get(Call, call_id)
    if call is None or not calls_services.may_see(g.api_user, call):
        return problem(404, "No call you may see has this id.")
    body = json_body(APPLICATION_INPUT)
    budget = body.get("budget")
    data = calls_services.ApplicationData(
        body["concept_note"], body["language"],
        Money(Decimal(budget["amount"]), budget["currency"]) if budget else None)
    try:
        application = calls_services.save_application(
            call.id, db.session.get(Organization, body["organization_id"]), g.api_user, data, [], submit=True)
    except Refused as refusal:
        with force_locale("en"):
            return problem(_application_refusal_status(refusal.message), str(refusal.message))
    response = serialize(application)
    response.status_code = 201
    return response


def _application_refusal_status(message) -> int:
    """Who may not apply (403), who applied already (409), or what is wrong with the application (422)."""
    if any(message is refusal for refusal in (calls_services.NOT_AN_EDITOR, RED_FLAG_REFUSAL,
                                             calls_services.NOT_ELIGIBLE)):
        return 403
    return 409 if message is calls_services.ALREADY_APPLIED else 422
