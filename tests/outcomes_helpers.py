"""Building proposals, endorsements and commitments for tests through the services."""
from datetime import date, timedelta

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.outcomes import services
from portal.outcomes.models import Commitment, Proposal


def proposal_data(**overrides) -> services.ProposalData:
    values = dict(
        title=TranslatedText.build({"ar": "مدارس متنقلة للأطفال النازحين", "en": "Mobile schools for displaced children"}),
        description=TranslatedText.build({"ar": "خيام تعليمية ومعلمون متنقلون في المخيمات."}),
        subsector_codes=["school_buildings_equipment"],
        country_codes=["SO", "YE"],
    )
    values.update(overrides)
    return services.ProposalData(**values)


def make_proposal(app, user_id: int, edition_id: int, organization_id: int, **overrides) -> int:
    with app.app_context():
        user = db.session.get(User, user_id)
        return services.create_proposal(user, edition_id, organization_id, proposal_data(**overrides)).id


def endorse(app, user_id: int, proposal_id: int, organization_id: int) -> None:
    with app.app_context():
        services.endorse(proposal_id, db.session.get(User, user_id), organization_id)


def commitment_data(**overrides) -> services.CommitmentData:
    values = dict(
        description=TranslatedText.build({"en": "Train twenty teachers for the mobile schools."}),
        proposal_id=None, project_id=None, due_date=date.today() + timedelta(days=90),
    )
    values.update(overrides)
    return services.CommitmentData(**values)


def make_commitment(app, user_id: int, edition_id: int, organization_id: int, **overrides) -> int:
    with app.app_context():
        user = db.session.get(User, user_id)
        return services.create_commitment(user, edition_id, organization_id, commitment_data(**overrides)).id


def state_of_proposal(app, proposal_id: int) -> str:
    with app.app_context():
        return db.session.get(Proposal, proposal_id).state


def state_of_commitment(app, commitment_id: int) -> str:
    with app.app_context():
        return db.session.get(Commitment, commitment_id).state
