"""The JSON API under /api/v1 (docs/api.md). Errors are problem+json (see core.errors)."""
from datetime import date

from flask import Blueprint, g, jsonify, request
from flask_login import AnonymousUserMixin

from portal.agreements import services as agreements_services
from portal.agreements.models import Agreement
from portal.api import writes
from portal.api.inputs import InputProblem, check_query
from portal.api.openapi import PREFIX, openapi_document
from portal.calls import services as calls_services
from portal.calls.models import Application, Call
from portal.core.problems import problem
from portal.core.time import to_zone
from portal.extensions import db
from portal.forum import services as forum_services
from portal.forum.models import Edition, EditionState
from portal.meetings import services as meetings_services
from portal.meetings.models import ActionItem
from portal.needs import services as needs_services
from portal.needs.models import Need, NeedState
from portal.organizations.models import Organization, OrganizationState
from portal.organizations.services import DirectoryFilters, directory
from portal.projects import services as projects_services
from portal.projects.models import Project
from portal.reference.models import Country
from portal.reference.services import sectors_with_subsectors

bp = Blueprint("api", __name__, url_prefix=PREFIX)


bp.before_request(check_query)


@bp.errorhandler(InputProblem)
def input_problem(error: InputProblem):
    return error.response


def _names(value) -> dict:
    return dict(value.texts)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/countries")
def countries():
    rows = db.session.scalars(db.select(Country).order_by(Country.code)).all()
    return jsonify(
        items=[
            {
                "code": country.code,
                "names": _names(country.names),
                "member_state": country.member_state,
                "special_circumstances": country.special_circumstances,
            }
            for country in rows
        ]
    )


@bp.get("/sectors")
def sectors():
    return jsonify(
        items=[
            {
                "code": field.code,
                "names": _names(field.names),
                "subsectors": [{"code": sub.code, "names": _names(sub.names)} for sub in field.subsectors],
            }
            for field in sectors_with_subsectors()
        ]
    )


def _organization(organization: Organization) -> dict:
    return {
        "id": organization.id,
        "names": dict(organization.names.texts),
        "original_language": organization.names.original,
        "acronym": organization.acronym,
        "kind": organization.kind,
        "country": organization.country_code,
        "city": organization.city,
        "website": organization.website,
        "fields": [field.code for field in organization.fields],
        "verified_at": organization.verified_at.isoformat() + "Z" if organization.verified_at else None,
    }


