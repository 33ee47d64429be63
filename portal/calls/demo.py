"""Demo data of the calls for partners: on two off-budget demo projects, a call open for
applications (deadline three weeks ahead) and a completed one, whose two applications were
scored by two reviewers, the better one selected as implementing partner with its draft
cooperation agreement. Built through the services, as officers and applicants would; a call
is known by its project, so running the seed again adds nothing."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.accounts.services import find_user_by_email
from portal.calls import services
from portal.calls.models import Call
from portal.core.money import Money
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects import services as projects
from portal.projects.models import BudgetType, Project

OPEN_PROJECT, COMPLETED_PROJECT = "EDU-2026-001", "CUL-2026-001"

CRITERIA = [
    ({"ar": "الخبرة في الميدان", "en": "Experience in the field", "fr": "Expérience sur le terrain"}, 40),
    ({"ar": "جودة المذكرة المفاهيمية", "en": "Quality of the concept note", "fr": "Qualité de la note conceptuelle"}, 35),
    ({"ar": "الكلفة والاستدامة", "en": "Cost and sustainability", "fr": "Coût et durabilité"}, 25),
]

CALLS = {
    OPEN_PROJECT: dict(
        title={"ar": "دعوة إلى الشراكة: إعادة بناء المدارس في الصومال", "en": "Call for partners: rebuilding schools in Somalia",
               "fr": "Appel à partenaires : reconstruire des écoles en Somalie"},
        description={"ar": "تبحث الإيسيسكو عن شركاء منفذين لإعادة تأهيل الفصول الدراسية ونقاط المياه في المدارس الابتدائية.",
                     "en": "ISESCO is looking for implementing partners to rehabilitate classrooms and water points in primary schools.",
                     "fr": "L'ICESCO cherche des partenaires de mise en œuvre pour réhabiliter salles de classe et points d'eau des écoles primaires."},
        kinds=["charity", "ngo", "civil_society"], countries=["SO"], fields=["education"], zone="Africa/Mogadishu"),
    COMPLETED_PROJECT: dict(
        title={"ar": "دعوة إلى الشراكة: صون مخطوطات تمبكتو", "en": "Call for partners: safeguarding the Timbuktu manuscripts",
               "fr": "Appel à partenaires : sauvegarde des manuscrits de Tombouctou"},
        description={"ar": "رقمنة المخطوطات وترميمها وتدريب أمناء المكتبات.",
                     "en": "Digitizing and restoring manuscripts and training librarians.",
                     "fr": "Numériser et restaurer les manuscrits, former les bibliothécaires."},
        kinds=["cultural_centre", "academic"], countries=["ML"], fields=["culture"], zone="Africa/Bamako"),
}

# registration number of the applying organization, concept note, budget in USD, each reviewer's scores.
APPLICATIONS = [
    ("ML-CC-2002-17", "fr", "Notre centre conserve 40 000 manuscrits ; nous proposons d'en numériser 12 000 en deux ans.",
     "310000", ((9, 8, 7), (8, 9, 8))),
    ("MY-UNI-1983", "en", "Our research centre offers a restoration laboratory and training for twenty librarians.",
     "420000", ((7, 7, 5), (6, 8, 6))),
]


def _project(code: str, officer) -> Project:
    """The demo project, or an off-budget one made for the call when the demo has none."""
    project = db.session.scalar(db.select(Project).where(Project.code == code))
    if project is not None and project.budget_type == BudgetType.OFF_BUDGET:
        return project
    spec = CALLS[code]
    return projects.create_project(officer, projects.ProjectData(
        code=f"{code}-CALL", title=TranslatedText.build(spec["title"], "en"),
        description=TranslatedText.build(spec["description"], "en"), directorate="culture", subsector_codes=[],
        country_codes=spec["countries"], group_codes=[], budget_usd=Decimal("750000"), budget_type=BudgetType.OFF_BUDGET,
        start_date=date.today(), end_date=date.today() + timedelta(days=730), officer_id=officer.id,
    ))


def _call(project: Project, officer, reviewers) -> int:
    spec = CALLS[project.code.removesuffix("-CALL")]
    return services.create_call(officer, services.CallData(
        project_id=project.id, title=TranslatedText.build(spec["title"], "fr"),
        description=TranslatedText.build(spec["description"], "fr"), eligible_kinds=spec["kinds"],
        country_codes=spec["countries"], field_codes=spec["fields"],
        documents_requested=TranslatedText.build({
            "ar": "النظام الأساسي وآخر تقرير سنوي مدقق", "en": "Statutes and the last audited annual report",
            "fr": "Statuts et dernier rapport annuel audité"}, "fr"),
        deadline=utcnow().replace(second=0, microsecond=0) + timedelta(days=21), timezone=spec["zone"],
        criteria=[services.CriterionData(TranslatedText.build(title, "fr"), weight) for title, weight in CRITERIA],
        reviewer_ids=[reviewer.id for reviewer in reviewers],
    )).id


def seed_demo_calls() -> None:
    officer, admin = find_user_by_email("officer@demo.isesco.org"), find_user_by_email("admin@demo.isesco.org")
    open_project, completed_project = _project(OPEN_PROJECT, officer), _project(COMPLETED_PROJECT, officer)
    if db.session.scalar(db.select(Call.id).where(Call.project_id.in_((open_project.id, completed_project.id)))):
        return
    reviewers = [officer, admin]
    services.publish_call(_call(open_project, officer, reviewers), officer)

    call_id = _call(completed_project, officer, reviewers)
    services.publish_call(call_id, officer)
    applications = []
    for number, language, note, budget, scores in APPLICATIONS:
        organization = db.session.scalar(db.select(Organization).where(Organization.registration_number == number))
        applicant = organization.memberships[0].user
        applications.append((services.save_application(
            call_id, organization, applicant, services.ApplicationData(note, language, Money(Decimal(budget), "USD")),
            [], submit=True).id, scores))
    # The deadline passed a week ago; the reviewers then scored and the officer chose.
    call = db.session.get(Call, call_id)
    call.deadline = utcnow().replace(second=0, microsecond=0) - timedelta(days=7)
    db.session.commit()
    services.close_call(call_id, officer)
    criteria = [criterion.id for criterion in call.criteria]
    for application_id, scores in applications:
        for reviewer, values in zip(reviewers, scores):
            services.save_review(application_id, reviewer, {criterion: (value, None) for criterion, value in
                                                             zip(criteria, values)}, None)
    best = services.ranking(call)[0].application.id
    services.select_application(best, officer, "implementing")
    services.complete_call(call_id, officer)
