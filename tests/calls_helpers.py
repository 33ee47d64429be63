"""Building calls for partners for tests through the services the officers' pages call."""
from datetime import timedelta

from flask_babel import force_locale

from portal.accounts.models import User
from portal.calls import services
from portal.calls.models import Call
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db

# The officer's moves from a draft to each state.
PATHS = {"draft": [], "published": ["publish"], "closed": ["publish", "close"], "cancelled": ["cancel"]}


def call_data(project_id: int, reviewer_ids: list[int], **overrides) -> services.CallData:
    values = dict(
        project_id=project_id,
        title=TranslatedText.build({"en": "Partners for school libraries", "fr": "Partenaires pour des bibliothèques scolaires",
                                    "ar": "شركاء للمكتبات المدرسية"}),
        description=TranslatedText.build({"en": "Equip 40 school libraries.", "fr": "Équiper 40 bibliothèques scolaires."}),
        eligible_kinds=[], country_codes=["SO"], field_codes=["education"],
        documents_requested=TranslatedText.build({"en": "Statutes and the last annual report."}),
        deadline=utcnow() + timedelta(days=30), timezone="Asia/Riyadh",
        criteria=[services.CriterionData(TranslatedText.build({"en": "Experience"}), 60),
                  services.CriterionData(TranslatedText.build({"en": "Cost"}), 40)],
        reviewer_ids=reviewer_ids,
    )
    values.update(overrides)
    return services.CallData(**values)


def make_call(app, officer_id: int, project_id: int, reviewer_ids: list[int], state: str = "published", **overrides) -> int:
    with app.app_context(), force_locale("en"):
        officer = db.session.get(User, officer_id)
        call_id = services.create_call(officer, call_data(project_id, reviewer_ids, **overrides)).id
        for action in PATHS[state]:
            service, takes_reason, _states = services.ACTIONS[action]
            service(call_id, officer, *(("A reason",) if takes_reason else ()))
        return call_id


def apply_to(app, call_id: int, organization_id: int, user_id: int, submit: bool = True, note: str = "Our plan") -> int:
    from decimal import Decimal

    from portal.core.money import Money
    from portal.organizations.models import Organization

    with app.app_context(), force_locale("en"):
        user = db.session.get(User, user_id)
        organization = db.session.get(Organization, organization_id)
        return services.save_application(call_id, organization, user, services.ApplicationData(
            note, "en", Money(Decimal("50000"), "USD")), [], submit).id


def score(app, application_id: int, reviewer_id: int, *values: int) -> None:
    with app.app_context(), force_locale("en"):
        from portal.calls.models import Application

        application = db.session.get(Application, application_id)
        scores = {criterion.id: (value, None) for criterion, value in zip(application.call.criteria, values)}
        services.save_review(application_id, db.session.get(User, reviewer_id), scores, "Fine")


def load_call(app, call_id: int) -> Call:
    with app.app_context(), force_locale("en"):
        call = db.session.get(Call, call_id)
        call.criteria  # noqa: B018  (loaded before the session closes)
        db.session.expunge_all()
        return call
