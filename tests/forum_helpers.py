"""Building forum editions, sessions and registrations for tests through the services."""
from datetime import date, datetime, timedelta

from portal.accounts.models import User
from portal.core.time import from_zone
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.forum import services
from portal.forum.models import EditionState, Registration

# Riyadh keeps UTC+3 all year: times in tests do not move with daylight saving.
VENUE_ZONE = "Asia/Riyadh"
# Far from the numbers the tests type into the form.
_ordinals = iter(range(101, 100_000))


def edition_data(**overrides) -> services.EditionData:
    start = overrides.pop("start_date", date.today() + timedelta(days=60))
    values = dict(
        ordinal=overrides.pop("ordinal", None) or next(_ordinals),
        year=start.year,
        title=TranslatedText.build({"ar": "منتدى المؤسسات الخيرية", "en": "Forum of charity institutions",
                                    "fr": "Forum des institutions caritatives"}),
        description=TranslatedText.build({"en": "Three days to agree on joint work."}),
        city=TranslatedText.build({"ar": "الرياض", "en": "Riyadh", "fr": "Riyad"}),
        country_code="SA",
        venue=TranslatedText.build({"en": "King Fahd Cultural Centre", "fr": "Centre culturel Roi Fahd"}),
        start_date=start,
        end_date=start + timedelta(days=1),
        timezone=VENUE_ZONE,
        registration_opens=date.today() - timedelta(days=10),
        registration_closes=start - timedelta(days=5),
        capacity=100,
        interpretation_languages=["ar", "en", "fr"],
        approve_automatically=False,
    )
    values.update(overrides)
    return services.EditionData(**values)


def make_edition(app, officer_id: int, state: str = EditionState.REGISTRATION_OPEN, **overrides) -> int:
    with app.app_context():
        officer = db.session.get(User, officer_id)
        edition = services.create_edition(officer, edition_data(**overrides))
        path = {
            EditionState.DRAFT: [],
            EditionState.REGISTRATION_OPEN: [EditionState.REGISTRATION_OPEN],
            EditionState.REGISTRATION_CLOSED: [EditionState.REGISTRATION_OPEN, EditionState.REGISTRATION_CLOSED],
            EditionState.HELD: [EditionState.REGISTRATION_OPEN, EditionState.REGISTRATION_CLOSED, EditionState.HELD],
        }[state]
        for target in path:
            services.change_edition_state(edition.id, officer, target)
        return edition.id


def make_session(app, officer_id: int, edition_id: int, day: date, hour: int, capacity: int | None = None,
                 title_en: str = "Opening plenary", kind: str = "plenary") -> int:
    """A one-hour session starting at `hour` o'clock, venue time."""
    with app.app_context():
        officer = db.session.get(User, officer_id)
        starts = from_zone(datetime(day.year, day.month, day.day, hour), VENUE_ZONE)
        session = services.create_session(edition_id, officer, services.SessionData(
            title=TranslatedText.build({"en": title_en}), description=None, kind=kind,
            starts_at=starts, ends_at=starts + timedelta(hours=1), room="Hall A", capacity=capacity,
            speakers="Dr. Amina Diallo\nEng. Omar Haddad", languages=["ar", "en"],
        ))
        return session.id


def registration_data(**overrides) -> services.RegistrationData:
    values = dict(organization_id=None, participant_type="delegate", interpretation_language="en",
                  accessibility_needs=None, dietary_needs=None, listed_publicly=False, visa_letter_requested=False)
    values.update(overrides)
    return services.RegistrationData(**values)


def register(app, user_id: int, edition_id: int, **overrides) -> int:
    with app.app_context():
        user = db.session.get(User, user_id)
        return services.register(user, edition_id, registration_data(**overrides)).id


def state_of(app, registration_id: int) -> str:
    with app.app_context():
        return db.session.get(Registration, registration_id).state


def with_passport(**overrides) -> dict:
    return {"visa_letter_requested": True, "passport_name": "AMINA DIALLO", "passport_number": "ML7734129",
            "nationality": "ML", "passport_expiry": date.today() + timedelta(days=900), **overrides}
