"""Building agreements for tests through the services the officers' pages call."""
from datetime import date, timedelta

from portal.accounts.models import User
from portal.agreements import services
from portal.agreements.models import Agreement
from portal.core.translated import TranslatedText
from portal.extensions import db

_numbers = iter(range(1, 10_000))

# The officer's moves from a draft to each state.
PATHS = {
    "draft": [],
    "under_negotiation": ["negotiate"],
    "awaiting_signature": ["negotiate", "send_for_signature"],
    "in_force": ["negotiate", "send_for_signature", "bring_into_force"],
    "expired": ["negotiate", "send_for_signature", "bring_into_force", "expire"],
    "terminated": ["negotiate", "send_for_signature", "bring_into_force", "terminate"],
    "suspended": ["negotiate", "send_for_signature", "bring_into_force", "suspend"],
}


def action_arguments(action: str, reason: str = "A reason") -> tuple:
    """What the officer gives with an action besides the agreement: the reason, or the day
    the agreement came into force (today)."""
    if action == "bring_into_force":
        return (services.today(),)
    return (reason,) if services.ACTIONS[action][1] else ()


def agreement_data(partner_ids: list[int], **overrides) -> services.AgreementData:
    start = date.today() - timedelta(days=30)
    values = dict(
        reference=f"AGR-2027-{next(_numbers):03d}",
        title=TranslatedText.build({"ar": "مذكرة تفاهم في مجال التعليم", "en": "Memorandum of understanding on education",
                                    "fr": "Mémorandum d'entente sur l'éducation"}),
        type="mou", partner_ids=partner_ids, division=None, focal_point_id=None, parent_id=None,
        isesco_signed_on=start, partner_signed_on=start, isesco_signatory_name="Salim M. AlMalik",
        isesco_signatory_title="Director-General", partner_signatory_name="Aisha Noor", partner_signatory_title="President",
        start_date=start, end_date=start + timedelta(days=3 * 365), automatic_renewal=False, renewal_term_months=None,
        notice_days=90,
    )
    values.update(overrides)
    return services.AgreementData(**values)


def make_agreement(app, officer_id: int, partner_ids: list[int], state: str = "draft", **overrides) -> int:
    with app.app_context():
        officer = db.session.get(User, officer_id)
        agreement_id = services.create_agreement(officer, agreement_data(partner_ids, **overrides)).id
        for action in PATHS[state]:
            service, _takes_reason, _states = services.ACTIONS[action]
            service(agreement_id, officer, *action_arguments(action))
        return agreement_id


def load_agreement(app, agreement_id: int) -> Agreement:
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        agreement.partners, agreement.obligations  # noqa: B018  (loaded before the session closes)
        db.session.expunge_all()
        return agreement
