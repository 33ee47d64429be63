"""Demo data for `flask portal seed-demo`: idempotent, so it can run on every start."""
from __future__ import annotations

import secrets

from pypdf import PdfWriter

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, hash_password
from portal.agreements.demo import seed_demo_agreements
from portal.calls.demo import seed_demo_calls
from portal.core.permissions import Role
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile, upload_dir
from portal.duediligence.demo import DEMO_CHECKLIST, seed_demo_due_diligence
from portal.extensions import db
from portal.organizations.models import Organization, OrganizationState
from portal.organizations.services import register_organization, registration_key, verify
from portal.sanctions.demo import seed_demo_sanctions

DEMO_PASSWORD = "demo-portal-2026"

DEMO_ACCOUNTS = [
    {"email": "admin@demo.isesco.org", "name": "Amina El Idrissi", "role": Role.ADMIN, "locale": "ar"},
    {"email": "officer@demo.isesco.org", "name": "Youssef Benali", "role": Role.OFFICER, "locale": "fr"},
    {"email": "charity@demo.isesco.org", "name": "Hodan Abdi Warsame", "role": Role.MEMBER, "locale": "ar"},
    {"email": "ministry@demo.isesco.org", "name": "Abdullah Al-Harbi", "role": Role.MEMBER, "locale": "ar"},
    {"email": "donor@demo.isesco.org", "name": "Claire Martin", "role": Role.MEMBER, "locale": "en"},
] + [
    # Participants of the demo forum, from member states; their registrations are in
    # DEMO_FORUM_REGISTRATIONS. Every demo account must sign in within the limit of ten a minute.
    {"email": email, "name": name, "role": Role.MEMBER, "locale": locale}
    for email, name, locale in [
        ("omar.haddad@demo.isesco.org", "عمر خالد الحداد", "ar"),
        ("youssef.maqtari@demo.isesco.org", "يوسف عبد الله المقطري", "ar"),
        ("aissata.traore@demo.isesco.org", "Aïssata Traoré", "fr"),
        ("mamadou.diallo@demo.isesco.org", "Mamadou Lamine Diallo", "fr"),
        ("ahmad.fauzi@demo.isesco.org", "Ahmad Fauzi Hasibuan", "en"),
    ]
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
    seed_demo_needs()
    seed_demo_projects()
    seed_demo_forum()
    seed_demo_discussion()
    seed_demo_outcomes()
    seed_demo_agreements()
    seed_demo_meetings()
    seed_demo_action_plan()
    seed_demo_sanctions()
    seed_demo_due_diligence()
    seed_demo_calls()
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
            verify(organization.id, officer, DEMO_CHECKLIST)


# (title, description) per language, for the demo needs: every field, three languages.
DEMO_NEED_TEXTS = [
    ({"ar": "ترميم مدرسة ابتدائية", "en": "Repair a primary school", "fr": "Réhabiliter une école primaire"},
     {"ar": "انهار سقف المدرسة ويدرس الأطفال في العراء.", "en": "The school roof collapsed and children study outdoors.",
      "fr": "Le toit de l'école s'est effondré ; les enfants étudient dehors."}, "school_buildings_equipment", "children"),
    ({"ar": "منح دراسية لأيتام", "en": "Scholarships for orphans"},
     {"ar": "منح لمئة يتيم في المرحلة الثانوية.", "en": "Grants for one hundred orphans in secondary school."},
     "orphans_schooling", "orphans"),
    ({"fr": "Alphabétisation des femmes", "ar": "محو أمية النساء"},
     {"fr": "Cours du soir pour trois cents femmes.", "ar": "دروس مسائية لثلاثمئة امرأة."}, "literacy_non_formal", "women_girls"),
    ({"en": "Solar power for a rural clinic school", "fr": "Énergie solaire pour une école rurale"},
     {"en": "Panels and batteries so classes continue after dark."}, "renewable_energy", "whole_communities"),
    ({"ar": "آبار مياه للقرى", "en": "Water wells for villages"},
     {"ar": "حفر ثلاث آبار قرب المدارس.", "en": "Three wells near the schools."}, "water_resources", "whole_communities"),
    ({"fr": "Sauvegarde de manuscrits anciens", "ar": "صون المخطوطات القديمة"},
     {"fr": "Numérisation et conservation de deux mille manuscrits."}, "manuscripts_libraries", "researchers"),
    ({"ar": "إعادة تأهيل موقع تراثي", "en": "Restore a heritage site"},
     {"ar": "ترميم جدران مسجد تاريخي متضرر.", "en": "Repair the walls of a damaged historic mosque."}, "tangible_heritage", "whole_communities"),
    ({"en": "Training for young journalists", "ar": "تدريب الصحفيين الشباب"},
     {"en": "A six-week course in ethical reporting."}, "media_training", "youth"),
    ({"fr": "Formation des enseignants", "en": "Teacher training"},
     {"fr": "Formation pédagogique pour cent vingt enseignants.", "en": "Teaching skills for 120 teachers."},
     "teacher_training", "teachers_educators"),
    ({"ar": "منصة تعلم رقمي", "fr": "Plateforme d'apprentissage numérique"},
     {"ar": "أجهزة لوحية ومحتوى تعليمي للنازحين.", "fr": "Tablettes et contenus pour les enfants déplacés."},
     "digital_learning", "refugees_displaced"),
]
# (title, description) of the critical Somalia need that the flagship project EDU-2026-001 answers.
DEMO_SOMALIA_NEED = (
    {"ar": "إعادة بناء فصول مدرسة في بيدوا", "en": "Rebuild the classrooms of a school in Baidoa",
     "fr": "Reconstruire les salles de classe d'une école à Baidoa"},
    {"ar": "دمرت الفيضانات أربعة فصول، ويدرس ثلاثمئة طفل نازح تحت الأشجار.",
     "en": "Floods destroyed four classrooms; three hundred displaced children study under the trees.",
     "fr": "Les inondations ont détruit quatre salles de classe ; trois cents enfants déplacés étudient sous les arbres."},
)
DEMO_NEED_STATES = ["published", "published", "published", "submitted", "draft", "returned", "matched", "in_progress",
                    "fulfilled", "withdrawn", "closed", "expired"]
DEMO_URGENCIES = ["critical", "high", "medium", "low"]


def seed_demo_needs() -> None:
    """Needs in every special-circumstances country, across fields, states and languages."""
    from datetime import date, timedelta
    from decimal import Decimal

    from portal.needs import services as needs
    from portal.needs.models import Need
    from portal.reference.models import Country

    if db.session.scalar(db.select(db.func.count()).select_from(Need)):
        return
    author = find_user_by_email("charity@demo.isesco.org")
    organization = needs.posting_organizations(author)[0]
    countries = db.session.scalars(
        db.select(Country.code).where(Country.special_circumstances.is_(True)).order_by(Country.code)
    ).all()
    for index, state in enumerate(DEMO_NEED_STATES * 2):
        title, description, subsector, group = DEMO_NEED_TEXTS[index % len(DEMO_NEED_TEXTS)]
        need = needs.create_need(
            organization,
            author,
            needs.NeedData(
                title=TranslatedText.build(title),
                description=TranslatedText.build(description),
                country_code=countries[index % len(countries)],
                area=None,
                subsector_codes=[subsector],
                group_codes=[group],
                beneficiary_count=50 + 37 * index,
                urgency=DEMO_URGENCIES[index % len(DEMO_URGENCIES)],
                cost_amount=Decimal(5000 + 2500 * index),
                cost_currency=["USD", "EUR", "SAR", "MAD"][index % 4],
                start_date=date.today() - timedelta(days=200 if state == "expired" else 0),
                end_date=date.today() + timedelta(days=-20 if state == "expired" else 90 + 30 * index),
            ),
            [],
        )
        # Demo data shows every state; the transitions themselves are the services' and tested there.
        need.state = state
        if state in ("published", "matched", "in_progress", "fulfilled", "closed"):
            need.published_at = utcnow()
        if state == "returned":
            need.state_comment = "أضيفوا تفاصيل الميزانية من فضلكم."
        db.session.commit()
    _seed_demo_somalia_need(organization, author)
    _seed_demo_priorities()


def _seed_demo_somalia_need(organization: Organization, author: User) -> None:
    """A critical published need in Somalia, which the demo's flagship project answers: the
    needs above give Somalia none."""
    from datetime import date, timedelta
    from decimal import Decimal

    from portal.needs import services as needs

    title, description = DEMO_SOMALIA_NEED
    need = needs.create_need(
        organization,
        author,
        needs.NeedData(
            title=TranslatedText.build(title, "ar"),
            description=TranslatedText.build(description, "ar"),
            country_code="SO",
            area="Baidoa",
            subsector_codes=["school_buildings_equipment"],
            group_codes=["children", "refugees_displaced"],
            beneficiary_count=300,
            urgency="critical",
            cost_amount=Decimal(85000),
            cost_currency="USD",
            start_date=date.today(),
            end_date=date.today() + timedelta(days=240),
        ),
        [],
    )
    need.state = "published"
    need.published_at = utcnow()
    db.session.commit()


def _seed_demo_priorities() -> None:
    from portal.needs.priorities import PriorityData, create_priority, priority_organizations

    minister = find_user_by_email("ministry@demo.isesco.org")
    for organization in priority_organizations(minister):
        for rank, (title, subsector) in enumerate(
            [({"ar": "تعليم الأيتام واللاجئين", "en": "Schooling for orphans and refugees"}, "orphans_schooling"),
             ({"ar": "صون المخطوطات", "fr": "Sauvegarde des manuscrits"}, "manuscripts_libraries")],
            start=1,
        ):
            create_priority(organization, minister, PriorityData(
                title=TranslatedText.build(title), description=None, subsector_code=subsector,
                rank=rank, period_start=2026, period_end=2028,
            ))


# Where a demo project works: its target countries, and "in …" in each language (French needs
# its own preposition per country).
DEMO_PROJECT_PLACES = {
    "SO": (["SO"], "في الصومال", "in Somalia", "en Somalie"),
    "YE": (["YE"], "في اليمن", "in Yemen", "au Yémen"),
    "SD": (["SD"], "في السودان", "in Sudan", "au Soudan"),
    "AF": (["AF"], "في أفغانستان", "in Afghanistan", "en Afghanistan"),
    "ML": (["ML"], "في مالي", "in Mali", "au Mali"),
    "PS": (["PS"], "في فلسطين", "in Palestine", "en Palestine"),
    "SY": (["SY"], "في سوريا", "in Syria", "en Syrie"),
    "IQ": (["IQ"], "في العراق", "in Iraq", "en Irak"),
    "MR": (["MR"], "في موريتانيا", "in Mauritania", "en Mauritanie"),
    "BD": (["BD"], "في بنغلاديش", "in Bangladesh", "au Bangladesh"),
    "KM": (["KM"], "في جزر القمر", "in the Comoros", "aux Comores"),
    "sahel": (["ML", "NE", "TD"], "في منطقة الساحل", "in the Sahel", "au Sahel"),
    "horn": (["SO", "DJ"], "في القرن الأفريقي", "in the Horn of Africa", "dans la Corne de l'Afrique"),
    "levant": (["SY", "LB", "JO"], "في سوريا ودول الجوار", "in Syria and neighbouring countries",
               "en Syrie et dans les pays voisins"),
}

# theme: directorate, subsectors, beneficiary groups, title and description ({place} is where).
DEMO_PROJECT_THEMES = {
    "schools": ("education", ["school_buildings_equipment", "access_enrolment"], ["children", "refugees_displaced"],
                {"ar": "إعادة بناء المدارس {place}", "en": "Rebuilding schools {place}", "fr": "Reconstruction d'écoles {place}"},
                {"ar": "إعادة بناء الفصول التي دمرتها النزاعات والفيضانات {place} وتجهيزها بالمقاعد والكتب والمرافق الصحية، "
                       "ليعود الأطفال النازحون إلى مدارسهم.",
                 "en": "Classrooms destroyed by conflict and floods {place} are rebuilt and equipped with desks, books "
                       "and latrines, so that displaced children can return to school.",
                 "fr": "Les salles de classe détruites par les conflits et les inondations {place} sont reconstruites et "
                       "équipées de pupitres, de manuels et de latrines, pour que les enfants déplacés retrouvent l'école."}),
    "teachers": ("education", ["teacher_training"], ["teachers_educators"],
                 {"ar": "تأهيل المعلمين {place}", "en": "Training teachers {place}", "fr": "Formation des enseignants {place}"},
                 {"ar": "تكوين أولي ومستمر لمعلمي المرحلة الابتدائية {place}: التدريس النشط، والتدريس في الفصول المكتظة، "
                        "والدعم النفسي والاجتماعي للتلاميذ.",
                  "en": "Initial and in-service training for primary teachers {place}: active teaching, crowded "
                        "classrooms and psychosocial support for pupils.",
                  "fr": "Formation initiale et continue des enseignants du primaire {place} : pédagogie active, classes "
                        "surchargées et soutien psychosocial aux élèves."}),
    "orphans": ("education", ["orphans_schooling", "scholarships"], ["orphans", "children"],
                {"ar": "تعليم الأيتام ومنحهم الدراسية {place}", "en": "Schooling and scholarships for orphans {place}",
                 "fr": "Scolarisation et bourses pour les orphelins {place}"},
                {"ar": "رسوم دراسية وزي مدرسي وكتب ومنحة شهرية للأيتام {place}، مع مرشد يتابع كل طفل حتى نهاية المرحلة الثانوية.",
                 "en": "School fees, uniforms, books and a monthly grant for orphans {place}, with a tutor who follows "
                       "each child to the end of secondary school.",
                 "fr": "Frais de scolarité, uniformes, manuels et bourse mensuelle pour les orphelins {place}, avec un "
                       "tuteur qui suit chaque enfant jusqu'à la fin du secondaire."}),
    "literacy": ("education", ["literacy_non_formal"], ["women_girls"],
                 {"ar": "محو أمية النساء والفتيات {place}", "en": "Literacy for women and girls {place}",
                  "fr": "Alphabétisation des femmes et des filles {place}"},
                 {"ar": "دروس مسائية في القراءة والكتابة والحساب للنساء والفتيات اللواتي انقطعن عن الدراسة {place}، "
                        "في المراكز المجتمعية والمساجد، بشهادة تعترف بها الوزارة.",
                  "en": "Evening classes in reading, writing and arithmetic for women and girls who left school {place}, "
                        "in community centres and mosques, with a certificate the ministry recognises.",
                  "fr": "Cours du soir de lecture, d'écriture et de calcul pour les femmes et les filles déscolarisées "
                        "{place}, dans les centres communautaires et les mosquées, avec un certificat reconnu par le ministère."}),
    "digital": ("education", ["digital_learning", "access_enrolment"], ["children", "refugees_displaced"],
                {"ar": "فصول رقمية للأطفال النازحين {place}", "en": "Digital classrooms for displaced children {place}",
                 "fr": "Classes numériques pour les enfants déplacés {place}"},
                {"ar": "أجهزة لوحية محملة بالمنهج الوطني وشواحن شمسية وميسرون مدربون في المخيمات {place}، "
                       "لتستمر الدروس حيث لا توجد مدرسة.",
                 "en": "Tablets loaded with the national curriculum, solar chargers and trained facilitators in the camps "
                       "{place}, so that lessons go on where there is no school.",
                 "fr": "Des tablettes chargées du programme national, des chargeurs solaires et des animateurs formés "
                       "dans les camps {place}, pour que les cours continuent là où il n'y a pas d'école."}),
    "water": ("science", ["water_resources"], ["whole_communities", "children"],
              {"ar": "مياه الشرب للمدارس والقرى {place}", "en": "Clean water for schools and villages {place}",
               "fr": "Eau potable pour les écoles et les villages {place}"},
              {"ar": "حفر آبار وتركيب مضخات تعمل بالطاقة الشمسية ونقاط مياه قرب المدارس {place}، "
                     "تديرها لجان مياه قروية مدربة على صيانتها.",
               "en": "Boreholes, solar pumps and water points next to schools {place}, run by village water committees "
                     "trained to maintain them.",
               "fr": "Forages, pompes solaires et points d'eau à proximité des écoles {place}, gérés par des comités "
                     "villageois formés à leur entretien."}),
    "solar": ("science", ["renewable_energy"], ["whole_communities", "children"],
              {"ar": "الطاقة الشمسية للمدارس الريفية {place}", "en": "Solar power for rural schools {place}",
               "fr": "Énergie solaire pour les écoles rurales {place}"},
              {"ar": "ألواح شمسية وبطاريات للمدارس والمراكز الصحية الريفية {place}، مع تدريب فنيين شباب على تركيبها وإصلاحها.",
               "en": "Solar panels and batteries for rural schools and health posts {place}, with young technicians "
                     "trained to install and repair them.",
               "fr": "Panneaux solaires et batteries pour les écoles et les postes de santé ruraux {place}, avec de "
                     "jeunes techniciens formés à leur installation et à leur réparation."}),
    "livelihoods": ("science", ["income_generating_youth_women"], ["youth", "women_girls"],
                    {"ar": "مشاريع مدرة للدخل للشباب والنساء {place}",
                     "en": "Income-generating projects for young people and women {place}",
                     "fr": "Projets générateurs de revenus pour les jeunes et les femmes {place}"},
                    {"ar": "تدريب الشباب والنساء {place} على تصنيع الأغذية والخياطة وصيانة الألواح الشمسية، "
                           "تليه منح صغيرة لبدء المشاريع ومرافقة لمدة عام.",
                     "en": "Training in food processing, tailoring and solar repair for young people and women {place}, "
                           "then small start-up grants and a year of coaching.",
                     "fr": "Formation à la transformation alimentaire, à la couture et à la réparation solaire pour les "
                           "jeunes et les femmes {place}, puis petites subventions de démarrage et un an d'accompagnement."}),
    "manuscripts": ("culture", ["manuscripts_libraries"], ["researchers"],
                    {"ar": "صون المخطوطات {place}", "en": "Safeguarding manuscripts {place}",
                     "fr": "Sauvegarde des manuscrits {place}"},
                    {"ar": "تنظيف مجموعات المخطوطات العائلية ومخطوطات المساجد {place} وترميمها ورقمنتها، "
                           "مع فهرس إلكتروني متاح للباحثين.",
                     "en": "Cleaning, conservation and digitisation of family and mosque manuscript collections {place}, "
                           "with an online catalogue open to researchers.",
                     "fr": "Nettoyage, conservation et numérisation des collections de manuscrits des familles et des "
                           "mosquées {place}, avec un catalogue en ligne ouvert aux chercheurs."}),
    "heritage": ("culture", ["tangible_heritage"], ["whole_communities"],
                 {"ar": "ترميم المساجد والمواقع التاريخية {place}", "en": "Restoring historic mosques and sites {place}",
                  "fr": "Restauration de mosquées et de sites historiques {place}"},
                 {"ar": "تدعيم عاجل ثم ترميم للمساجد والأسواق والمدارس التاريخية المتضررة {place}، "
                        "على أيدي حرفيين محليين مدربين على التقنيات التقليدية.",
                  "en": "Emergency shoring, then restoration of the historic mosques, souks and schools damaged {place}, "
                        "by local craftsmen trained in traditional techniques.",
                  "fr": "Consolidation d'urgence, puis restauration des mosquées, souks et médersas historiques "
                        "endommagés {place}, par des artisans locaux formés aux techniques traditionnelles."}),
    "crafts": ("culture", ["intangible_heritage", "cultural_industries"], ["youth", "women_girls"],
               {"ar": "الحرف التقليدية والصناعات الثقافية للشباب {place}",
                "en": "Traditional crafts and cultural industries for young people {place}",
                "fr": "Artisanat traditionnel et industries culturelles pour les jeunes {place}"},
               {"ar": "يعلم حرفيون متمرسون الشباب {place} النسيج والخط العربي والفخار، "
                      "ويساعدهم المشروع على بيع أعمالهم في المعارض وعلى الإنترنت.",
                "en": "Master craftspeople teach weaving, calligraphy and pottery to young people {place}; the project "
                      "helps them sell their work at fairs and online.",
                "fr": "Des maîtres artisans enseignent le tissage, la calligraphie et la poterie aux jeunes {place} ; le "
                      "projet les aide à vendre leurs œuvres dans les foires et en ligne."}),
    "journalists": ("communication", ["media_training"], ["youth"],
                    {"ar": "تدريب الصحفيين الشباب {place}", "en": "Training young journalists {place}",
                     "fr": "Formation de jeunes journalistes {place}"},
                    {"ar": "دورة لمدة ستة أشهر في أخلاقيات العمل الصحفي والتحقق من الأخبار والسلامة المهنية "
                           "للصحفيين الشباب {place}، تختتم بتدريب في وسائل الإعلام الوطنية.",
                     "en": "A six-month course in ethical reporting, fact-checking and safety for young journalists "
                           "{place}, ending with internships in national media.",
                     "fr": "Un cursus de six mois sur l'éthique du reportage, la vérification des faits et la sécurité "
                           "pour les jeunes journalistes {place}, conclu par des stages dans les médias nationaux."}),
    "radio": ("communication", ["digital_platforms_networks"], ["whole_communities", "children"],
              {"ar": "إذاعات مجتمعية ومنصات تعليمية {place}", "en": "Community radio and learning platforms {place}",
               "fr": "Radios communautaires et plateformes éducatives {place}"},
              {"ar": "إذاعات مجتمعية ومنصة إلكترونية تبث الدروس والنصائح الصحية والأخبار المحلية {place}، "
                     "لتصل إلى الأطفال الذين لا يستطيعون الذهاب إلى المدرسة.",
               "en": "Community radio stations and an online platform broadcast lessons, health advice and local news "
                     "{place}, reaching children who cannot go to school.",
               "fr": "Des radios communautaires et une plateforme en ligne diffusent leçons, conseils de santé et "
                     "informations locales {place}, pour atteindre les enfants qui ne peuvent pas aller à l'école."}),
}

# code, theme, place, state, budget (USD), budget type, start, end. The first one answers the
# demo's critical Somalia need; its code tells whether the projects are seeded already.
DEMO_PROJECTS = [
    ("EDU-2026-001", "schools", "SO", "open_for_partners", 1_250_000, "off_budget", "2026-09-01", "2028-08-31"),
    ("EDU-2026-002", "schools", "YE", "ongoing", 1_800_000, "off_budget", "2026-03-01", "2028-02-29"),
    ("EDU-2027-003", "schools", "SD", "planned", 950_000, "regular", "2027-01-01", "2028-12-31"),
    ("EDU-2026-004", "schools", "AF", "open_for_partners", 700_000, "regular", "2026-10-01", "2028-03-31"),
    ("EDU-2026-005", "teachers", "sahel", "open_for_partners", 480_000, "regular", "2026-09-01", "2027-12-31"),
    ("EDU-2027-006", "teachers", "PS", "planned", 320_000, "regular", "2027-02-01", "2028-01-31"),
    ("EDU-2025-007", "teachers", "SO", "completed", 260_000, "regular", "2025-01-01", "2026-06-30"),
    ("EDU-2026-008", "orphans", "IQ", "open_for_partners", 600_000, "off_budget", "2026-06-01", "2028-05-31"),
    ("EDU-2026-009", "orphans", "levant", "ongoing", 1_500_000, "off_budget", "2026-01-01", "2028-12-31"),
    ("EDU-2027-010", "orphans", "YE", "planned", 850_000, "off_budget", "2027-01-01", "2028-12-31"),
    ("EDU-2026-011", "literacy", "sahel", "open_for_partners", 400_000, "regular", "2026-11-01", "2028-10-31"),
    ("EDU-2026-012", "literacy", "AF", "ongoing", 350_000, "regular", "2026-04-01", "2027-09-30"),
    ("EDU-2026-013", "literacy", "SD", "open_for_partners", 275_000, "regular", "2026-12-01", "2028-05-31"),
    ("EDU-2026-014", "digital", "levant", "ongoing", 900_000, "off_budget", "2026-02-01", "2027-12-31"),
    ("EDU-2027-015", "digital", "SD", "planned", 650_000, "regular", "2027-03-01", "2028-12-31"),
    ("EDU-2026-016", "digital", "PS", "cancelled", 500_000, "regular", "2026-05-01", "2027-04-30"),
    ("SCI-2026-001", "water", "SO", "open_for_partners", 1_100_000, "off_budget", "2026-07-01", "2028-06-30"),
    ("SCI-2026-002", "water", "SY", "ongoing", 800_000, "regular", "2026-03-01", "2027-12-31"),
    ("SCI-2027-003", "water", "sahel", "planned", 1_400_000, "off_budget", "2027-01-01", "2028-12-31"),
    ("SCI-2026-004", "solar", "SO", "open_for_partners", 450_000, "regular", "2026-10-01", "2027-12-31"),
    ("SCI-2026-005", "solar", "YE", "ongoing", 380_000, "regular", "2026-01-01", "2027-06-30"),
    ("SCI-2025-006", "solar", "ML", "completed", 220_000, "regular", "2025-03-01", "2026-08-31"),
    ("SCI-2026-007", "livelihoods", "AF", "open_for_partners", 300_000, "regular", "2026-09-01", "2028-02-29"),
    ("SCI-2027-008", "livelihoods", "IQ", "planned", 560_000, "off_budget", "2027-04-01", "2028-09-30"),
    ("SCI-2026-009", "livelihoods", "BD", "ongoing", 150_000, "regular", "2026-05-01", "2027-10-31"),
    ("CUL-2026-001", "manuscripts", "ML", "open_for_partners", 750_000, "off_budget", "2026-06-01", "2028-05-31"),
    ("CUL-2027-002", "manuscripts", "MR", "planned", 180_000, "regular", "2027-01-01", "2027-12-31"),
    ("CUL-2026-003", "manuscripts", "YE", "ongoing", 420_000, "regular", "2026-02-01", "2027-07-31"),
    ("CUL-2026-004", "heritage", "IQ", "open_for_partners", 2_000_000, "off_budget", "2026-09-01", "2028-12-31"),
    ("CUL-2027-005", "heritage", "SY", "planned", 1_650_000, "off_budget", "2027-01-01", "2028-12-31"),
    ("CUL-2026-006", "heritage", "PS", "ongoing", 900_000, "regular", "2026-01-01", "2027-12-31"),
    ("CUL-2026-007", "crafts", "PS", "open_for_partners", 120_000, "regular", "2026-10-01", "2027-09-30"),
    ("CUL-2025-008", "crafts", "KM", "completed", 80_000, "regular", "2025-02-01", "2026-01-31"),
    ("COM-2026-001", "journalists", "SO", "open_for_partners", 210_000, "regular", "2026-11-01", "2027-10-31"),
    ("COM-2026-002", "journalists", "YE", "ongoing", 190_000, "regular", "2026-03-01", "2027-02-28"),
    ("COM-2027-003", "journalists", "IQ", "planned", 160_000, "regular", "2027-01-01", "2027-12-31"),
    ("COM-2026-004", "radio", "sahel", "open_for_partners", 620_000, "off_budget", "2026-08-01", "2028-07-31"),
    ("COM-2026-005", "radio", "AF", "ongoing", 540_000, "regular", "2026-02-01", "2027-12-31"),
    ("COM-2027-006", "radio", "SD", "planned", 50_000, "regular", "2027-06-01", "2027-12-31"),
    ("COM-2026-007", "radio", "horn", "cancelled", 330_000, "regular", "2026-04-01", "2027-03-31"),
]

# The officer's moves from `planned` (where create_project leaves a project) to each state.
DEMO_PROJECT_PATHS = {
    "planned": [],
    "open_for_partners": ["open_for_partners"],
    "ongoing": ["ongoing"],
    "completed": ["ongoing", "completed"],
    "cancelled": ["open_for_partners", "cancelled"],
}

# project code, registration number of the pledging organization, amount, currency, state.
DEMO_PLEDGES = [
    ("EDU-2026-001", "SA-MIN-AWQAF", 1_500_000, "SAR", "committed"),
    ("EDU-2026-001", "AE-FDN-0091", 500_000, "AED", "paid"),
    ("EDU-2026-001", "SO-NGO-2011-0457", 25_000, "USD", "pledged"),
    ("EDU-2026-002", "SA-MIN-AWQAF", 2_250_000, "SAR", "paid"),
    ("EDU-2026-002", "AE-FDN-0091", 200_000, "USD", "committed"),
    ("EDU-2026-004", "AE-FDN-0091", 150_000, "EUR", "pledged"),
    ("EDU-2025-007", "MA-CN-001", 1_200_000, "MAD", "paid"),
    ("EDU-2026-008", "SA-MIN-AWQAF", 750_000, "SAR", "pledged"),
    ("EDU-2026-008", "AE-FDN-0091", 100_000, "USD", "withdrawn"),
    ("EDU-2026-009", "AE-FDN-0091", 1_000_000, "AED", "committed"),
    ("EDU-2026-011", "MA-CN-001", 900_000, "MAD", "pledged"),
    ("SCI-2026-001", "AE-FDN-0091", 300_000, "USD", "paid"),
    ("SCI-2026-004", "QA-CR-55012", 400_000, "QAR", "pledged"),
    ("SCI-2025-006", "AE-FDN-0091", 220_000, "USD", "paid"),
    ("CUL-2026-001", "ML-CC-2002-17", 40_000, "EUR", "withdrawn"),
    ("CUL-2026-001", "MY-UNI-1983", 150_000, "USD", "committed"),
    ("CUL-2026-004", "SA-MIN-AWQAF", 3_000_000, "SAR", "pledged"),
    ("COM-2026-001", "QA-CR-55012", 60_000, "USD", "paid"),
    ("COM-2026-004", "QA-CR-55012", 200_000, "QAR", "committed"),
    ("COM-2026-005", "PS-CS-1170", 15_000, "USD", "withdrawn"),
]

# (country, subsector) of a published demo need, project code, officer's note, accepted by the organization?
DEMO_MATCHES = [
    (("IQ", "orphans_schooling"), "EDU-2026-008",
     "Le projet finance déjà la scolarité de trois cents orphelins à Mossoul et peut accueillir les vôtres.", True),
    (("ML", "literacy_non_formal"), "EDU-2026-011",
     "Nos classes d'alphabétisation ouvrent à Tombouctou en janvier ; vos participantes y sont les bienvenues.", False),
    (("SY", "water_resources"), "SCI-2026-002",
     "Le forage prévu à Idlib pourrait desservir l'école que vous soutenez.", False),
]


def seed_demo_projects() -> None:
    """ISESCO projects in every field and state, with pledges and matches, then the stored
    suggestions of every published need."""
    from datetime import date
    from decimal import Decimal

    from portal.core.money import Money
    from portal.projects import services as projects
    from portal.projects.matching import rematch_all, suggestible_need_ids

    if projects.code_taken(DEMO_PROJECTS[0][0]):
        return
    officer = find_user_by_email("officer@demo.isesco.org")
    project_ids: dict[str, int] = {}
    for index, (code, theme, place, _state, budget, budget_type, start, end) in enumerate(DEMO_PROJECTS):
        directorate, subsectors, groups, title, description = DEMO_PROJECT_THEMES[theme]
        country_codes, *place_texts = DEMO_PROJECT_PLACES[place]
        where = dict(zip(("ar", "en", "fr"), place_texts))
        # Officers write in any of the three languages first.
        original = ("ar", "fr", "en")[index % 3]
        project_ids[code] = projects.create_project(officer, projects.ProjectData(
            code=code,
            title=TranslatedText.build(_placed(title, where), original),
            description=TranslatedText.build(_placed(description, where), original),
            directorate=directorate,
            subsector_codes=subsectors,
            country_codes=country_codes,
            group_codes=groups,
            budget_usd=Decimal(budget),
            budget_type=budget_type,
            start_date=date.fromisoformat(start),
            end_date=date.fromisoformat(end),
            officer_id=officer.id,
        )).id
    # Pledges go in while every project still takes them (planned); completed and cancelled
    # projects then keep the pledges they had.
    owner_of = {
        number: owner_email for owner_email, _state, _kind, _country, _city, number, *_rest in DEMO_ORGANIZATIONS
    }
    for code, number, amount, currency, state in DEMO_PLEDGES:
        owner = find_user_by_email(owner_of[number])
        organization = next(org for org in projects.pledging_organizations(owner) if org.registration_number == number)
        pledge = projects.make_pledge(organization, owner, project_ids[code], Money(Decimal(amount), currency))
        if state in ("committed", "paid"):
            projects.commit_pledge(pledge.id, officer)
        if state == "paid":
            projects.record_paid(pledge.id, officer)
        if state == "withdrawn":
            projects.withdraw_pledge(pledge.id, owner)
    for code, _theme, _place, state, *_rest in DEMO_PROJECTS:
        for target in DEMO_PROJECT_PATHS[state]:
            projects.change_project_state(project_ids[code], officer, target)
    _seed_demo_matches(officer, project_ids)
    rematch_all(suggestible_need_ids())


def _placed(texts: dict[str, str], where: dict[str, str]) -> dict[str, str]:
    """A theme's text per language, with the project's place put in."""
    return {lang: text.format(place=where[lang]) for lang, text in texts.items()}


def _seed_demo_matches(officer: User, project_ids: dict[str, int]) -> None:
    from datetime import date

    from portal.needs.models import Need, NeedState
    from portal.projects import services as projects

    for (country, subsector), code, note, accepted in DEMO_MATCHES:
        need = db.session.scalar(
            db.select(Need)
            .where(Need.state == NeedState.PUBLISHED, Need.end_date >= date.today(), Need.country_code == country,
                   Need.subsectors.any(code=subsector))
            .order_by(Need.id)
            .limit(1)
        )
        if need is None:  # on a database whose demo needs have moved on since they were seeded
            continue
        match = projects.propose_match(need.id, project_ids[code], officer, note)
        if accepted:
            projects.accept_match(match.id, need.author)


# --- The forum ----------------------------------------------------------------------------------

# A session: kind, day (venue's calendar), start and end (venue's wall clock), room, capacity,
# languages, speakers (one per line), title, description.
DEMO_PAST_SESSIONS = [
    ("plenary", "2024-10-15", "09:30", "11:00", "Al-Majlis Hall", None, ["ar", "en", "fr"],
     "Director-General of ISESCO\nMinister of Endowments and Islamic Affairs, State of Qatar",
     {"ar": "الجلسة الافتتاحية", "en": "Opening session", "fr": "Séance d'ouverture"}, None),
    ("panel", "2024-10-15", "11:30", "13:00", "Al-Majlis Hall", None, ["ar", "en", "fr"],
     "Dr. Khalid Al-Mansouri, endowment economist\nFatou Ndiaye, Network of West African charities\n"
     "Dr. Rashid Karimov, Islamic Development Research Centre",
     {"ar": "الأوقاف والتعليم: تجارب ناجحة", "en": "Endowments and education: what works",
      "fr": "Waqf et éducation : les expériences qui réussissent"},
     {"ar": "ثلاث مؤسسات وقفية تعرض كيف تمول مدارس لعشرين عاماً وأكثر.",
      "en": "Three endowments show how they have funded schools for twenty years and more.",
      "fr": "Trois fondations waqf montrent comment elles financent des écoles depuis vingt ans et plus."}),
    ("workshop", "2024-10-16", "10:00", "12:00", "Room 204", 35, ["ar", "en"],
     "Mona Al-Kuwari, Qatar Charity Coordination Office",
     {"ar": "إدارة المشاريع في حالات الطوارئ", "en": "Running projects in emergencies",
      "fr": "Conduire des projets en situation d'urgence"}, None),
    ("plenary", "2024-10-16", "15:00", "16:30", "Al-Majlis Hall", None, ["ar", "en", "fr"],
     "Director-General of ISESCO",
     {"ar": "الجلسة الختامية وإعلان الدوحة", "en": "Closing session and Doha Declaration",
      "fr": "Séance de clôture et Déclaration de Doha"}, None),
]

DEMO_NEXT_SESSIONS = [
    ("plenary", "2027-04-20", "09:00", "10:30", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Director-General of ISESCO\nMinister of Habous and Islamic Affairs, Kingdom of Morocco\n"
     "Hodan Abdi Warsame, Al-Ihsan Charitable Society",
     {"ar": "الجلسة الافتتاحية", "en": "Opening session", "fr": "Séance d'ouverture"},
     {"ar": "كلمات الترحيب، وعرض حصيلة الالتزامات التي أعلنت في منتدى الدوحة سنة 2024.",
      "en": "Words of welcome, and a review of the commitments announced at the 2024 Doha forum.",
      "fr": "Mots de bienvenue et bilan des engagements annoncés au forum de Doha en 2024."}),
    ("panel", "2027-04-20", "11:00", "12:30", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Dr. Layla Al-Sabbagh, education in emergencies specialist\n"
     "Ibrahima Sow, Ministry of National Education, Senegal\nد. سلمى عبد الكريم الجبوري",
     {"ar": "تعليم الأطفال في مناطق النزاعات والكوارث", "en": "Schooling children in conflict and disaster zones",
      "fr": "Scolariser les enfants dans les zones de conflit et de catastrophe"},
     {"ar": "كيف تبقى المدارس مفتوحة حين تنهار الطرق والمباني؟ تجارب من الصومال واليمن والساحل.",
      "en": "How do schools stay open when roads and buildings fail? Experience from Somalia, Yemen and the Sahel.",
      "fr": "Comment les écoles restent-elles ouvertes quand routes et bâtiments cèdent ? "
            "Expériences de Somalie, du Yémen et du Sahel."}),
    ("workshop", "2027-04-20", "14:00", "16:00", "Salle Ibn Khaldoun", 30, ["ar", "fr"],
     "Karim Benjelloun, ISESCO projects directorate",
     {"ar": "كتابة مقترح مشروع قابل للتمويل", "en": "Writing a project proposal donors will fund",
      "fr": "Rédiger une proposition de projet que les donateurs financeront"},
     {"ar": "ورشة تطبيقية: يصوغ المشاركون مقترحاً كاملاً لاحتياج نشروه على البوابة، بميزانيته ومؤشراته.",
      "en": "Hands-on: participants draft a full proposal, with budget and indicators, for a need they posted "
            "on the portal.",
      "fr": "Atelier pratique : chacun rédige une proposition complète, budget et indicateurs compris, "
            "pour un besoin publié sur le portail."}),
    ("panel", "2027-04-20", "14:00", "15:30", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Abdullah Al-Harbi, Ministry of Islamic Affairs, Dawah and Guidance\n"
     "Dr. Nurul Huda Ismail, International Islamic Endowment Institute",
     {"ar": "الوقف تمويلاً مستداماً للتعليم", "en": "Waqf as lasting finance for education",
      "fr": "Le waqf, un financement durable pour l'éducation"}, None),
    ("side_event", "2027-04-20", "18:00", "20:00", "Exhibition hall", None, ["ar", "fr"],
     "Centre des manuscrits de Tombouctou",
     {"ar": "معرض: مخطوطات تمبكتو، من الإنقاذ إلى الرقمنة",
      "en": "Exhibition: the Timbuktu manuscripts, rescued and digitised",
      "fr": "Exposition : les manuscrits de Tombouctou, sauvés et numérisés"},
     {"ar": "عرض لمخطوطات أصلية ونسخها الرقمية، يعقبه حفل استقبال.",
      "en": "Original manuscripts beside their digital copies, followed by a reception.",
      "fr": "Des manuscrits originaux à côté de leurs copies numériques, suivis d'une réception."}),
    ("panel", "2027-04-21", "09:00", "10:30", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Dr. Hassan Al-Obeidi, Iraqi State Board of Antiquities and Heritage\n"
     "Aïssata Traoré, Centre des manuscrits de Tombouctou\n"
     "Prof. Rania Haddad, heritage architect",
     {"ar": "صون التراث المهدد", "en": "Safeguarding heritage at risk", "fr": "Sauvegarder le patrimoine menacé"},
     None),
    ("workshop", "2027-04-21", "11:00", "13:00", "Salle Al-Idrissi", 40, ["en", "fr"],
     "Dr. Siti Aminah binti Rahman, Centre for Islamic Heritage Research\nClaire Martin, Al-Khair Development Fund",
     {"ar": "قياس أثر المشاريع الخيرية", "en": "Measuring the impact of charitable projects",
      "fr": "Mesurer l'impact des projets caritatifs"},
     {"ar": "مؤشرات بسيطة يمكن لجمعية صغيرة جمعها، وكيف تعرضها على المانحين.",
      "en": "Simple indicators a small charity can collect, and how to present them to donors.",
      "fr": "Des indicateurs simples qu'une petite association peut recueillir, et comment les présenter "
            "aux donateurs."}),
    ("panel", "2027-04-21", "14:30", "16:00", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Claire Martin, Al-Khair Development Fund\nDr. Idris Bakr, zakat fund auditor\nHana Ben Salah, journalist",
     {"ar": "الشفافية والثقة: تقديم التقارير إلى المانحين", "en": "Transparency and trust: reporting to donors",
      "fr": "Transparence et confiance : rendre compte aux donateurs"}, None),
    ("plenary", "2027-04-21", "16:30", "17:30", "Grand Auditorium", None, ["ar", "en", "fr"],
     "Director-General of ISESCO",
     {"ar": "الجلسة الختامية وإعلان الرباط", "en": "Closing session and Rabat Declaration",
      "fr": "Séance de clôture et Déclaration de Rabat"}, None),
]

DEMO_EDITIONS = [
    {
        "ordinal": 3, "year": 2024, "state": "archived",
        "title": {"ar": "المنتدى الثالث لمؤسسات العمل الخيري في العالم الإسلامي",
                  "en": "3rd Forum of Charity Institutions in the Islamic World",
                  "fr": "3e Forum des institutions caritatives du monde islamique"},
        "description": {"ar": "اجتمعت في الدوحة مئتان وأربعون مؤسسة خيرية ووقفية ووزارة حول تمويل التعليم "
                              "بالأوقاف والعمل في حالات الطوارئ، واختتم المنتدى بإعلان الدوحة.",
                        "en": "Two hundred and forty charities, endowments and ministries met in Doha on endowment "
                              "finance for education and on working in emergencies; the forum closed with the "
                              "Doha Declaration.",
                        "fr": "Deux cent quarante associations, fondations waqf et ministères se sont réunis à Doha "
                              "sur le financement de l'éducation par le waqf et l'action d'urgence ; le forum "
                              "s'est conclu par la Déclaration de Doha."},
        "city": {"ar": "الدوحة", "en": "Doha", "fr": "Doha"}, "country_code": "QA",
        "venue": {"ar": "مركز قطر الوطني للمؤتمرات", "en": "Qatar National Convention Centre",
                  "fr": "Centre national des congrès du Qatar"},
        "start_date": "2024-10-15", "end_date": "2024-10-16", "timezone": "Asia/Qatar",
        "registration_opens": "2024-06-01", "registration_closes": "2024-10-01", "capacity": 250,
        "sessions": DEMO_PAST_SESSIONS,
    },
    {
        "ordinal": 4, "year": 2027, "state": "registration_open",
        "title": {"ar": "المنتدى الرابع لمؤسسات العمل الخيري في العالم الإسلامي",
                  "en": "4th Forum of Charity Institutions in the Islamic World",
                  "fr": "4e Forum des institutions caritatives du monde islamique"},
        "description": {"ar": "يجمع المنتدى كل ثلاث سنوات الجمعيات الخيرية والأوقاف والوزارات والمانحين من الدول "
                              "الأعضاء في الإيسيسكو لتنسيق عملهم في التربية والعلوم والثقافة والاتصال. تتناول دورة "
                              "2027 تعليم الأطفال في مناطق النزاعات والكوارث، وتمويل المشاريع المستدامة بالأوقاف، "
                              "وصون التراث المهدد.",
                        "en": "Every three years the forum brings together the charities, endowments, ministries "
                              "and donors of ISESCO's Member States to coordinate their work in education, science, "
                              "culture and communication. The 2027 edition focuses on schooling children in "
                              "conflict and disaster zones, endowment finance for lasting projects, and "
                              "safeguarding heritage at risk.",
                        "fr": "Tous les trois ans, le forum réunit les associations caritatives, les fondations "
                              "waqf, les ministères et les donateurs des États membres de l'ICESCO pour coordonner "
                              "leur action en éducation, sciences, culture et communication. L'édition 2027 porte "
                              "sur la scolarisation des enfants dans les zones de conflit et de catastrophe, le "
                              "financement des projets durables par le waqf et la sauvegarde du patrimoine menacé."},
        "city": {"ar": "الرباط", "en": "Rabat", "fr": "Rabat"}, "country_code": "MA",
        "venue": {"ar": "مقر الإيسيسكو", "en": "ISESCO headquarters", "fr": "Siège de l'ICESCO"},
        "start_date": "2027-04-20", "end_date": "2027-04-21", "timezone": "Africa/Casablanca",
        "registration_opens": "2026-11-01", "registration_closes": "2027-04-10", "capacity": 300,
        "sessions": DEMO_NEXT_SESSIONS,
    },
]

# edition's ordinal, email, state, participant type, registration number of the organization
# (None: alone), interpretation language, listed publicly, registered on (UTC); then the
# optional details: accessibility, dietary, visa (name in passport, number, nationality,
# expiry), reason (in the participant's language), workshops (their order in the programme).
DEMO_FORUM_REGISTRATIONS = [
    (3, "charity@demo.isesco.org", "checked_in", "delegate", "SO-NGO-2011-0457", "ar", True, "2024-07-02 09:15", {}),
    (3, "ministry@demo.isesco.org", "checked_in", "speaker", "SA-MIN-AWQAF", "ar", True, "2024-06-12 11:40", {}),
    (3, "omar.haddad@demo.isesco.org", "checked_in", "expert", None, "ar", True, "2024-08-20 16:05", {}),
    (4, "charity@demo.isesco.org", "approved", "delegate", "SO-NGO-2011-0457", "ar", True, "2026-11-02 08:30",
     {"visa": ("HODAN ABDI WARSAME", "P01946873", "SO", "2030-05-17"), "workshops": [0]}),
    (4, "donor@demo.isesco.org", "approved", "delegate", "AE-FDN-0091", "en", True, "2026-11-03 10:10",
     {"dietary": "No nuts, please (allergy).", "workshops": [0, 1]}),
    (4, "ministry@demo.isesco.org", "approved", "speaker", "SA-MIN-AWQAF", "ar", True, "2026-11-03 13:45",
     {"accessibility": "أحتاج إلى مقعد قريب من المنصة بسبب ضعف السمع."}),
    (4, "aissata.traore@demo.isesco.org", "checked_in", "speaker", "ML-CC-2002-17", "fr", True, "2026-11-05 10:25",
     {"dietary": "Végétarienne.", "workshops": [1]}),
    (4, "omar.haddad@demo.isesco.org", "waitlisted", "expert", None, "ar", False, "2026-11-09 07:20", {}),
    (4, "youssef.maqtari@demo.isesco.org", "pending", "delegate", None, "ar", False, "2026-11-18 09:05",
     {"visa": ("YOUSEF ABDULLAH AL-MAQTARI", "08817452", "YE", "2029-02-11")}),
    (4, "ahmad.fauzi@demo.isesco.org", "rejected", "observer", None, "en", False, "2026-11-08 03:15",
     {"reason": "Observer seats at this edition are kept for the institutions of Member States. Register your "
                "foundation on the portal and, once ISESCO has verified it, register again on its behalf."}),
    (4, "mamadou.diallo@demo.isesco.org", "cancelled", "press", None, "fr", False, "2026-11-04 18:00", {}),
]

# Demo participants who work for a demo organization, and so register on its behalf.
DEMO_FORUM_MEMBERSHIPS = [
    ("aissata.traore@demo.isesco.org", "ML-CC-2002-17"),
]


def seed_demo_forum() -> None:
    """The past edition, the next one with two days of programme, and its registrations in
    every state: rows written directly, as a participant's history would leave them, without
    mails."""
    _seed_demo_forum_memberships()
    editions = {spec["ordinal"]: _seed_demo_edition(spec) for spec in DEMO_EDITIONS}
    officer = find_user_by_email("officer@demo.isesco.org")
    for ordinal, email, state, participant_type, number, language, listed, registered, details in (
        DEMO_FORUM_REGISTRATIONS
    ):
        _seed_demo_registration(editions[ordinal], find_user_by_email(email), officer, state, participant_type,
                                number, language, listed, registered, details)
    db.session.commit()


def _seed_demo_forum_memberships() -> None:
    from portal.organizations.models import MemberRole, Membership

    for email, number in DEMO_FORUM_MEMBERSHIPS:
        user = find_user_by_email(email)
        organization = _demo_organization(number)
        if organization is None or db.session.scalar(
            db.select(Membership.id).where(Membership.organization_id == organization.id,
                                           Membership.user_id == user.id)
        ):
            continue
        db.session.add(Membership(organization_id=organization.id, user_id=user.id, role=MemberRole.EDITOR))
    db.session.commit()


def _demo_organization(number: str) -> Organization | None:
    """The demo organization with this registration number, if it is verified."""
    return db.session.scalar(
        db.select(Organization).where(Organization.registration_key == registration_key(number),
                                      Organization.state == OrganizationState.VERIFIED)
    )


def _seed_demo_edition(spec: dict):
    """The edition of this ordinal, with its programme when it is new."""
    from datetime import date

    from portal.forum.models import Edition

    edition = db.session.scalar(db.select(Edition).where(Edition.ordinal == spec["ordinal"]))
    if edition is not None:
        return edition
    edition = Edition(
        ordinal=spec["ordinal"],
        year=spec["year"],
        title=TranslatedText.build(spec["title"], "ar"),
        description=TranslatedText.build(spec["description"], "ar"),
        city=TranslatedText.build(spec["city"], "ar"),
        country_code=spec["country_code"],
        venue=TranslatedText.build(spec["venue"], "ar"),
        start_date=date.fromisoformat(spec["start_date"]),
        end_date=date.fromisoformat(spec["end_date"]),
        timezone=spec["timezone"],
        registration_opens=date.fromisoformat(spec["registration_opens"]),
        registration_closes=date.fromisoformat(spec["registration_closes"]),
        capacity=spec["capacity"],
        interpretation_languages=["ar", "en", "fr"],
        approve_automatically=False,
        state=spec["state"],
    )
    db.session.add(edition)
    for kind, day, start, end, room, capacity, languages, speakers, title, description in spec["sessions"]:
        edition.sessions.append(_demo_session(
            spec["timezone"], kind, day, start, end, room, capacity, languages, speakers, title, description,
        ))
    db.session.commit()
    return edition


def _demo_session(zone: str, kind: str, day: str, start: str, end: str, room: str, capacity: int | None,
                  languages: list[str], speakers: str, title: dict, description: dict | None):
    from portal.forum.models import Session

    return Session(
        title=TranslatedText.build(title, "ar"),
        description=TranslatedText.build(description, "ar") if description else None,
        kind=kind,
        starts_at=_venue_time(day, start, zone),
        ends_at=_venue_time(day, end, zone),
        room=room,
        capacity=capacity,
        speakers=speakers,
        languages=languages,
    )


def _venue_time(day: str, clock: str, zone: str):
    """A day and wall-clock time at the venue, as the naive UTC the database keeps."""
    from datetime import datetime

    from portal.core.time import from_zone

    return from_zone(datetime.fromisoformat(f"{day} {clock}"), zone)


def _seed_demo_registration(edition, user: User, officer: User, state: str, participant_type: str,
                            number: str | None, language: str, listed: bool, registered: str,
                            details: dict) -> None:
    """One registration, unless the user has one for the edition already; decided two days
    after it was made, checked in at the desk on the first morning (or now, for an edition to
    come: the demo shows the state)."""
    from datetime import datetime, timedelta

    from portal.forum.models import Registration, RegistrationState, SessionKind, SessionSignup

    if db.session.scalar(
        db.select(Registration.id).where(Registration.edition_id == edition.id, Registration.user_id == user.id)
    ):
        return
    organization = _demo_organization(number) if number else None
    created_at = datetime.fromisoformat(registered)
    passport_name, passport_number, nationality, expiry = details.get("visa") or (None, None, None, None)
    registration = Registration(
        edition_id=edition.id,
        user_id=user.id,
        organization_id=organization.id if organization else None,
        participant_type=participant_type,
        interpretation_language=language,
        accessibility_needs=details.get("accessibility"),
        dietary_needs=details.get("dietary"),
        listed_publicly=listed,
        visa_letter_requested="visa" in details,
        passport_name=passport_name,
        passport_number=passport_number,
        nationality=nationality,
        passport_expiry=datetime.fromisoformat(expiry).date() if expiry else None,
        state=state,
        code=secrets.token_urlsafe(16),
        decision_reason=details.get("reason"),
        created_at=created_at,
        decided_at=None if state == RegistrationState.PENDING else created_at + timedelta(days=2),
    )
    if state == RegistrationState.CHECKED_IN:
        first_morning = _venue_time(edition.start_date.isoformat(), "08:30", edition.timezone)
        registration.checked_in_at = registration.decided_at = min(first_morning, utcnow())
        registration.checked_in_by_id = officer.id
    db.session.add(registration)
    db.session.flush()
    if state not in RegistrationState.SEATED:
        return
    workshops = [session for session in edition.sessions if session.kind == SessionKind.WORKSHOP]
    for index in details.get("workshops", []):
        if index < len(workshops):
            db.session.add(SessionSignup(session_id=workshops[index].id, registration_id=registration.id))


# --- The forum's discussion ----------------------------------------------------------------------

# A theme: edition's ordinal, position, opened on (UTC), title, description, threads. A thread:
# author's email, title (in its author's language: a thread is written in one language), posts,
# and its lock (officer's email, when, reason) or None. A post: author's email, written on (UTC),
# body (Markdown), and what happened to it: "hidden" (officer's email, when, reason) and
# "reports" [(reporter's email, when, reason, resolved on or None)].
DEMO_DISCUSSION = [
    (4, 1, "2026-11-01 08:00",
     {"ar": "تعليم الأطفال في مناطق النزاعات والكوارث", "en": "Schooling children in conflict and disaster zones",
      "fr": "Scolariser les enfants dans les zones de conflit et de catastrophe"},
     {"ar": "كيف يبقى الأطفال في التعلم حين تُغلق المدارس أو تُدمَّر؟ شاركوا تجاربكم في الفصول المؤقتة، ورواتب "
            "المعلمين، والدعم النفسي والاجتماعي، وقياس ما يتعلمه الأطفال فعلاً.",
      "en": "How do children keep learning when schools are closed or destroyed? Share what you have learnt about "
            "temporary classrooms, teachers' pay, psychosocial support and measuring what children actually learn.",
      "fr": "Comment les enfants continuent-ils d'apprendre quand les écoles sont fermées ou détruites ? Partagez vos "
            "expériences : classes temporaires, rémunération des enseignants, soutien psychosocial et mesure de ce "
            "que les enfants apprennent réellement."},
     [
         ("charity@demo.isesco.org", "فصول مؤقتة بعد الفيضانات: ما الذي نجح عندكم؟", [
             ("charity@demo.isesco.org", "2026-11-06 09:20",
              "السلام عليكم ورحمة الله،\n\n"
              "بعد فيضانات بيدوا الأخيرة نصبنا خياماً تعليمية لثلاثمئة طفل نازح ريثما يُعاد بناء المدرسة. "
              "ما تعلمناه حتى الآن:\n\n"
              "- الخيام لا تصمد أكثر من موسم أمطار واحد، والفصول الخشبية المسبقة الصنع أطول عمراً وأقل كلفة "
              "على المدى البعيد.\n"
              "- **رواتب المعلمين** هي أول ما ينقطع، وحين تنقطع يغيب المعلمون قبل الأطفال.\n"
              "- وجبة الإفطار في المدرسة ضاعفت الحضور في الأسابيع الأولى.\n\n"
              "هل جرّب أحدكم الفصول المسبقة الصنع في اليمن أو السودان؟ وكم كانت كلفة الفصل الواحد؟", {}),
             ("ministry@demo.isesco.org", "2026-11-07 11:05",
              "جربنا ذلك في مأرب. وهذه أسماء الأيتام الذين كفلناهم في الفصل الأول مع قراهم، لمن أراد التواصل "
              "معهم مباشرة: أحمد علي صالح (عشر سنوات، قرية الجفينة)، وفاطمة محمد ناصر (تسع سنوات، قرية الروضة)، "
              "ومريم عبده قاسم (إحدى عشرة سنة، قرية الجفينة).",
              {"hidden": ("officer@demo.isesco.org", "2026-11-07 13:40",
                          "أخفيت هذه المشاركة لأنها تذكر أسماء أطفال أيتام وقراهم، وفي ذلك خطر عليهم. "
                          "يرجى إعادة نشرها دون أي بيانات شخصية."),
               "reports": [("charity@demo.isesco.org", "2026-11-07 12:10",
                            "المشاركة تنشر أسماء أطفال أيتام وأماكن سكنهم.", "2026-11-07 13:40")]}),
             ("ministry@demo.isesco.org", "2026-11-07 15:30",
              "أعتذر عن المشاركة السابقة، وأعيدها دون أسماء.\n\n"
              "جرّبنا في مأرب فصولاً مسبقة الصنع من الألواح المعزولة: بلغت كلفة الفصل الواحد نحو ستة آلاف دولار "
              "مع الأثاث، وصمدت ثلاثة مواسم حتى الآن. الشرط الأهم أن تُصبّ لها **قاعدة إسمنتية مرتفعة**، وإلا "
              "غمرتها المياه كما تغمر الخيام.", {}),
             ("charity@demo.isesco.org", "2026-11-08 08:45",
              "جزاكم الله خيراً، هذا مفيد جداً: ستة آلاف دولار أقل مما قدّرناه. سنعرض المقارنة بين الخيام والفصول "
              "المسبقة الصنع في جلسة «تعليم الأطفال في مناطق النزاعات والكوارث» يوم 20 أبريل إن شاء الله.", {}),
         ], None),
         ("donor@demo.isesco.org", "Measuring learning, not just enrolment, in emergency schools", [
             ("donor@demo.isesco.org", "2026-11-09 10:00",
              "Our board keeps asking how many children are *enrolled*. I would rather report how many can "
              "**read a short paragraph** after a year in one of the schools we fund.\n\n"
              "We have started using a short oral reading check that a trained assessor runs in about ten minutes "
              "per child; the [INEE Minimum Standards](https://inee.org/minimum-standards) have a useful chapter "
              "on assessing learning in emergencies.\n\n"
              "Has anyone run such checks in Arabic or Somali? What did it cost you in teachers' time?", {}),
             ("charity@demo.isesco.org", "2026-11-10 07:30",
              "We did it in Baidoa last term, in Somali, with help from the regional education office. "
              "Three things we learnt:\n\n"
              "1. Train two assessors per school rather than the class teachers: teachers are tempted to help.\n"
              "2. Ten minutes is right for grade 3; for grade 1, five minutes is plenty.\n"
              "3. Share the results with the parents' committee. For many parents it was the first time they saw "
              "what their children could do.\n\n"
              "It cost us about four assessor-days per school.", {}),
             ("donor@demo.isesco.org", "2026-11-10 16:20",
              "Thank you, Hodan: this is exactly the evidence donors need. Would you present the Baidoa results at "
              "the workshop *Measuring the impact of charitable projects* on 21 April? The Fund would cover the "
              "travel of one of your assessors.", {}),
         ], None),
     ]),
    (4, 2, "2026-11-01 08:05",
     {"ar": "الأوقاف لتمويل المشاريع المستدامة", "en": "Endowment (waqf) finance for lasting projects",
      "fr": "Le waqf pour financer des projets durables"},
     {"ar": "الوقف النقدي، والأوقاف العقارية، والصكوك الوقفية: ما النماذج التي تموّل مدرسة أو مكتبة عشرين عاماً، "
            "وكيف تُحفظ أصولها وتُدار بشفافية؟",
      "en": "Cash waqf, property endowments and waqf sukuk: which models keep a school or a library running for "
            "twenty years, and how are their assets protected and managed transparently?",
      "fr": "Waqf en numéraire, waqf immobilier, sukuk waqf : quels modèles font vivre une école ou une bibliothèque "
            "pendant vingt ans, et comment en protéger les actifs et les gérer en toute transparence ?"},
     [
         ("officer@demo.isesco.org", "Questions for the panel “Waqf as lasting finance for education”", [
             ("officer@demo.isesco.org", "2026-11-04 08:30",
              "The panel on waqf finance meets on **20 April at 14:00** in the Grand Auditorium. The panellists "
              "would like to receive participants' questions in advance.\n\n"
              "Please post your questions here before 20 November, one per reply if you can. We will group them "
              "and send them to the panellists.", {}),
             ("donor@demo.isesco.org", "2026-11-05 11:15",
              "Two questions from the Al-Khair Development Fund:\n\n"
              "1. How should a cash waqf report its returns to the donors who founded it: every year, or project "
              "by project?\n"
              "2. Can a waqf created in one Member State fund a school in another, and which law governs it then?",
              {}),
             ("charity@demo.isesco.org", "2026-11-06 15:45",
              "From Al-Ihsan: how can a small charity without an investment team take part in a waqf fund run by a "
              "ministry, and still have a say in which schools it supports?", {}),
         ], ("officer@demo.isesco.org", "2026-11-20 17:00",
             "The questions were sent to the panellists on 20 November. Thank you all; please carry on the "
             "discussion in the theme's other threads.")),
         ("ministry@demo.isesco.org", "الوقف النقدي لرواتب المعلمين: هل يكفي العائد؟", [
             ("ministry@demo.isesco.org", "2026-11-10 12:00",
              "نعمل في الوزارة على صندوق وقفي نقدي تُصرف عوائده على رواتب المعلمين في المدارس التي تدعمها "
              "الجمعيات في اليمن والصومال والسودان.\n\n"
              "الحساب التقريبي: راتب المعلم نحو مئتي دولار شهرياً، أي ألفين وأربعمئة دولار في السنة. وبعائد صافٍ "
              "قدره خمسة في المئة يحتاج كل معلم إلى أصل وقفي قدره **ثمانية وأربعون ألف دولار**.\n\n"
              "سؤالي للمشاركين: هل لديكم تجربة في استثمار الأصول الوقفية في صكوك أو عقارات بعائد ثابت في هذه "
              "الحدود؟ وكيف تحمون الأصل من التضخم؟", {}),
             ("charity@demo.isesco.org", "2026-11-11 09:10",
              "تجربتنا متواضعة: وقف عقاري صغير في مقديشو (محلان تجاريان) يغطي إيجاره رواتب ستة معلمين منذ أربع "
              "سنوات. حمانا العقار من التضخم أفضل من النقد، لكن الصيانة والإيجارات المتأخرة تأكل جزءاً من العائد.\n\n"
              "أقترح مزيجاً:\n\n"
              "- جزء عقاري للحماية من التضخم؛\n"
              "- وجزء في صكوك لسيولة منتظمة تُدفع منها الرواتب كل شهر.", {}),
             ("ministry@demo.isesco.org", "2026-11-12 14:25",
              "جزاك الله خيراً. المزيج منطقي، وسنعرضه في جلسة «الوقف تمويلاً مستداماً للتعليم». وقد طرحنا الفكرة "
              "مقترحاً رسمياً في صفحة مقترحات المنتدى، لمن أراد تأييده أو الالتزام بالمساهمة فيه.", {}),
         ], None),
     ]),
    (4, 3, "2026-11-01 08:10",
     {"ar": "صون المخطوطات والتراث المهدد", "en": "Safeguarding manuscripts and heritage at risk",
      "fr": "Sauvegarder les manuscrits et le patrimoine menacés"},
     {"ar": "مخطوطات عائلية تتلفها الرطوبة والأرضة، ومواقع تاريخية أصابتها الحروب: أولويات الإنقاذ، والرقمنة، "
            "وتدريب المرممين المحليين.",
      "en": "Family manuscripts eaten by damp and termites, historic sites damaged by war: priorities for rescue, "
            "digitisation and the training of local conservators.",
      "fr": "Manuscrits familiaux rongés par l'humidité et les termites, sites historiques endommagés par la guerre : "
            "priorités de sauvetage, numérisation et formation de restaurateurs locaux."},
     [
         ("aissata.traore@demo.isesco.org", "Manuscrits familiaux : numériser d'abord, ou restaurer d'abord ?", [
             ("aissata.traore@demo.isesco.org", "2026-11-12 10:15",
              "Bonjour à toutes et à tous,\n\n"
              "À Tombouctou, beaucoup de familles gardent encore leurs manuscrits dans des cantines métalliques. "
              "Avec un budget limité, nous hésitons entre deux stratégies :\n\n"
              "- **numériser d'abord** tout ce qui est lisible, pour que le texte soit sauvé même si le support se "
              "dégrade ;\n"
              "- **stabiliser d'abord** (boîtes de conservation, traitement contre les termites), puis numériser "
              "plus lentement.\n\n"
              "Notre expérience penche pour la première, mais les restaurateurs nous mettent en garde contre les "
              "manipulations répétées. Qu'en pensez-vous ?", {}),
             ("officer@demo.isesco.org", "2026-11-13 09:00",
              "Merci, Aïssata. Pour nourrir la discussion : les recommandations de l'IFLA sur la conservation "
              "([ifla.org](https://www.ifla.org/)) conseillent de traiter d'abord les pièces les plus fragiles et "
              "de ne les manipuler qu'une fois, pour la stabilisation et la prise de vue ensemble. Le panel "
              "« Sauvegarder le patrimoine menacé » du 21 avril abordera justement cette question.", {}),
             ("donor@demo.isesco.org", "2026-11-14 17:40",
              "Nous avons eu de bons résultats avec un prestataire de numérisation mobile, qui vient sur place avec "
              "ses scanners et ses éclairages froids. Ses tarifs baissent à partir de 5 000 pages : "
              "[voir les tarifs](https://scan-heritage.example.com/tarifs). Mentionnez le forum, il accorde une "
              "remise.",
              {"reports": [("aissata.traore@demo.isesco.org", "2026-11-15 08:30",
                            "Ce message fait la publicité d'un prestataire commercial, avec une remise à la clé. "
                            "Est-ce conforme aux règles du forum ?", None)]}),
         ], None),
     ]),
    (3, 1, "2024-10-01 09:00",
     {"ar": "التعليم في حالات الطوارئ وتمويله بالأوقاف", "en": "Education in emergencies and its endowment finance",
      "fr": "L'éducation en situation d'urgence et son financement par le waqf"},
     {"ar": "قبل لقاء الدوحة: ما الذي يجعل وقفاً تعليمياً يصمد أمام الحروب وانهيار العملات؟",
      "en": "Before we meet in Doha: what makes an education endowment withstand war and collapsing currencies?",
      "fr": "Avant la rencontre de Doha : qu'est-ce qui permet à un waqf éducatif de résister aux guerres et à "
            "l'effondrement des monnaies ?"},
     [
         ("omar.haddad@demo.isesco.org", "كيف نحمي الأوقاف التعليمية من التضخم وتقلب العملات؟", [
             ("omar.haddad@demo.isesco.org", "2024-10-03 19:10",
              "في بلدان كاليمن وسوريا فقدت العملة المحلية أكثر من نصف قيمتها في سنوات قليلة، فتآكلت أوقاف نقدية "
              "كثيرة كانت تموّل المدارس.\n\n"
              "ما الحلول العملية التي جربتها مؤسساتكم؟ وهل يصح شرعاً وعملياً ربط الوقف النقدي بالذهب أو بعملة "
              "أجنبية مستقرة؟", {}),
             ("ministry@demo.isesco.org", "2024-10-05 10:30",
              "سؤال في محله. أجازت المجامع الفقهية استثمار النقود الموقوفة بما يحفظ قيمتها، ومن ذلك شراء أصول "
              "عقارية أو ذهب. ونحن في الوزارة نشترط في الأوقاف التعليمية التي نشرف عليها **ألا يقل الجزء العقاري "
              "عن النصف**. سنعرض التفاصيل في جلسة «الأوقاف والتعليم: تجارب ناجحة» يوم 15 أكتوبر.", {}),
         ], None),
     ]),
]


def _at(moment: str):
    from datetime import datetime

    return datetime.fromisoformat(moment)


def _demo_edition_by_ordinal(ordinal: int):
    from portal.forum.models import Edition

    return db.session.scalar(db.select(Edition).where(Edition.ordinal == ordinal))


def seed_demo_discussion() -> None:
    """Themes of both demo editions, with threads and posts as their participants wrote them, one
    post hidden, one thread locked, one report still open: rows written directly, without mails.
    A theme is known by its English title within its edition, a thread by its title within its
    theme; a thread's posts come with it."""
    from portal.core.markdown import render_markdown
    from portal.discussion.models import Post, PostReport, Theme, Thread

    for ordinal, position, opened, title, description, threads in DEMO_DISCUSSION:
        edition = _demo_edition_by_ordinal(ordinal)
        if edition is None:
            continue
        theme = next((theme for theme in db.session.scalars(db.select(Theme).where(Theme.edition_id == edition.id))
                      if theme.title.get("en") == title["en"]), None)
        if theme is None:
            theme = Theme(edition_id=edition.id, title=TranslatedText.build(title, "ar"),
                          description=TranslatedText.build(description, "ar"), position=position,
                          created_at=_at(opened))
            db.session.add(theme)
            db.session.flush()
        for author_email, thread_title, posts, lock in threads:
            if db.session.scalar(db.select(Thread.id).where(Thread.theme_id == theme.id, Thread.title == thread_title)):
                continue
            thread = Thread(theme_id=theme.id, author_id=find_user_by_email(author_email).id, title=thread_title,
                            created_at=_at(posts[0][1]), last_post_at=_at(posts[-1][1]))
            if lock:
                officer_email, locked_at, reason = lock
                thread.locked_at, thread.locked_by_id, thread.lock_reason = (
                    _at(locked_at), find_user_by_email(officer_email).id, reason)
            db.session.add(thread)
            for post_author, written, body, events in posts:
                post = Post(thread=thread, author_id=find_user_by_email(post_author).id, body=body,
                            body_html=str(render_markdown(body)), created_at=_at(written))
                if "hidden" in events:
                    officer_email, hidden_at, reason = events["hidden"]
                    post.hidden_at, post.hidden_by_id, post.hide_reason = (
                        _at(hidden_at), find_user_by_email(officer_email).id, reason)
                db.session.add(post)
                for reporter_email, reported, reason, resolved in events.get("reports", []):
                    db.session.add(PostReport(post=post, reporter_id=find_user_by_email(reporter_email).id,
                                              reason=reason, created_at=_at(reported),
                                              resolved_at=_at(resolved) if resolved else None))
    db.session.commit()


# --- The forum's outcomes ------------------------------------------------------------------------

# A proposal: key (for the endorsements and commitments below), edition's ordinal, registration
# number of the proposing organization, put forward on (UTC), title, description, original
# language, subsectors, countries, state, decision (decided on, reason) or None, project code
# (adopted) or None, endorsements [(registration number, on)].
DEMO_PROPOSALS = [
    ("baidoa_schools", 3, "SO-NGO-2011-0457", "2024-10-15 15:00",
     {"ar": "إعادة بناء المدارس التي دمرتها الفيضانات في إقليم باي بالصومال",
      "en": "Rebuild the flood-damaged schools of Somalia's Bay region",
      "fr": "Reconstruire les écoles détruites par les inondations dans la région de Bay, en Somalie"},
     {"ar": "دمرت فيضانات 2023 و2024 فصولاً دراسية في بيدوا وما حولها، ويدرس مئات الأطفال النازحين تحت الأشجار. "
            "نقترح مشروعاً مشتركاً لإعادة بناء الفصول على قواعد مرتفعة تقاوم الفيضانات، وتجهيزها بالمقاعد والكتب "
            "والمرافق الصحية، مع دفع رواتب المعلمين خلال العامين الأولين. تتولى جمعية الإحسان التنفيذ الميداني، "
            "ونبحث عن شركاء للتمويل والتجهيز.",
      "en": "The floods of 2023 and 2024 destroyed classrooms in and around Baidoa, and hundreds of displaced "
            "children now study under the trees. We propose a joint project to rebuild the classrooms on raised "
            "foundations that resist floods, equip them with desks, books and latrines, and pay the teachers for the "
            "first two years. Al-Ihsan runs the work on the ground; we are looking for partners to fund and equip it.",
      "fr": "Les inondations de 2023 et 2024 ont détruit des salles de classe à Baidoa et dans ses environs, et des "
            "centaines d'enfants déplacés étudient sous les arbres. Nous proposons un projet commun pour reconstruire "
            "les classes sur des fondations surélevées résistant aux crues, les équiper de pupitres, de manuels et de "
            "latrines, et rémunérer les enseignants pendant les deux premières années. Al-Ihsane conduit les travaux "
            "sur le terrain ; nous cherchons des partenaires pour le financement et l'équipement."},
     "ar", ["school_buildings_equipment", "access_enrolment"], ["SO"], "adopted",
     ("2025-03-12 10:00", "Adopted into the catalogue as project EDU-2026-001, to start in September 2026 once the "
                          "engineering survey is done. The Ministry of Islamic Affairs and the Al-Khair Development "
                          "Fund have pledged its first phase."),
     "EDU-2026-001",
     [("SA-MIN-AWQAF", "2024-10-16 09:10"), ("AE-FDN-0091", "2024-10-16 11:30"), ("MA-CN-001", "2024-10-20 08:45")]),
    ("camp_satellite", 3, "QA-CR-55012", "2024-10-16 10:00",
     {"en": "Satellite internet for schools in displacement camps",
      "ar": "إنترنت فضائي لمدارس مخيمات النزوح"},
     {"en": "Sanad Telecom Foundation proposes to connect forty camp schools in Syria, Yemen and Afghanistan by "
            "satellite, so that teachers can download lessons and follow training online. The foundation would "
            "provide the terminals; partners would pay the monthly connection fees and the solar power.",
      "ar": "تقترح مؤسسة سند للاتصالات ربط أربعين مدرسة في مخيمات النزوح في سوريا واليمن وأفغانستان بالإنترنت عبر "
            "الأقمار الصناعية، ليتمكن المعلمون من تنزيل الدروس والتدرب عن بعد. توفر المؤسسة أجهزة الاستقبال، "
            "ويتكفل الشركاء برسوم الاتصال الشهرية وبالطاقة الشمسية."},
     "en", ["digital_learning", "digital_platforms_networks"], ["SY", "YE", "AF"], "not_retained",
     ("2025-02-20 11:00", "Not retained: no partner could commit to the monthly connection fees beyond the first "
                          "year, and without them the terminals would stand idle. ISESCO suggests offering the "
                          "terminals to the digital classrooms project EDU-2026-014, which budgets for connectivity."),
     None,
     [("AF-NGO-3321", "2024-10-17 14:20")]),
    ("quds_catalogue", 3, "PS-CS-1170", "2024-10-16 12:30",
     {"ar": "فهرس رقمي موحد لمخطوطات مكتبات القدس"},
     {"ar": "تحفظ المكتبات العائلية ومكتبات المساجد في القدس آلاف المخطوطات غير المفهرسة، وبعضها مهدد بالرطوبة "
            "والإغلاق. نقترح فهرساً رقمياً موحداً يجمع أوصاف هذه المخطوطات وصورها، يعده مفهرسون مقدسيون مدربون، "
            "ويتاح للباحثين مجاناً، مع خطة لترميم المخطوطات الأشد تضرراً."},
     "ar", ["manuscripts_libraries"], ["PS"], "under_study",
     ("2025-01-15 09:30", "قيد الدراسة لدى قطاع الثقافة: يتحقق الشركاء من موافقة العائلات المالكة للمجموعات قبل أي "
                          "رقمنة، ومن إمكانية استضافة الفهرس في مكتبة رقمية قائمة."),
     None,
     [("MY-UNI-1983", "2024-10-17 10:05"), ("SA-MIN-AWQAF", "2024-10-18 16:40")]),
    ("sahel_conservators", 4, "ML-CC-2002-17", "2026-11-16 10:00",
     {"fr": "Réseau sahélien de restaurateurs de manuscrits"},
     {"fr": "Le Centre des manuscrits de Tombouctou propose de former en deux ans vingt-quatre restaurateurs venus "
            "du Mali, du Niger et de la Mauritanie, qui interviendront ensuite dans les bibliothèques familiales de "
            "leur région. Le projet comprend un atelier de conservation mobile, des boîtes de conservation pour dix "
            "mille manuscrits et un catalogue commun en ligne."},
     "fr", ["manuscripts_libraries", "research_innovation_networks"], ["ML", "NE", "MR"], "open", None, None,
     [("MY-UNI-1983", "2026-11-17 06:30"), ("MA-CN-001", "2026-11-19 10:15")]),
    ("teachers_waqf", 4, "SA-MIN-AWQAF", "2026-11-12 14:00",
     {"ar": "صندوق وقفي لرواتب المعلمين في مناطق النزاع",
      "en": "An endowment fund for teachers' pay in conflict zones",
      "fr": "Un fonds waqf pour la rémunération des enseignants dans les zones de conflit"},
     {"ar": "صندوق وقفي نقدي مشترك تُستثمر أصوله في العقارات والصكوك، وتُصرف عوائده على رواتب معلمي المدارس التي "
            "تدعمها الجمعيات الخيرية في اليمن والصومال والسودان. تسهم الوزارة بالأصل الأول، وتنضم الجمعيات "
            "والمانحون بحصص، ويصدر الصندوق تقريراً سنوياً مدققاً.",
      "en": "A joint cash waqf whose assets are invested in property and sukuk, and whose returns pay the teachers "
            "of schools supported by charities in Yemen, Somalia and Sudan. The ministry provides the first "
            "endowment; charities and donors join with shares, and the fund publishes an audited report every year.",
      "fr": "Un waqf en numéraire commun, dont les actifs sont placés en immobilier et en sukuk, et dont les revenus "
            "rémunèrent les enseignants des écoles soutenues par les associations au Yémen, en Somalie et au "
            "Soudan. Le ministère apporte la première dotation ; associations et donateurs s'y joignent par des "
            "parts, et le fonds publie chaque année un rapport audité."},
     "ar", ["teacher_training", "access_enrolment"], ["YE", "SO", "SD"], "open", None, None, []),
]

# A commitment: edition's ordinal, registration number of the organization, announced on (UTC),
# proposal's key or None, project code or None, due date, state, closed on (fulfilled and
# dropped) or None, description, original language, progress notes [(noted on, new state or
# None, text in the organization's language)].
DEMO_COMMITMENTS = [
    (3, "AE-FDN-0091", "2024-10-16 12:00", "baidoa_schools", "EDU-2026-001", "2026-06-30", "in_progress", None,
     {"en": "Fund the engineering survey and the site preparation of the flood-damaged school in Baidoa before "
            "reconstruction starts.",
      "ar": "تمويل الدراسة الهندسية وتجهيز موقع المدرسة المتضررة من الفيضانات في بيدوا قبل بدء إعادة البناء.",
      "fr": "Financer l'étude technique et la préparation du terrain de l'école endommagée par les inondations à "
            "Baidoa, avant le début de la reconstruction."}, "en",
     [("2025-04-10", "in_progress", "Grant agreement signed with Al-Ihsan Charitable Society; a Mogadishu "
                                    "engineering firm is hired for the survey."),
      ("2026-06-20", None, "The survey is finished and recommends raising the foundations by 80 cm. Site clearing "
                           "is held up: the access road has been flooded since the Gu rains. New estimate: "
                           "December 2026.")]),
    (3, "SA-MIN-AWQAF", "2024-10-16 13:00", "baidoa_schools", "EDU-2026-001", "2027-08-31", "in_progress", None,
     {"ar": "دفع رواتب عشرين معلماً في مدارس بيدوا المعاد بناؤها خلال عامها الدراسي الأول.",
      "en": "Pay twenty teachers of the rebuilt Baidoa schools through their first school year."}, "ar",
     [("2025-05-20", None, "وُقّع اتفاق مع جمعية الإحسان الخيرية لتحويل الرواتب شهرياً بعد التحقق من كشوف الحضور."),
      ("2026-09-06", "in_progress", "صُرفت رواتب شهر سبتمبر لعشرين معلماً عبر جمعية الإحسان، ويدرّس المعلمون "
                                    "مؤقتاً في خيام قرب الموقع إلى أن تكتمل الفصول.")]),
    (3, "SO-NGO-2011-0457", "2024-10-16 15:00", "baidoa_schools", "EDU-2026-001", "2026-09-30", "announced", None,
     {"ar": "تسجيل ثلاثمئة طفل نازح في مدرسة بيدوا وإعداد بطاقة متابعة لكل طفل قبل بداية العام الدراسي.",
      "en": "Enrol three hundred displaced children in the Baidoa school, with a follow-up card for each child, "
            "before the school year begins."}, "ar",
     [("2025-11-02", None, "أجرينا مسحاً أولياً في مخيمات بيدوا وأحصينا أربعمئة واثني عشر طفلاً في سن الدراسة."),
      ("2026-10-05", None, "تأخر التسجيل النهائي: وصلت موجة نزوح جديدة في سبتمبر، ونعيد المسح قبل توزيع المقاعد. "
                           "نتوقع إكمال التسجيل في ديسمبر.")]),
    (3, "MA-CN-001", "2024-10-16 16:00", None, "EDU-2025-007", "2025-12-31", "fulfilled", "2025-11-28 12:00",
     {"fr": "Accueillir à Rabat soixante enseignants somaliens pour une formation de trois semaines en pédagogie "
            "active et en soutien psychosocial.",
      "ar": "استقبال ستين معلماً صومالياً في الرباط لتدريب مدته ثلاثة أسابيع على التدريس النشط والدعم النفسي "
            "والاجتماعي."}, "fr",
     [("2025-06-20", "in_progress", "Première promotion de trente enseignants formée à Rabat du 2 au 20 juin."),
      ("2025-11-28", "fulfilled", "Seconde promotion formée du 3 au 21 novembre : soixante enseignants au total ont "
                                  "reçu leur attestation.")]),
    (3, "QA-CR-55012", "2024-10-16 17:00", "camp_satellite", None, "2025-12-31", "dropped", "2025-03-05 12:00",
     {"en": "Provide forty satellite terminals, installed, for the camp schools named in the proposal."}, "en",
     [("2025-03-05", "dropped", "The proposal was not retained, as no partner could cover the connection fees. We "
                                "are moving this budget to the community radio project in the Sahel "
                                "(COM-2026-004).")]),
    (3, "MY-UNI-1983", "2024-10-17 09:00", "quds_catalogue", None, "2027-03-31", "announced", None,
     {"en": "Lend two conservators for three months, and our cataloguing software, to build the Al-Quds union "
            "catalogue.",
      "ar": "إعارة اثنين من المرممين لمدة ثلاثة أشهر، وبرنامج الفهرسة الخاص بالمركز، لإعداد الفهرس الموحد لمخطوطات "
            "القدس."}, "en",
     [("2025-06-12", None, "The cataloguing software is translated into Arabic and ready; the conservators will "
                           "travel once ISESCO has decided on the proposal.")]),
    (4, "ML-CC-2002-17", "2026-11-16 11:00", "sahel_conservators", "CUL-2026-001", "2027-12-31", "announced", None,
     {"fr": "Former à Tombouctou les huit premiers restaurateurs du réseau et leur fournir chacun une trousse de "
            "conservation."}, "fr",
     [("2026-11-18", None, "Les huit candidats sont retenus (quatre femmes, quatre hommes) ; l'atelier de "
                           "Tombouctou est en cours d'aménagement.")]),
    (4, "AE-FDN-0091", "2026-11-13 10:00", "teachers_waqf", None, "2027-06-30", "in_progress", None,
     {"en": "Match the ministry's first endowment to the teachers' pay fund, up to USD 250,000.",
      "fr": "Abonder la première dotation du ministère au fonds pour la rémunération des enseignants, jusqu'à "
            "250 000 USD."}, "en",
     [("2026-11-19", "in_progress", "Our board approved the matching grant on 19 November; the funds are set "
                                    "aside until the waqf is registered.")]),
]


def _demo_owner(number: str) -> User:
    """The account that registered the demo organization with this registration number: its owner."""
    return find_user_by_email(next(owner for owner, _state, _kind, _country, _city, registration, *_rest
                                   in DEMO_ORGANIZATIONS if registration == number))


def _demo_project_id(code: str | None) -> int | None:
    from portal.projects.models import Project

    return db.session.scalar(db.select(Project.id).where(Project.code == code)) if code else None


def seed_demo_outcomes() -> None:
    """Proposals in every state with their endorsements, and commitments in every state with their
    progress notes, some overdue: rows written directly, as history would leave them, without
    mails. A proposal is known by its title in its original language within its edition, a
    commitment by its description in its original language within its organization."""
    from portal.outcomes.models import Endorsement, Proposal

    proposal_ids: dict[str, int] = {}
    for (key, ordinal, number, created, title, description, original, subsectors, countries, state, decision,
         project_code, endorsements) in DEMO_PROPOSALS:
        edition = _demo_edition_by_ordinal(ordinal)
        organization = _demo_organization(number)
        if edition is None or organization is None:
            continue
        proposal = next((proposal for proposal in db.session.scalars(
            db.select(Proposal).where(Proposal.edition_id == edition.id)) if str(proposal.title) == title[original]),
            None)
        if proposal is None:
            proposal = _demo_proposal(edition, organization, _demo_owner(number), created, title, description,
                                      original, subsectors, countries, state, decision, project_code)
            if proposal is None:
                continue
        proposal_ids[key] = proposal.id
        for endorser_number, endorsed in endorsements:
            endorser = _demo_organization(endorser_number)
            if endorser is None or endorser.id == organization.id or db.session.get(
                Endorsement, (proposal.id, endorser.id)
            ):
                continue
            db.session.add(Endorsement(proposal_id=proposal.id, organization_id=endorser.id,
                                       endorsed_by_id=_demo_owner(endorser_number).id, created_at=_at(endorsed)))
        db.session.commit()
    _seed_demo_commitments(proposal_ids)


def _demo_proposal(edition, organization: Organization, author: User, created: str, title: dict, description: dict,
                   original: str, subsectors: list[str], countries: list[str], state: str,
                   decision: tuple[str, str] | None, project_code: str | None):
    """A new proposal, or None when it would be adopted into a project the catalogue lacks."""
    from portal.outcomes.models import Proposal, ProposalState
    from portal.reference.models import Country, Subsector

    project_id = _demo_project_id(project_code)
    if state == ProposalState.ADOPTED and project_id is None:
        return None
    decided_at, reason = (_at(decision[0]), decision[1]) if decision else (None, None)
    proposal = Proposal(
        edition_id=edition.id, organization_id=organization.id, author_id=author.id,
        title=TranslatedText.build(title, original), description=TranslatedText.build(description, original),
        state=state, project_id=project_id, decision_reason=reason, decided_at=decided_at, created_at=_at(created),
        subsectors=[db.session.get(Subsector, code) for code in subsectors],
        countries=[db.session.get(Country, code) for code in countries],
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _seed_demo_commitments(proposal_ids: dict[str, int]) -> None:
    from datetime import date

    from portal.outcomes.models import Commitment, ProgressNote

    for (ordinal, number, created, proposal_key, project_code, due, state, closed, description, original,
         notes) in DEMO_COMMITMENTS:
        edition = _demo_edition_by_ordinal(ordinal)
        organization = _demo_organization(number)
        if edition is None or organization is None:
            continue
        text = TranslatedText.build(description, original)
        if any(str(existing) == str(text) for existing in db.session.scalars(
            db.select(Commitment.description).where(Commitment.organization_id == organization.id)
        )):
            continue
        proposal_id = proposal_ids.get(proposal_key) if proposal_key else None
        project_id = _demo_project_id(project_code)
        if proposal_id is None and project_id is None:
            continue
        author = _demo_owner(number)
        db.session.add(Commitment(
            edition_id=edition.id, organization_id=organization.id, author_id=author.id, description=text,
            proposal_id=proposal_id, project_id=project_id, due_date=date.fromisoformat(due), state=state,
            created_at=_at(created), closed_at=_at(closed) if closed else None,
            notes=[ProgressNote(author_id=author.id, noted_on=date.fromisoformat(noted_on), text=note,
                                new_state=new_state, created_at=_at(f"{noted_on} 12:00"))
                   for noted_on, new_state, note in notes],
        ))
    db.session.commit()


# Joint committees with demo partners: (partner's registration number, name per language).
DEMO_COMMITTEES = [
    ("SA-MIN-AWQAF", {"ar": "اللجنة المشتركة بين الإيسيسكو ووزارة الشؤون الإسلامية", "en": "ISESCO–Ministry of Islamic Affairs joint committee",
                      "fr": "Commission mixte ICESCO–Ministère des affaires islamiques"}),
    ("AE-FDN-0091", {"ar": "اللجنة المشتركة بين الإيسيسكو وصندوق الخير للتنمية", "en": "ISESCO–Al-Khair Development Fund joint committee",
                     "fr": "Commission mixte ICESCO–Fonds de développement Al-Khair"}),
    ("MA-CN-001", {"ar": "اللجنة المشتركة مع اللجنة الوطنية المغربية", "en": "Joint committee with the Moroccan National Commission",
                   "fr": "Commission mixte avec la Commission nationale marocaine"}),
    ("SO-NGO-2011-0457", {"ar": "لجنة المتابعة المشتركة مع جمعية الإحسان", "en": "Joint follow-up committee with Al-Ihsan",
                          "fr": "Commission mixte de suivi avec Al-Ihsane"}),
    ("QA-CR-55012", {"ar": "اللجنة المشتركة مع مؤسسة سند للاتصالات", "en": "Joint committee with the Sanad Telecom Foundation",
                     "fr": "Commission mixte avec la Fondation Sanad Telecom"}),
    ("MY-UNI-1983", {"ar": "اللجنة المشتركة مع مركز أبحاث التراث الإسلامي", "en": "Joint committee with the Centre for Islamic Heritage Research",
                     "fr": "Commission mixte avec le Centre de recherche sur le patrimoine islamique"}),
]
DEMO_AGENDA = [
    ({"ar": "اعتماد جدول الأعمال", "en": "Adoption of the agenda", "fr": "Adoption de l'ordre du jour"}, 10),
    ({"ar": "متابعة تنفيذ توصيات الدورة السابقة", "en": "Follow-up of the previous session's recommendations",
      "fr": "Suivi des recommandations de la session précédente"}, 45),
    ({"ar": "برنامج العمل المشترك للسنة القادمة", "en": "Joint work programme for the coming year",
      "fr": "Programme de travail conjoint pour l'année à venir"}, 60),
]
DEMO_MINUTES = {
    "ar": "انعقدت الدورة **{number}** للجنة المشتركة بحضور ممثلي الطرفين.\n\n- اعتُمد جدول الأعمال.\n- استُعرض تنفيذ التوصيات السابقة.\n- اتُّفق على برنامج العمل المشترك.",
    "en": "The joint committee held its session **{number}** with both parties represented.\n\n- The agenda was adopted.\n- The previous recommendations were reviewed.\n- The joint work programme was agreed.",
    "fr": "La commission mixte a tenu sa session **{number}** en présence des deux parties.\n\n- L'ordre du jour a été adopté.\n- Les recommandations précédentes ont été examinées.\n- Le programme de travail conjoint a été arrêté.",
}
DEMO_ACTIONS = [
    {"ar": "إرسال قائمة المدارس المستفيدة", "en": "Send the list of beneficiary schools", "fr": "Envoyer la liste des écoles bénéficiaires"},
    {"ar": "إعداد مسودة مذكرة التفاهم", "en": "Draft the memorandum of understanding", "fr": "Rédiger le projet de mémorandum d'entente"},
    {"ar": "تعيين منسق للبرنامج", "en": "Appoint a programme coordinator", "fr": "Désigner un coordonnateur du programme"},
    {"ar": "تقديم تقرير مالي مرحلي", "en": "Submit an interim financial report", "fr": "Remettre un rapport financier intermédiaire"},
    {"ar": "تنظيم ورشة تدريبية للمعلمين", "en": "Organize a training workshop for teachers", "fr": "Organiser un atelier de formation des enseignants"},
]
DEMO_ACTION_ITEM_COUNT = 40


def seed_demo_meetings() -> None:
    """Six joint committees with two past sessions each (closed, with approved minutes in three
    languages, decisions and action items) and one upcoming (scheduled), and 40 action items in
    every state, some overdue: rows written directly, as history would leave them, without mails.
    A committee is known by its English name; the rest is written only with its committee."""
    from datetime import date, timedelta

    from portal.meetings.models import (
        ActionItem, ActionItemState, ActionItemUpdate, AgendaItem, JointCommittee, Meeting, MeetingOrganization,
        MeetingOutcome, Minutes,
    )
    from portal.agreements.models import Agreement, AgreementState
    from portal.meetings.services import next_reference

    officer = find_user_by_email("officer@demo.isesco.org")
    existing = {str(name) for name in db.session.scalars(db.select(JointCommittee.name))}
    today = date.today()
    states = ActionItemState.ALL
    made = db.session.scalar(db.select(db.func.count()).select_from(ActionItem).where(
        ActionItem.created_by_id == officer.id, ActionItem.meeting_id.is_not(None)))
    for index, (number, names) in enumerate(DEMO_COMMITTEES):
        partner = _demo_organization(number)
        name = TranslatedText.build(names, "en")
        if partner is None or str(name) in existing:
            continue
        # The committee sits under the partner's agreement in force, when it has one.
        agreement = db.session.scalar(
            db.select(Agreement.id).where(Agreement.partners.any(Organization.id == partner.id),
                                          Agreement.state == AgreementState.IN_FORCE).order_by(Agreement.id).limit(1))
        committee = JointCommittee(name=name, agreement_id=agreement, partner_id=partner.id, division=partner.division)
        db.session.add(committee)
        sessions = [(-400 + index * 7, "closed"), (-120 + index * 9, "closed"), (30 + index * 11, "scheduled")]
        for session_number, (offset, state) in enumerate(sessions, start=1):
            starts = _venue_time((today + timedelta(days=offset)).isoformat(), "10:00", "Africa/Casablanca")
            meeting = Meeting(
                kind="joint_committee", committee=committee, session_number=session_number, state=state,
                title=TranslatedText.build({"ar": f"الدورة {session_number} — {names['ar']}",
                                            "en": f"Session {session_number} — {names['en']}",
                                            "fr": f"Session {session_number} — {names['fr']}"}, "en"),
                starts_at=starts, ends_at=starts + timedelta(hours=3), timezone="Africa/Casablanca",
                venue="ISESCO, Rabat", country_code="MA", mode="hybrid", division=partner.division,
                created_by_id=officer.id,
                agenda=[AgendaItem(position=position, title=TranslatedText.build(title, "en"), presenter=officer.name,
                                   duration_minutes=minutes)
                        for position, (title, minutes) in enumerate(DEMO_AGENDA, start=1)],
                organizations=[MeetingOrganization(organization_id=partner.id, attended=state == "closed")],
            )
            db.session.add(meeting)
            if state != "closed":
                continue
            meeting.minutes = [Minutes(language=lang, text=text.format(number=session_number), state="approved",
                                       written_by_id=officer.id, approved_at=starts + timedelta(days=5))
                               for lang, text in DEMO_MINUTES.items()]
            meeting.outcomes = [MeetingOutcome(kind="decision", position=1, text=TranslatedText.build(
                {"ar": "اعتماد برنامج العمل المشترك", "en": "The joint work programme is adopted",
                 "fr": "Le programme de travail conjoint est adopté"}, "en"))]
            db.session.flush()
            # Four actions a past session, until there are forty.
            for position in range(2, 6):
                if made >= DEMO_ACTION_ITEM_COUNT:
                    break
                text = TranslatedText.build(DEMO_ACTIONS[made % len(DEMO_ACTIONS)], "en")
                outcome = MeetingOutcome(kind="action", position=position, text=text)
                meeting.outcomes.append(outcome)
                db.session.flush()
                state_of_item = states[made % len(states)]
                # Pending items alternate between overdue and still due.
                due = today + timedelta(days=(-20 if made % 2 else 45) + made)
                item = ActionItem(
                    reference=next_reference(today.year), description=text, meeting_id=meeting.id,
                    outcome_id=outcome.id, organization_id=partner.id if made % 5 else None,
                    directorate=None if made % 5 else "education", due_date=due, state=state_of_item,
                    priority=("low", "normal", "high")[made % 3], division=partner.division, created_by_id=officer.id,
                    state_reason="Superseded by the new programme" if state_of_item == "cancelled" else None,
                )
                if state_of_item in ("completed", "verified"):
                    item.completed_at = starts + timedelta(days=30)
                    item.updates.append(ActionItemUpdate(author_id=_demo_owner(number).id, comment="Done.",
                                                         new_state="completed"))
                if state_of_item == "verified":
                    item.verified_at, item.verified_by_id = starts + timedelta(days=40), officer.id
                db.session.add(item)
                db.session.flush()
                made += 1
        db.session.commit()
def _t(ar: str, en: str, fr: str) -> dict[str, str]:
    return {"ar": ar, "en": en, "fr": fr}


# The two programmes of the current plan (docs/action-plan.md): (title, results); a result is (level,
# title, indicators); an indicator is (title, measure, computed, ascending, cumulative, baseline,
# targets per year of the plan, updates as (year offset, value, narrative, state)).
DEMO_PROGRAMMES = [
    (_t("الشراكات مع الجهات الحكومية وغير الحكومية والمانحين", "Partnerships with governmental and non-governmental bodies and donors",
        "Partenariats avec les organismes gouvernementaux et non gouvernementaux et les donateurs"), [
        ("output", _t("اتفاقيات شراكة مبرمة ومتابعة", "Partnership agreements concluded and followed up", "Accords de partenariat conclus et suivis"), [
            (_t("الاتفاقيات المبرمة", "Agreements concluded", "Accords conclus"), "number", "agreements_concluded", True, True, 0, (8, 16, 24), []),
            (_t("دورات اللجان المشتركة المنعقدة", "Joint committee sessions held", "Sessions des commissions mixtes tenues"), "number", "committee_sessions_held", True, False, 2, (4, 4, 4), []),
            (_t("اجتماعات التنسيق المنعقدة", "Coordination meetings held", "Réunions de coordination tenues"), "number", "coordination_meetings_held", True, False, 3, (6, 6, 6), []),
        ]),
        ("outcome", _t("موارد معبأة من المانحين لبرامج الإيسيسكو", "Resources mobilized from donors for ISESCO's programmes", "Ressources mobilisées auprès des donateurs pour les programmes de l'ICESCO"), [
            (_t("المبالغ المتعهد بها (دولار)", "Amounts pledged (USD)", "Montants promis (USD)"), "number", "amounts_pledged", True, False, 0, (250000, 400000, 500000), []),
            (_t("المبالغ المدفوعة (دولار)", "Amounts paid (USD)", "Montants versés (USD)"), "number", "amounts_paid", True, False, 0, (150000, 300000, 400000), []),
            (_t("المشاريع الممولة من خارج الميزانية", "Off-budget projects funded", "Projets extrabudgétaires financés"), "number", "offbudget_projects_funded", True, False, 1, (2, 3, 4), []),
            (_t("نسبة بنود العمل المنجزة في موعدها", "Share of action items completed on time", "Part des actions menées dans les délais"), "percent", None, True, False, 55, (65, 75, 85), [
                (-1, 62, "Follow-up tracker reviewed with both divisions.", "approved"),
                (0, 71, "Joint committee items of the first half year.", "submitted"),
            ]),
            (_t("متوسط أيام الرد على طلب شريك", "Average days to answer a partner's request", "Délai moyen de réponse à un partenaire (jours)"), "number", None, False, False, 45, (35, 25, 20), [
                (-1, 33, "Requests register of the Directorate.", "approved"),
                (0, 28, "Figures of the first quarter only.", "returned"),
            ]),
        ]),
    ]),
    (_t("العمل الإنساني والخيري", "Humanitarian and charitable work", "Action humanitaire et caritative"), [
        ("output", _t("المنتدى الثلاثي للمؤسسات الخيرية منعقد", "The triennial forum of charity institutions held", "Le forum triennal des institutions caritatives tenu"), [
            (_t("دورات المنتدى المنعقدة", "Editions of the forum held", "Éditions du forum tenues"), "number", "forum_held", True, True, 0, (0, 1, 1), []),
            (_t("المؤسسات المشاركة في المنتدى", "Institutions taking part in the forum", "Institutions participant au forum"), "number", None, True, False, 120, (0, 150, 0), [
                (0, 138, "Registrations approved by the forum's secretariat.", "draft"),
            ]),
        ]),
        ("output", _t("تشاور وزارات الأوقاف", "Endowment ministries consulted", "Ministères des waqfs consultés"), [
            (_t("اجتماعات تشاور وزارات الأوقاف", "Consultations of endowment ministries held", "Consultations des ministères des waqfs tenues"), "number", None, True, False, 1, (1, 2, 2), [
                (-1, 1, "Consultation held in Rabat.", "approved"),
                (0, 2, "Second consultation held online.", "approved"),
            ]),
        ]),
        ("outcome", _t("حاجات الدول الأعضاء مطابقة مع شركاء", "Needs of member states matched with partners", "Besoins des États membres appariés avec des partenaires"), [
            (_t("الحاجات المطابقة", "Needs matched", "Besoins appariés"), "number", "needs_matched", True, True, 0, (5, 12, 20), []),
        ]),
        ("impact", _t("مؤسسة رعاية الأيتام مع مؤسسة الملك خالد", "Orphans' welfare institution set up with the King Khalid Foundation", "Institution de protection des orphelins créée avec la Fondation Roi Khalid"), [
            (_t("تقدم إنشاء المؤسسة", "Progress in setting up the institution", "Avancement de la création de l'institution"), "qualitative", None, True, False, None, (None, None, None), [
                (-1, None, "Memorandum with the King Khalid Foundation signed; statutes drafted.", "approved"),
                (0, None, "Board appointed; premises chosen in Riyadh.", "submitted"),
            ]),
        ]),
        ("outcome", _t("مشروع استراتيجية العمل الإنساني الإسلامي", "Draft strategy for Islamic humanitarian action", "Projet de stratégie pour l'action humanitaire islamique"), [
            (_t("مراحل إعداد مشروع الاستراتيجية", "Stages of the draft strategy", "Étapes du projet de stratégie"), "qualitative", None, True, False, None, (None, None, None), [
                (-1, None, "Consultation of charity institutions on the outline.", "approved"),
                (0, None, "First draft circulated to member states.", "returned"),
            ]),
        ]),
    ]),
]
DEMO_PROGRAMME_BUDGET = "766444"


def seed_demo_action_plan() -> None:
    """The current three-year plan with its two programmes, results, indicators, yearly periods with
    targets and updates in every state, written directly; the plan is known by its English title."""
    from datetime import date, timedelta
    from decimal import Decimal

    from portal.actionplan.models import (
        ActionPlan, ExpectedResult, Indicator, IndicatorPeriod, IndicatorUpdate, Programme,
    )

    first = utcnow().year - 1
    title = TranslatedText.build(_t(f"خطة عمل الإدارة {first}–{first + 2}", f"Action plan of the Directorate {first}–{first + 2}",
                                    f"Plan d'action de la Direction {first}–{first + 2}"), "en")
    if any(str(existing) == str(title) for existing in db.session.scalars(db.select(ActionPlan.title))):
        return
    author, decider = find_user_by_email("officer@demo.isesco.org"), find_user_by_email("admin@demo.isesco.org")
    plan = ActionPlan(title=title, start_year=first, end_year=first + 2)
    for position, (programme_title, results) in enumerate(DEMO_PROGRAMMES):
        programme = Programme(title=TranslatedText.build(programme_title, "ar"), budget_usd=Decimal(DEMO_PROGRAMME_BUDGET),
                              position=position)
        plan.programmes.append(programme)
        for result_position, (level, result_title, indicators) in enumerate(results):
            result = ExpectedResult(level=level, title=TranslatedText.build(result_title, "ar"), position=result_position)
            programme.results.append(result)
            for (indicator_title, measure, computed, ascending, cumulative, baseline, targets, updates) in indicators:
                indicator = Indicator(
                    title=TranslatedText.build(indicator_title, "ar"), measure=measure, computed=computed,
                    ascending=ascending, cumulative=cumulative, baseline_year=first - 1,
                    baseline_value=Decimal(baseline) if baseline is not None else None,
                    verification=TranslatedText.build(_t("تقارير الإدارة وسجلات البوابة", "The Directorate's reports and the portal's records",
                                                          "Rapports de la Direction et registres du portail"), "ar"),
                )
                result.indicators.append(indicator)
                periods = [IndicatorPeriod(start_date=date(first + offset, 1, 1), end_date=date(first + offset, 12, 31),
                                           target=Decimal(target) if target is not None else None)
                           for offset, target in enumerate(targets)]
                indicator.periods.extend(periods)
                for offset, value, narrative, state in updates:
                    made = _at(f"{first}-11-20 10:00") if offset < 0 else utcnow() - timedelta(days=20)
                    decided = state in ("approved", "returned")
                    periods[1 + offset].updates.append(IndicatorUpdate(
                        value=Decimal(value) if value is not None else None, narrative=narrative, state=state,
                        author_id=author.id, created_at=made, updated_at=made,
                        submitted_at=made + timedelta(days=1) if state != "draft" else None,
                        decided_by_id=decider.id if decided else None, decided_at=made + timedelta(days=3) if decided else None,
                        decision_comment="Give the source of the figure, please." if state == "returned" else None,
                    ))
    db.session.add(plan)
    db.session.commit()
