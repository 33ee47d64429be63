"""Building projects for tests through the service the officers' form calls."""
from datetime import date, timedelta
from decimal import Decimal

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.projects import services
from portal.projects.models import ProjectState

_codes = iter(range(1, 10_000))


def project_data(**overrides) -> services.ProjectData:
    """`title_en` stands for a title in English only."""
    if "title_en" in overrides:
        overrides["title"] = TranslatedText.build({"en": overrides.pop("title_en")})
    values = dict(
        code=f"EDU-2027-{next(_codes):03d}",
        title=TranslatedText.build({"ar": "إعادة بناء المدارس في الصومال", "en": "Rebuilding schools in Somalia",
                                    "fr": "Reconstruire des écoles en Somalie"}),
        description=TranslatedText.build({"en": "Classrooms, roofs and water points for primary schools."}),
        directorate="education",
        subsector_codes=["school_buildings_equipment"],
        country_codes=["SO", "YE"],
        group_codes=["children"],
        budget_usd=Decimal("200000"),
        budget_type="off_budget",
        start_date=date.today(),
        end_date=date.today() + timedelta(days=700),
        officer_id=None,
    )
    values.update(overrides)
    return services.ProjectData(**values)


# The officer's moves from planned to each state.
STEPS = {
    ProjectState.PLANNED: [],
    ProjectState.OPEN_FOR_PARTNERS: [ProjectState.OPEN_FOR_PARTNERS],
    ProjectState.ONGOING: [ProjectState.ONGOING],
    ProjectState.COMPLETED: [ProjectState.ONGOING, ProjectState.COMPLETED],
    ProjectState.CANCELLED: [ProjectState.CANCELLED],
}


def make_project(app, officer_id: int, state: str = ProjectState.OPEN_FOR_PARTNERS, **overrides) -> int:
    with app.app_context():
        officer = db.session.get(User, officer_id)
        project_id = services.create_project(officer, project_data(officer_id=officer_id, **overrides)).id
        for step in STEPS[state]:
            services.change_project_state(project_id, officer, step)
        return project_id
