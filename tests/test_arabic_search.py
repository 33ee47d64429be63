"""Searching in Arabic as people type: with or without the article, with an attached
preposition, with any hamza or ta marbuta spelling; on the board, the API, the directory
and the projects catalogue."""
import importlib.util
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs.models import Need
from portal.organizations.models import Organization
from portal.projects.models import Project
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project

NEED_TITLES = [
    "محو أمية النساء في القرى",
    "دروس محو أمية النساء",
    "بناء مدرسة في بيدوا",
    "تجهيز المدرسة الابتدائية",
    "سقف مدرسه البنات",
    "مكتبة لمدرسة الحي",
    "ترميم مسجد قديم",
    "ترميم قاعة",
    "ترميمات المخطوطات",
    "أعمال ترميم عاجلة",
    "كفالة لأيتام غزة",
    "وقف تعليمي",
    "وحدة صحية متنقلة",
]


@pytest.fixture
def needs(app, make_user):
    owner = make_user(email="owner@example.org")
    organization = make_organization(app, owner, state="verified")
    return {title: make_need(app, organization, owner, state="published", title=TranslatedText.build({"ar": title}),
                             description=TranslatedText.build({"ar": "وصف قصير"}))
            for title in NEED_TITLES}


def board_titles(client, query: str) -> list[str]:
    html = client.get(f"/ar/needs/?q={quote(query)}").get_data(as_text=True)
    return [title for title in NEED_TITLES if title in html]


def api_titles(client, query: str) -> list[str]:
    body = client.get(f"/api/v1/needs?q={quote(query)}&per_page=50").get_json()
    return sorted(item["title"]["ar"] for item in body["items"])


SCHOOLS = ["بناء مدرسة في بيدوا", "تجهيز المدرسة الابتدائية", "سقف مدرسه البنات", "مكتبة لمدرسة الحي"]
RESTORATION = ["ترميم مسجد قديم", "ترميم قاعة", "ترميمات المخطوطات", "أعمال ترميم عاجلة"]


@pytest.mark.parametrize(("query", "expected"), [
    ("محو الأمية", ["محو أمية النساء في القرى", "دروس محو أمية النساء"]),
    ("المدرسة", SCHOOLS),
    ("بالمدرسة", SCHOOLS),
    ("للمدرسة", SCHOOLS),
    ("مدرسة", SCHOOLS),
    ("الترميم", RESTORATION),
    ("والترميم", RESTORATION),
    ("الأيتام", ["كفالة لأيتام غزة"]),
    ("للأيتام", ["كفالة لأيتام غزة"]),
    ("ايتام", ["كفالة لأيتام غزة"]),
    ("وقف", ["وقف تعليمي"]),
    ("الوقف", ["وقف تعليمي"]),
    ("النساءِ", ["محو أمية النساء في القرى", "دروس محو أمية النساء"]),
])
def test_the_board_finds_needs_whatever_article_or_prefix_the_query_carries(client, needs, query, expected):
    assert board_titles(client, query) == expected


def test_the_api_q_searches_as_the_board_does(client, needs):
    assert api_titles(client, "محو الأمية") == sorted(["محو أمية النساء في القرى", "دروس محو أمية النساء"])
    assert api_titles(client, "بالمدرسة") == sorted(SCHOOLS)
    assert api_titles(client, "الأيتام") == ["كفالة لأيتام غزة"]


def test_a_prefixed_word_is_found_and_a_short_one_stays_whole(client, needs):
    # «الحي» keeps its article: «حي» alone would be found inside other words.
    assert board_titles(client, "بقديم") == ["ترميم مسجد قديم"]
    assert board_titles(client, "الحي") == ["مكتبة لمدرسة الحي"]
    assert board_titles(client, "حي") == ["مكتبة لمدرسة الحي", "وحدة صحية متنقلة"]


def test_the_directory_finds_an_organization_by_its_name_with_or_without_the_article(app, client, make_user):
    owner = make_user(email="owner@example.org")
    make_organization(app, owner, state="verified", names={"ar": "جمعية رعاية الأيتام"}, registration_number="1")
    make_organization(app, owner, state="verified", names={"ar": "مؤسسة التراث"}, registration_number="2")
    for query in ("الأيتام", "للأيتام", "أيتام", "ايتام"):
        html = client.get(f"/ar/organizations/?q={quote(query)}").get_data(as_text=True)
        assert "جمعية رعاية الأيتام" in html and "مؤسسة التراث" not in html
    html = client.get(f"/ar/organizations/?q={quote('بالتراث')}").get_data(as_text=True)
    assert "مؤسسة التراث" in html and "جمعية رعاية الأيتام" not in html


def test_the_projects_catalogue_finds_a_project_by_a_prefixed_word(app, client, make_user):
    officer = make_user(email="officer@example.org", role="officer")
    make_project(app, officer, title=TranslatedText.build({"ar": "ترميم المخطوطات"}))
    make_project(app, officer, title=TranslatedText.build({"ar": "تعليم الكبار"}))
    html = client.get(f"/ar/projects/?q={quote('بالمخطوطات')}").get_data(as_text=True)
    assert "ترميم المخطوطات" in html and "تعليم الكبار" not in html


def _search_migration():
    path = next((Path(__file__).parent.parent / "migrations" / "versions").glob("*_search_columns_hold_stems_*.py"))
    spec = importlib.util.spec_from_file_location("search_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_rewrites_the_search_columns_of_existing_rows(app, client, make_user):
    owner = make_user(email="owner@example.org")
    organization = make_organization(app, owner, state="verified", names={"ar": "جمعية رعاية الأيتام"})
    make_need(app, organization, owner, state="published", title=TranslatedText.build({"ar": "تجهيز المدرسة"}),
              description=TranslatedText.build({"ar": "وصف قصير"}))
    make_project(app, make_user(email="officer@example.org", role="officer"),
                 title=TranslatedText.build({"ar": "ترميم المخطوطات"}))
    with app.app_context():
        # As the columns were written before: the normalized words only.
        db.session.execute(db.update(Need).values(search_text="تجهيز المدرسه وصف قصير"))
        db.session.execute(db.update(Organization).values(search_name="جمعيه رعايه الايتام"))
        db.session.execute(db.update(Project).values(search_text="edu ترميم المخطوطات"))
        db.session.execute(db.update(User).values(search_text=""))
        db.session.commit()
    assert "تجهيز المدرسة" not in client.get(f"/ar/needs/?q={quote('بالمدرسة')}").get_data(as_text=True)
    with app.app_context(), db.engine.begin() as connection:
        with Operations.context(MigrationContext.configure(connection)):
            _search_migration().rewrite_search_columns()
    assert "تجهيز المدرسة" in client.get(f"/ar/needs/?q={quote('بالمدرسة')}").get_data(as_text=True)
    assert "جمعية رعاية الأيتام" in client.get(f"/ar/organizations/?q={quote('للأيتام')}").get_data(as_text=True)
    assert "ترميم المخطوطات" in client.get(f"/ar/projects/?q={quote('بالمخطوطات')}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User.search_text).where(User.email == "owner@example.org")) == (
            " test person owner@example.org")