@bp.get("/organizations")
def organizations():
    page_number, per_page = _page_arguments()
    page = directory(DirectoryFilters.from_args(request.args), page=page_number, per_page=per_page)
    return jsonify(
        items=[_organization(organization) for organization in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
    )


@bp.get("/organizations/<int:organization_id>")
def organization(organization_id: int):
    found = db.session.get(Organization, organization_id)
    if found is None or found.state != OrganizationState.VERIFIED:
        return problem(404, "No verified organization has this id.")
    return jsonify(_organization(found))


def _need(need: Need) -> dict:
    return {
        "id": need.id,
        "title": dict(need.title.texts),
        "description": dict(need.description.texts),
        "original_language": need.title.original,
        "organization": {"id": need.organization_id, "names": dict(need.organization.names.texts)},
        "country": need.country_code,
        "area": need.area,
        "subsectors": [sub.code for sub in need.subsectors],
        "beneficiary_groups": [group.code for group in need.beneficiary_groups],
        "beneficiary_count": need.beneficiary_count,
        "urgency": need.urgency,
        "cost": {"amount": str(need.cost_amount), "currency": need.cost_currency, "usd": str(need.cost_usd)},
        "start_date": need.start_date.isoformat(),
        "end_date": need.end_date.isoformat(),
        "status": need.shown_state(date.today()),
        "version": need.version,
    }


def _page_arguments() -> tuple[int, int]:
    """The page and its size, checked by check_query against the document's bounds."""
    return request.args.get("page", 1, type=int), request.args.get("per_page", 20, type=int)


def _need_response(need: Need):
    return jsonify(_need(need))


@bp.post("/needs")
@writes.token_required
def create_need():
    return writes.create_need(_need_response)


@bp.patch("/needs/<int:need_id>")
@writes.token_required
def update_need(need_id: int):
    return writes.update_need(need_id, _need_response)


@bp.post("/priorities")
@writes.token_required
def create_priority():
    return writes.create_priority(
        lambda priority: jsonify(
            id=priority.id, organization_id=priority.organization_id, country=priority.country_code,
            title=dict(priority.title.texts), subsector=priority.subsector_code, rank=priority.rank,
            period_start=priority.period_start, period_end=priority.period_end, state=priority.state,
        )
    )


@bp.get("/needs")
def needs():
    args = request.args.to_dict()
    # The API's names of the board's filters: `sector` is a field, `status` a state (docs/api.md).
    args.setdefault("field", args.pop("sector", ""))
    args.setdefault("state", args.pop("status", ""))
    page_number, per_page = _page_arguments()
    page = needs_services.board_records(needs_services.BoardFilters.from_args(args), page=page_number, per_page=per_page)
    return jsonify(items=[_need(need) for need in page.items], page=page.page, per_page=page.per_page, total=page.total)


@bp.get("/needs/<int:need_id>")
def need(need_id: int):
    found = db.session.get(Need, need_id)
    if found is None or found.shown_state(date.today()) not in NeedState.PUBLIC:
        return problem(404, "No published need has this id.")
    return jsonify(_need(found))


def _project(project: Project, funding: projects_services.Funding) -> dict:
    return {
        "id": project.id,
        "code": project.code,
        "title": dict(project.title.texts),
        "description": dict(project.description.texts),
        "directorate": project.directorate,
        "subsectors": [sub.code for sub in project.subsectors],
        "countries": sorted(country.code for country in project.countries),
        "beneficiary_groups": [group.code for group in project.beneficiary_groups],
        "budget_type": project.budget_type,
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "status": project.state,
        "funding_usd": {
            "budget": str(funding.budget), "paid": str(funding.paid), "committed": str(funding.committed),
            "pledged": str(funding.pledged), "gap": str(funding.gap),
        },
    }


@bp.get("/projects")
def projects():
    page_number, per_page = _page_arguments()
    page = projects_services.catalogue(
        projects_services.ProjectFilters.from_args(request.args), page_number, per_page,
        shown=(Project.countries, Project.subsectors, Project.beneficiary_groups),
    )
    funding = projects_services.funding_of(page.items)
    return jsonify(items=[_project(project, funding[project.id]) for project in page.items],
                   page=page.page, per_page=page.per_page, total=page.total)


@bp.get("/projects/<int:project_id>")
def project(project_id: int):
    found = db.session.get(Project, project_id)
    if found is None:
        return problem(404, "No project has this id.")
    return jsonify(_project(found, projects_services.funding_of([found])[found.id]))


SUGGESTIONS_LIMIT = 10


@bp.get("/needs/<int:need_id>/suggestions")
@writes.token_required
def need_suggestions(need_id: int):
    found = db.session.get(Need, need_id)
    if found is None or not needs_services.can_see(g.api_user, found):
        return problem(404, "No need you may see has this id.")
    if not projects_services.may_see_suggestions(g.api_user, found):
        return problem(403, "Suggestions are for ISESCO officers and the need's organization.")
    suggestions = projects_services.suggestions_for_need(found.id, limit=SUGGESTIONS_LIMIT)
    return jsonify(items=[
        {"project": {"id": item.project_id, "code": item.code, "title": dict(item.title.texts)},
         "score": item.score, "reasons": item.reasons}
        for item in suggestions
    ])


@bp.get("/projects/<int:project_id>/suggestions")
@writes.token_required
def project_suggestions(project_id: int):
    if db.session.get(Project, project_id) is None:
        return problem(404, "No project has this id.")
    suggestions = projects_services.suggestions_for_project(project_id, g.api_user, limit=SUGGESTIONS_LIMIT)
    return jsonify(items=[
        {"need": {"id": item.need.id, "title": dict(item.need.title.texts), "country": item.need.country_code,
                  "urgency": item.need.urgency},
         "score": item.score, "reasons": item.reasons}
        for item in suggestions
    ])


@bp.post("/matches")
@writes.token_required
def create_match():
    return writes.create_match(lambda match: jsonify(
        id=match.id, need_id=match.need_id, project_id=match.project_id, state=match.state, note=match.note,
        score=match.score,
    ))


@bp.post("/pledges")
@writes.token_required
def create_pledge():
    return writes.create_pledge(lambda pledge: jsonify(
        id=pledge.id, project_id=pledge.project_id, organization_id=pledge.organization_id, need_id=pledge.need_id,
        amount=str(pledge.amount), currency=pledge.currency, amount_usd=str(pledge.amount_usd), state=pledge.state,
        note=pledge.note, created_at=pledge.created_at.isoformat() + "Z",
    ))


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _agreement(agreement: Agreement, today: date) -> dict:
    return {
        "id": agreement.id, "reference": agreement.reference, "title": _names(agreement.title),
        "original_language": agreement.title.original, "type": agreement.type, "state": agreement.state,
        "division": agreement.division,
        "partners": [{"id": partner.id, "names": _names(partner.names), "country": partner.country_code}
                     for partner in agreement.partners],
        "parent_id": agreement.parent_id,
        "isesco_signed_on": _day(agreement.isesco_signed_on), "partner_signed_on": _day(agreement.partner_signed_on),
        "start_date": _day(agreement.start_date), "end_date": _day(agreement.end_date),
        "automatic_renewal": agreement.automatic_renewal, "renewal_term_months": agreement.renewal_term_months,
        "notice_days": agreement.notice_days, "review_date": _day(agreement.review_date),
        "expiring": agreement.is_expiring(today),
        "concluded_on": _day(agreement.concluded_on), "ended_on": _day(agreement.ended_on),
    }


@bp.get("/agreements")
@writes.token_optional
def agreements():
    page_number, per_page = _page_arguments()
    today = agreements_services.today()
    page = agreements_services.agreements_page(agreements_services.AgreementFilters.from_args(request.args),
                                               g.api_user, page_number, per_page, on=today)
    return jsonify(items=[_agreement(agreement, today) for agreement in page.items],
                   page=page.page, per_page=page.per_page, total=page.total)


@bp.get("/agreements/<int:agreement_id>")
@writes.token_optional
def agreement(agreement_id: int):
    found = db.session.get(Agreement, agreement_id)
    if found is None or not agreements_services.may_see(g.api_user, found):
        return problem(404, "No agreement you may see has this id.")
    return jsonify(_agreement(found, agreements_services.today()))


def _call(call: Call) -> dict:
    return {
        "id": call.id,
        "project": {"id": call.project.id, "code": call.project.code, "title": _names(call.project.title)},
        "title": _names(call.title), "description": _names(call.description), "original_language": call.title.original,
        "eligible_kinds": list(call.eligible_kinds), "countries": [country.code for country in call.countries],
        "fields": [field.code for field in call.fields],
        "documents_requested": _names(call.documents_requested) if call.documents_requested else None,
        "deadline": to_zone(call.deadline, call.timezone).isoformat(), "timezone": call.timezone,
        "open": calls_services.is_open(call), "state": call.state,
        "criteria": [{"title": _names(criterion.title), "weight": criterion.weight} for criterion in call.criteria],
    }


@bp.get("/calls")
def calls():
    return jsonify(items=[_call(call) for call in calls_services.public_calls()])


@bp.get("/calls/<int:call_id>")
def call(call_id: int):
    found = db.session.get(Call, call_id)
    if found is None or not calls_services.may_see(AnonymousUserMixin(), found):
        return problem(404, "No published call has this id.")
    return jsonify(_call(found))


def _application(application: Application) -> dict:
    return {
        "id": application.id, "call_id": application.call_id, "organization_id": application.organization_id,
        "state": application.state, "language": application.language,
        "budget": {"amount": str(application.budget_amount), "currency": application.budget_currency,
                   "usd": str(application.budget_usd)} if application.budget_amount is not None else None,
        "submitted_at": application.submitted_at.isoformat() + "Z" if application.submitted_at else None,
    }


@bp.post("/calls/<int:call_id>/applications")
@writes.token_required
def create_application(call_id: int):
    return writes.create_application(call_id, lambda application: jsonify(_application(application)))


def _edition(edition: Edition, seats_left: int) -> dict:
    return {
        "id": edition.id, "ordinal": edition.ordinal, "year": edition.year,
        "title": _names(edition.title), "description": _names(edition.description), "city": _names(edition.city),
        "country": edition.country_code, "venue": _names(edition.venue),
        "start_date": edition.start_date.isoformat(), "end_date": edition.end_date.isoformat(),
        "timezone": edition.timezone,
        "registration_opens": edition.registration_opens.isoformat(),
        "registration_closes": edition.registration_closes.isoformat(),
        "capacity": edition.capacity, "seats_left": seats_left,
        "interpretation_languages": list(edition.interpretation_languages), "status": edition.state,
    }


@bp.get("/forum/editions")
def forum_editions():
    editions = forum_services.public_editions()
    seats_left = forum_services.seats_left_in(editions)
    return jsonify(items=[_edition(edition, seats_left[edition.id]) for edition in editions])


@bp.get("/forum/editions/<int:edition_id>/sessions")
def forum_sessions(edition_id: int):
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.state not in EditionState.PUBLIC:
        return problem(404, "No published forum edition has this id.")
    return jsonify(items=[
        {
            "id": session.id, "title": _names(session.title),
            "description": _names(session.description) if session.description else None,
            "kind": session.kind,
            "starts_at": to_zone(session.starts_at, edition.timezone).isoformat(),
            "ends_at": to_zone(session.ends_at, edition.timezone).isoformat(),
            "room": session.room, "capacity": session.capacity, "speakers": session.speaker_list,
            "languages": list(session.languages),
        }
        for session in edition.sessions
    ])


def _action_item(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "reference": item.reference,
        "description": dict(item.description.texts),
        "organization": {"id": item.organization_id, "names": dict(item.organization.names.texts)}
        if item.organization else None,
        "directorate": item.directorate,
        "person_in_charge": item.person_in_charge or (item.person.name if item.person else None),
        "due_date": item.due_date.isoformat(),
        "priority": item.priority,
        "state": item.state,
        "overdue": item.is_overdue(date.today()),
        "division": item.division,
        "meeting_id": item.meeting_id,
    }


@bp.get("/action-items")
@writes.token_required
def action_items():
    page_number, per_page = _page_arguments()
    filters = meetings_services.ActionItemFilters(state=request.args.get("state", ""),
                                                  overdue=request.args.get("overdue", ""))
    page = meetings_services.action_items_page(filters, g.api_user, date.today(), page_number, per_page)
    return jsonify(items=[_action_item(item) for item in page.items], page=page.page, per_page=page.per_page,
                   total=page.total)


@bp.patch("/action-items/<int:item_id>")
@writes.token_required
def update_action_item(item_id: int):
    return writes.report_action_item(item_id, lambda item: jsonify(_action_item(item)))
