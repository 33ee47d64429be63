from collections import Counter

from portal.core.time import to_zone
from portal.extensions import db
from portal.forum.models import Edition, EditionState, Registration, RegistrationState, Session, SessionSignup


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_demo_forum_has_the_next_edition_with_two_days_and_registrations_in_every_state(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        first = {model: count(model) for model in (Edition, Session, Registration, SessionSignup)}
    second = runner.invoke(args=["portal", "seed-demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert {model: count(model) for model in (Edition, Session, Registration, SessionSignup)} == first
        assert {edition.state for edition in db.session.scalars(db.select(Edition))} >= {EditionState.ARCHIVED}
        (edition,) = db.session.scalars(db.select(Edition).where(Edition.state == EditionState.REGISTRATION_OPEN))
        assert edition.timezone == "Africa/Casablanca" and not edition.approve_automatically
        days = {to_zone(session.starts_at, edition.timezone).date() for session in edition.sessions}
        assert len(days) == 2
        for text in [edition.title, edition.venue, edition.city] + [session.title for session in edition.sessions]:
            assert set(text.languages) == {"ar", "en", "fr"}
        registrations = db.session.scalars(db.select(Registration).where(Registration.edition_id == edition.id)).all()
        states = Counter(registration.state for registration in registrations)
        assert set(states) == set(RegistrationState.ALL)
        assert states[RegistrationState.APPROVED] + states[RegistrationState.CHECKED_IN] <= edition.capacity
        assert len({registration.code for registration in registrations}) == len(registrations)
        assert all(r.decision_reason for r in registrations if r.state == RegistrationState.REJECTED)
        assert all(r.checked_in_at and r.checked_in_by_id for r in registrations if r.state == RegistrationState.CHECKED_IN)
        assert any(r.visa_letter_requested and r.passport_number for r in registrations)
        donor = next(r for r in registrations if r.user.email == "donor@demo.isesco.org")
        assert donor.holds_seat
        signups = db.session.scalars(
            db.select(SessionSignup).join(Session).where(Session.edition_id == edition.id)
        ).all()
        assert signups
        seated = {r.id for r in registrations if r.holds_seat}
        assert all(signup.registration_id in seated for signup in signups)
        taken = Counter(signup.session_id for signup in signups)
        for session in edition.sessions:
            assert taken[session.id] <= (session.capacity or 0)
