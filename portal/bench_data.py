"""A database of realistic size for `make bench`: thousands of organizations and projects,
tens of thousands of needs, written in bulk (the services' one-by-one checks would take an hour).

Suggestions are not computed here: the benchmark times `flask portal rematch` itself."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from portal.accounts.services import find_user_by_email
from portal.core.money import Money, usd_equivalent
from portal.core.text import search_document
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs.models import Need, NeedState, Urgency, need_beneficiary_groups, need_subsectors
from portal.organizations.models import Organization, OrganizationState, organization_fields
from portal.projects.models import (
    BudgetType, Pledge, PledgeState, Project, ProjectState, project_beneficiary_groups, project_countries,
    project_subsectors,
)
from portal.reference.models import BeneficiaryGroup, Country, Subsector

BATCH = 2000
WORDS = {
    "ar": ["مدرسة", "مكتبة", "آبار", "أيتام", "تعليم", "ترميم", "مخطوطات", "طاقة شمسية", "منح", "معلمين", "نازحين", "تراث"],
    "en": ["school", "library", "wells", "orphans", "education", "repair", "manuscripts", "solar power", "grants", "teachers", "displaced", "heritage"],
    "fr": ["école", "bibliothèque", "puits", "orphelins", "éducation", "réhabilitation", "manuscrits", "énergie solaire", "bourses", "enseignants", "déplacés", "patrimoine"],
}
PLACES = ["Mogadishu", "Kabul", "Gaza", "Aden", "Timbuktu", "Mosul", "Idlib", "Khartoum", "Baidoa", "Herat"]
# A project's directorate and code prefix follow the field of its subsectors.
FIELD_DIRECTORATES = {"education": ("education", "EDU"), "science": ("science", "SCI"),
                      "culture": ("culture", "CUL"), "communication": ("communication", "COM")}
# Most projects can be suggested, as in the demo data; completed and cancelled ones cannot.
PROJECT_STATES = [ProjectState.PLANNED] * 3 + [ProjectState.OPEN_FOR_PARTNERS] * 4 + [ProjectState.ONGOING] * 3 + [
    ProjectState.COMPLETED, ProjectState.CANCELLED]
PLEDGE_STATES = [PledgeState.PLEDGED] * 3 + [PledgeState.COMMITTED] * 2 + [PledgeState.PAID] * 2 + [
    PledgeState.WITHDRAWN]
PLEDGE_CURRENCIES = ["USD"] * 4 + ["SAR", "AED", "EUR", "QAR"]


def _texts(rng: random.Random, index: int) -> tuple[TranslatedText, TranslatedText]:
    languages = rng.sample(["ar", "en", "fr"], rng.randint(1, 3))
    words = {lang: rng.sample(WORDS[lang], 3) for lang in languages}
    title = {lang: f"{' '.join(words[lang][:2])} {PLACES[index % len(PLACES)]} {index}" for lang in languages}
    description = {lang: " ".join(words[lang]) * 3 for lang in languages}
    return TranslatedText(title, languages[0]), TranslatedText(description, languages[0])


def seed_bench(organization_count: int, need_count: int, project_count: int,
               seed: int = 2027) -> tuple[int, int, int, int]:
    """Add organizations, needs and projects up to the given counts, and pledges to the new
    projects; returns how many organizations, needs, projects and pledges were added."""
    rng = random.Random(seed)
    author = find_user_by_email("charity@demo.isesco.org")
    countries = db.session.scalars(db.select(Country.code)).all()
    special = db.session.scalars(db.select(Country.code).where(Country.special_circumstances.is_(True))).all()
    subsectors = db.session.execute(db.select(Subsector.code, Subsector.field_code)).all()
    groups = db.session.scalars(db.select(BeneficiaryGroup.code)).all()

    have_organizations = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    new_organizations = max(organization_count - have_organizations, 0)
    for start in range(0, new_organizations, BATCH):
        rows = []
        for number in range(start, min(start + BATCH, new_organizations)):
            names = TranslatedText({"en": f"Bench Charity {number}", "ar": f"جمعية الاختبار {number}"}, "en")
            rows.append(dict(
                names=names, search_name=search_document(names.search_text()), kind=rng.choice(["charity", "ngo", "donor", "academic"]),
                country_code=rng.choice(countries), city=rng.choice(PLACES), registration_number=f"BENCH-{number}",
                registration_key=f"BENCH{number}", contact_email=f"bench{number}@example.org", contact_phone="+0",
                document_name="none.pdf", document_original_name="none.pdf", document_type="application/pdf",
                document_size=0, state=OrganizationState.VERIFIED, created_at=utcnow(), verified_at=utcnow(),
            ))
        ids = db.session.scalars(insert(Organization).returning(Organization.id, sort_by_parameter_order=True), rows).all()
        db.session.execute(insert(organization_fields), [
            {"organization_id": org_id, "field_code": rng.choice(subsectors)[1]} for org_id in ids
        ])
    organization_ids = db.session.scalars(db.select(Organization.id)).all()

    have_needs = db.session.scalar(db.select(db.func.count()).select_from(Need))
    new_needs = max(need_count - have_needs, 0)
    today = date.today()
    states = [NeedState.PUBLISHED] * 7 + [NeedState.MATCHED, NeedState.IN_PROGRESS, NeedState.FULFILLED,
                                          NeedState.DRAFT, NeedState.SUBMITTED, NeedState.WITHDRAWN]
    for start in range(0, new_needs, BATCH):
        rows, links = [], []
        for index in range(start, min(start + BATCH, new_needs)):
            title, description = _texts(rng, index)
            urgency = rng.choice(Urgency.ALL)
            cost = Decimal(rng.randrange(1_000, 500_000))
            rows.append(dict(
                organization_id=rng.choice(organization_ids), author_id=author.id, title=title, description=description,
                search_text=search_document(title.search_text(), description.search_text()),
                country_code=rng.choice(special) if rng.random() < 0.6 else rng.choice(countries),
                area=rng.choice(PLACES), beneficiary_count=rng.randrange(20, 5000), urgency=urgency,
                urgency_rank=Urgency.RANK[urgency], cost_amount=cost, cost_currency="USD", cost_usd=cost,
                start_date=today, end_date=today + timedelta(days=rng.randrange(30, 700)), state=rng.choice(states),
                version=1, created_at=utcnow(), published_at=utcnow() - timedelta(minutes=index),
            ))
        ids = db.session.scalars(insert(Need).returning(Need.id, sort_by_parameter_order=True), rows).all()
        for need_id in ids:
            links.append({"need_id": need_id, "subsector_code": rng.choice(subsectors)[0]})
        db.session.execute(insert(need_subsectors), links)
        db.session.execute(insert(need_beneficiary_groups), [
            {"need_id": need_id, "group_code": rng.choice(groups)} for need_id in ids
        ])
        db.session.commit()
    new_projects, new_pledges = _seed_projects(
        rng, project_count, countries, special, subsectors, groups, organization_ids
    )
    # Fresh statistics after a bulk load, as after any large import: without them SQLite's
    # planner sorts the whole table instead of walking the board's index. PostgreSQL's VACUUM
    # also marks the new rows visible to all, so that counts can read the indexes alone.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(db.text("VACUUM ANALYZE"))
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return new_organizations, new_needs, new_projects, new_pledges


def _seed_projects(
    rng: random.Random, project_count: int, countries: list[str], special: list[str],
    subsectors: list[tuple[str, str]], groups: list[str], organization_ids: list[int],
) -> tuple[int, int]:
    """Projects up to `project_count`, with 1–4 target countries (chosen like a need's
    country), 1–3 subsectors of one field, 1–2 beneficiary groups, and pledges in every state
    to about half of them; returns how many projects and pledges were added."""
    officer = find_user_by_email("officer@demo.isesco.org")
    pledger = find_user_by_email("donor@demo.isesco.org")
    subsectors_of_field: dict[str, list[str]] = {}
    for code, field_code in subsectors:
        subsectors_of_field.setdefault(field_code, []).append(code)
    fields = sorted(subsectors_of_field)
    have_projects = db.session.scalar(db.select(db.func.count()).select_from(Project))
    new_projects = max(project_count - have_projects, 0)
    today = date.today()
    new_pledges = 0
    for start in range(0, new_projects, BATCH):
        rows, targets = [], []
        for index in range(start, min(start + BATCH, new_projects)):
            field_code = rng.choice(fields)
            directorate, prefix = FIELD_DIRECTORATES[field_code]
            field_subsectors = subsectors_of_field[field_code]
            starts = today + timedelta(days=rng.randrange(-540, 365))
            # Numbered after the projects already there, so that a second run never reuses a code.
            code = f"{prefix}-{starts.year}-B{have_projects + index:05d}"
            title, description = _texts(rng, index)
            rows.append(dict(
                code=code, title=title, description=description,
                search_text=search_document(code, title.search_text(), description.search_text()),
                directorate=directorate, budget_usd=Decimal(rng.randrange(50_000, 2_000_000)),
                budget_type=rng.choice(BudgetType.ALL), start_date=starts,
                end_date=starts + timedelta(days=rng.randrange(180, 1100)), state=rng.choice(PROJECT_STATES),
                officer_id=officer.id, created_at=utcnow(),
            ))
            targets.append((
                {rng.choice(special) if rng.random() < 0.6 else rng.choice(countries)
                 for _ in range(rng.randint(1, 4))},
                rng.sample(field_subsectors, min(rng.randint(1, 3), len(field_subsectors))),
                rng.sample(groups, rng.randint(1, 2)),
            ))
        ids = db.session.scalars(insert(Project).returning(Project.id, sort_by_parameter_order=True), rows).all()
        country_rows, subsector_rows, group_rows = [], [], []
        for project_id, (country_codes, subsector_codes, group_codes) in zip(ids, targets):
            country_rows += [{"project_id": project_id, "country_code": code} for code in country_codes]
            subsector_rows += [{"project_id": project_id, "subsector_code": code} for code in subsector_codes]
            group_rows += [{"project_id": project_id, "group_code": code} for code in group_codes]
        db.session.execute(insert(project_countries), country_rows)
        db.session.execute(insert(project_subsectors), subsector_rows)
        db.session.execute(insert(project_beneficiary_groups), group_rows)
        pledges = [
            _pledge(rng, project_id, rng.choice(organization_ids), pledger.id)
            for project_id in ids if rng.random() < 0.5 for _ in range(rng.randint(1, 2))
        ]
        if pledges:
            db.session.execute(insert(Pledge), pledges)
        new_pledges += len(pledges)
        db.session.commit()
    return new_projects, new_pledges


def _pledge(rng: random.Random, project_id: int, organization_id: int, pledged_by_id: int) -> dict:
    money = Money(Decimal(rng.randrange(1_000, 300_000)), rng.choice(PLEDGE_CURRENCIES))
    return dict(
        project_id=project_id, organization_id=organization_id, pledged_by_id=pledged_by_id, amount=money.amount,
        currency=money.currency, amount_usd=usd_equivalent(money), state=rng.choice(PLEDGE_STATES),
        created_at=utcnow(), updated_at=utcnow(),
    )
