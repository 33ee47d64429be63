"""Demo data for `flask portal seed-demo`: idempotent, so it can run on every start."""
from __future__ import annotations

import secrets

from pypdf import PdfWriter

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, hash_password
from portal.core.permissions import Role
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile, upload_dir
from portal.extensions import db
from portal.organizations.models import Organization, OrganizationState
from portal.organizations.services import register_organization, registration_key, verify

DEMO_PASSWORD = "demo-portal-2026"

DEMO_ACCOUNTS = [
    {"email": "admin@demo.isesco.org", "name": "Amina El Idrissi", "role": Role.ADMIN, "locale": "ar"},
    {"email": "officer@demo.isesco.org", "name": "Youssef Benali", "role": Role.OFFICER, "locale": "fr"},
    {"email": "charity@demo.isesco.org", "name": "Hodan Abdi Warsame", "role": Role.MEMBER, "locale": "ar"},
    {"email": "ministry@demo.isesco.org", "name": "Abdullah Al-Harbi", "role": Role.MEMBER, "locale": "ar"},
    {"email": "donor@demo.isesco.org", "name": "Claire Martin", "role": Role.MEMBER, "locale": "en"},
]


def seed_demo() -> list[dict]:
    """Create the demo accounts and organizations that are missing; returns the accounts to print."""
    for account in DEMO_ACCOUNTS:
        if find_user_by_email(account["email"]) is None:
            db.session.add(
                User(
                    email=account["email"],
                    name=account["name"],
                    role=account["role"],
                    preferred_locale=account["locale"],
                    password_hash=hash_password(DEMO_PASSWORD),
                    email_confirmed_at=utcnow(),
                )
            )
    db.session.commit()
    seed_demo_organizations()
    return [dict(account, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS]


# owner's email, state, kind, country, city, registration number, website, fields, countries of operation, names
DEMO_ORGANIZATIONS = [
    ("charity@demo.isesco.org", "verified", "charity", "SO", "Mogadishu", "SO-NGO-2011-0457", "https://ihsan-somalia.example.org",
     ["education"], ["SO"], {"ar": "جمعية الإحسان الخيرية", "en": "Al-Ihsan Charitable Society", "fr": "Association caritative Al-Ihsane"}),
    ("ministry@demo.isesco.org", "verified", "endowment_ministry", "SA", "Riyadh", "SA-MIN-AWQAF", None,
     ["education", "culture"], ["YE", "SO", "SD"], {"ar": "وزارة الشؤون الإسلامية والدعوة والإرشاد", "en": "Ministry of Islamic Affairs, Dawah and Guidance"}),
    ("donor@demo.isesco.org", "verified", "donor", "AE", "Abu Dhabi", "AE-FDN-0091", "https://khair-fund.example.org",
     ["education", "science"], ["AF", "YE", "PS"], {"en": "Al-Khair Development Fund", "ar": "صندوق الخير للتنمية"}),
    ("charity@demo.isesco.org", "verified", "ngo", "AF", "Kabul", "AF-NGO-3321", None,
     ["education"], ["AF"], {"en": "Light of Knowledge Schools", "fr": "Écoles Lumière du savoir", "ar": "مدارس نور المعرفة"}),
    ("ministry@demo.isesco.org", "verified", "national_commission", "MA", "Rabat", "MA-CN-001", None,
     ["education", "science", "culture", "communication"], ["MA"], {"fr": "Commission nationale marocaine pour l'éducation, la culture et la science", "ar": "اللجنة الوطنية المغربية للتربية والثقافة والعلوم"}),
    ("donor@demo.isesco.org", "verified", "academic", "MY", "Kuala Lumpur", "MY-UNI-1983", "https://iium-research.example.org",
     ["science"], ["ID", "MY", "BD"], {"en": "Centre for Islamic Heritage Research"}),
    ("charity@demo.isesco.org", "verified", "cultural_centre", "ML", "Timbuktu", "ML-CC-2002-17", None,
     ["culture"], ["ML"], {"fr": "Centre des manuscrits de Tombouctou", "ar": "مركز مخطوطات تمبكتو"}),
    ("charity@demo.isesco.org", "verified", "civil_society", "PS", "Al-Quds", "PS-CS-1170", None,
     ["education", "culture"], ["PS"], {"ar": "جمعية أصدقاء المكتبات المقدسية", "en": "Friends of Al-Quds Libraries"}),
    ("donor@demo.isesco.org", "verified", "private_sector", "QA", "Doha", "QA-CR-55012", "https://sanad-telecom.example.org",
     ["communication"], ["SY", "IQ"], {"en": "Sanad Telecom Foundation", "ar": "مؤسسة سند للاتصالات"}),
    ("charity@demo.isesco.org", "pending", "charity", "YE", "Aden", "YE-CH-2020-88", None,
     ["education"], ["YE"], {"ar": "جمعية الأمل لرعاية الأيتام"}),
    ("donor@demo.isesco.org", "pending", "ngo", "SD", "Khartoum", "SD-NGO-7781", None,
     ["science"], ["SD"], {"en": "Blue Nile Water Initiative", "fr": "Initiative Eau du Nil Bleu"}),
    ("ministry@demo.isesco.org", "pending", "governmental", "IQ", "Baghdad", "IQ-GOV-204", None,
     ["culture"], ["IQ"], {"ar": "الهيئة العامة للآثار والتراث", "fr": "Conseil général des antiquités et du patrimoine"}),
]


def _demo_document() -> StoredFile:
    """A one-page PDF standing in for the statutes a real organization would upload."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stored_name = f"demo-{secrets.token_hex(8)}.pdf"
    with open(upload_dir() / stored_name, "wb") as handle:
        writer.write(handle)
    return StoredFile(stored_name, "statutes.pdf", "application/pdf", (upload_dir() / stored_name).stat().st_size)


def seed_demo_organizations() -> None:
    existing = set(db.session.scalars(db.select(Organization.registration_key)))
    officer = find_user_by_email("officer@demo.isesco.org")
    for owner_email, state, kind, country, city, number, website, fields, operates_in, names in DEMO_ORGANIZATIONS:
        if registration_key(number) in existing:
            continue
        owner = find_user_by_email(owner_email)
        text = TranslatedText.build(names)
        organization = register_organization(
            owner,
            {
                "names": text,
                "kind": kind,
                "country_code": country,
                "city": city,
                "registration_number": number,
                "website": website,
                "contact_email": owner_email,
                "contact_phone": "+212 5 37 56 60 52",
                "field_codes": fields,
                "operation_country_codes": operates_in,
                "description": None,
            },
            _demo_document(),
        )
        if state == OrganizationState.VERIFIED:
            verify(organization.id, officer)
