"""A database of realistic size for `make bench`: thousands of organizations, tens of
thousands of needs, written in bulk (the services' one-by-one checks would take an hour)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from portal.accounts.services import find_user_by_email
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs.models import Need, NeedState, Urgency, need_beneficiary_groups, need_subsectors
from portal.organizations.models import Organization, OrganizationState, organization_fields
from portal.reference.models import BeneficiaryGroup, Country, Subsector

BATCH = 2000
WORDS = {
    "ar": ["مدرسة", "مكتبة", "آبار", "أيتام", "تعليم", "ترميم", "مخطوطات", "طاقة شمسية", "منح", "معلمين", "نازحين", "تراث"],
    "en": ["school", "library", "wells", "orphans", "education", "repair", "manuscripts", "solar power", "grants", "teachers", "displaced", "heritage"],
    "fr": ["école", "bibliothèque", "puits", "orphelins", "éducation", "réhabilitation", "manuscrits", "énergie solaire", "bourses", "enseignants", "déplacés", "patrimoine"],
}
PLACES = ["Mogadishu", "Kabul", "Gaza", "Aden", "Timbuktu", "Mosul", "Idlib", "Khartoum", "Baidoa", "Herat"]


def _texts(rng: random.Random, index: int) -> tuple[TranslatedText, TranslatedText]:
    languages = rng.sample(["ar", "en", "fr"], rng.randint(1, 3))
    words = {lang: rng.sample(WORDS[lang], 3) for lang in languages}
    title = {lang: f"{' '.join(words[lang][:2])} {PLACES[index % len(PLACES)]} {index}" for lang in languages}
    description = {lang: " ".join(words[lang]) * 3 for lang in languages}
    return TranslatedText(title, languages[0]), TranslatedText(description, languages[0])


def seed_bench(organization_count: int, need_count: int, seed: int = 2027) -> tuple[int, int]:
    """Add organizations and needs up to the given counts; returns how many were added."""
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
                names=names, search_name=names.search_text(), kind=rng.choice(["charity", "ngo", "donor", "academic"]),
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
                search_text=f"{title.search_text()} {description.search_text()}",
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
    # Fresh statistics after a bulk load, as after any large import: without them SQLite's
    # planner sorts the whole table instead of walking the board's index. PostgreSQL's VACUUM
    # also marks the new rows visible to all, so that counts can read the indexes alone.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(db.text("VACUUM ANALYZE"))
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return new_organizations, new_needs
