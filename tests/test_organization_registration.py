import html
import io
import os
import struct
import zlib

import pytest

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.core.settings import SiteSetting, forget_settings
from portal.extensions import db
from portal.organizations.models import MemberRole, Membership, Organization
from portal.organizations.services import names_are_alike
from tests.conftest import sign_in, submit
from tests.organizations_helpers import FILES, form_data, make_organization


def post_registration(client, lang="en", document="registration.pdf", **overrides):
    data = form_data(**overrides)
    data["document"] = (io.BytesIO((FILES / document).read_bytes()), document)
    return submit(client, f"/{lang}/organizations/new", data, content_type="multipart/form-data")


def organizations(app) -> list[Organization]:
    with app.app_context():
        found = db.session.scalars(db.select(Organization).order_by(Organization.id)).all()
        db.session.expunge_all()
        return found


def uploaded_files(app) -> set[str]:
    return set(os.listdir(app.config["UPLOAD_DIR"])) if os.path.isdir(app.config["UPLOAD_DIR"]) else set()


@pytest.fixture
def member(client, make_user):
    user_id = make_user(email="founder@example.org")
    sign_in(client, "founder@example.org")
    return user_id


@pytest.mark.parametrize("document", ["registration.pdf", "registration.png", "registration.jpg"])
def test_a_member_registers_an_organization_and_becomes_its_owner(app, client, member, document):
    response = post_registration(client, document=document)
    assert response.status_code == 302
    [organization] = organizations(app)
    assert organization.state == "pending"
    assert organization.names.get("ar") == "جمعية الإحسان الخيرية"
    # Written on an English page with no English name: the first name given is the original.
    assert organization.names.original == "ar"
    assert organization.website_domain == "al-ihsan.example.org"
    with app.app_context():
        owner = db.session.scalar(db.select(Membership).where(Membership.organization_id == organization.id))
        assert (owner.user_id, owner.role) == (member, MemberRole.OWNER)
        assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.object_id == str(organization.id)))
    stored = app.config["UPLOAD_DIR"] + "/" + organization.document_name
    assert open(stored, "rb").read() == (FILES / document).read_bytes()
    assert document not in organization.document_name  # a random name, not the sender's


def test_the_owner_sees_the_pending_page_and_downloads_the_document(app, client, member):
    post_registration(client)
    [organization] = organizations(app)
    page = client.get(f"/en/organizations/{organization.id}").get_data(as_text=True)
    assert "Awaiting verification" in page
    download = client.get(f"/en/organizations/{organization.id}/document")
    assert download.status_code == 200
    assert download.data == (FILES / "registration.pdf").read_bytes()


def test_names_and_file_names_are_kept_without_direction_controls_and_shown_isolated(app, client, member):
    data = form_data(name_fr="Association\u202e Al-Ihsane\u2066", name_ar="\u200fجمعية الإحسان الخيرية\u061c")
    data["document"] = (io.BytesIO((FILES / "registration.pdf").read_bytes()), "statuts\u202efdp.exe")
    assert submit(client, "/fr/organizations/new", data, content_type="multipart/form-data").status_code == 302
    [organization] = organizations(app)
    assert organization.names.get("fr") == "Association Al-Ihsane"
    assert organization.names.get("ar") == "جمعية الإحسان الخيرية"
    assert organization.document_original_name == "statutsfdp.exe"
    # A name from before (or from anywhere else) is isolated from the text around it where shown.
    with app.app_context():
        user = db.session.get(User, member)
        user.name = "Amina \u202eDiallo"
        db.session.commit()
    members = client.get(f"/en/organizations/{organization.id}/members").get_data(as_text=True)
    assert "<bdi>Amina \u202eDiallo</bdi>" in members
    assert "<bdi>Association Al-Ihsane</bdi>" in client.get(f"/fr/organizations/{organization.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("document", "content"),
    [("program.exe.pdf", None), ("fake.pdf", b"%PDF-1.7 this is not really a pdf"), ("photo.png", b"GIF89a...")],
)
def test_a_file_that_is_not_really_a_pdf_or_image_is_refused(app, client, member, document, content):
    before = uploaded_files(app)
    if content is not None:
        data = form_data()
        data["document"] = (io.BytesIO(content), document)
        response = submit(client, "/fr/organizations/new", data, content_type="multipart/form-data")
    else:
        response = post_registration(client, lang="fr", document=document)
    assert response.status_code == 200
    assert "Seuls les documents PDF et les images PNG ou JPEG sont acceptés" in response.get_data(as_text=True)
    assert organizations(app) == []
    assert uploaded_files(app) == before


def png_claiming(width: int, height: int) -> bytes:
    """A black-and-white PNG of `width` x `height` pixels: a few kilobytes that decode to far more."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    compressor, row = zlib.compressobj(9), b"\x00" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [
    (8_000, 8_000),  # under Pillow's own limit, over the portal's
    (10_000, 10_000),  # where Pillow only warns
    (20_000, 20_000),  # where Pillow refuses
])
def test_a_decompression_bomb_is_refused_with_a_message(app, client, member, width, height):
    before = uploaded_files(app)
    data = form_data()
    data["document"] = (io.BytesIO(png_claiming(width, height)), "scan.png")
    response = submit(client, "/fr/organizations/new", data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "L'image a plus de 50 millions de pixels." in html.unescape(response.get_data(as_text=True))
    assert organizations(app) == []
    assert uploaded_files(app) == before


def test_a_file_over_the_size_limit_is_refused(app, client, member):
    before = uploaded_files(app)
    with app.app_context():
        db.session.add(SiteSetting(key="upload_max_mb", value=1))
        db.session.commit()
        forget_settings()
    data = form_data()
    big = (FILES / "registration.pdf").read_bytes() + b"%" * (1024 * 1024)
    data["document"] = (io.BytesIO(big), "big.pdf")
    response = submit(client, "/ar/organizations/new", data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "حجم الملف يتجاوز 1 ميغابايت." in response.get_data(as_text=True)
    assert organizations(app) == [] and uploaded_files(app) == before


def test_missing_fields_are_explained_and_nothing_is_created(app, client, member):
    response = post_registration(client, name_ar="", name_fr="", city="", field_codes=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the name in at least one language." in html
    assert "Choose at least one field." in html
    assert organizations(app) == []


class TestDuplicateGuard:
    @pytest.fixture
    def existing(self, app, make_user):
        owner = make_user(email="owner@example.org")
        return make_organization(
            app, owner, state="verified", names={"en": "Hope Foundation for Education"},
            registration_number="SO-2019-0457", website="https://hope.example.org", country_code="SO",
        )

    def assert_caught(self, response, reason):
        html = response.get_data(as_text=True)
        assert "This organization may already be registered" in html
        assert reason in html
        assert "Ask to join" in html

    def test_same_registration_number_in_the_same_country(self, app, client, member, existing):
        response = post_registration(client, registration_number="so 2019/0457", website="", name_ar="", name_fr="Autre")
        self.assert_caught(response, "same registration number in the same country")
        assert len(organizations(app)) == 1

    def test_same_number_in_another_country_is_not_a_duplicate(self, app, client, member, existing):
        response = post_registration(client, registration_number="SO-2019-0457", country_code="YE", website="", name_ar="", name_fr="Autre")
        assert response.status_code == 302

    def test_same_website_domain(self, app, client, member, existing):
        response = post_registration(client, website="http://www.hope.example.org/en/about", registration_number="X1", name_ar="", name_fr="Autre")
        self.assert_caught(response, "same website")

    def test_nearly_the_same_name_in_another_spelling(self, app, client, member, make_user):
        make_organization(app, make_user(email="o2@example.org"), names={"ar": "جمعيه الاحسان الخيريه"}, registration_number="A1", website="")
        response = post_registration(client, name_ar="جمعية الإحسان الخيرية", name_fr="", registration_number="B2", website="")
        self.assert_caught(response, "nearly the same name")

    def test_registering_anyway_after_the_warning(self, app, client, member, existing):
        response = post_registration(client, website="https://hope.example.org", registration_number="X1", name_ar="", name_fr="Autre", not_a_duplicate="y")
        assert response.status_code == 302
        assert len(organizations(app)) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("جمعية الإحسان الخيرية", "جمعيه الاحسان الخيريه"),
        ("جَمْعِيَّةُ الإِحْسَانِ الخَيْرِيَّة", "جمعية الإحسان الخيرية"),
        ("Association Al-Ihsane", "association al ihsane"),
        ("Fondation Espoir", "FONDATION ESPOIR "),
    ],
)
def test_spelling_variants_of_one_name_are_alike(first, second):
    assert names_are_alike(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("جمعية الإحسان الخيرية", "جمعية الإيمان الخيرية"),
        ("جمعية الإحسان الخيرية", "جمعية البر الخيرية"),
        ("Hope Foundation", "Hope for Children Foundation"),
        ("Association Al-Ihsane", "Association Al-Amal"),
    ],
)
def test_different_charities_with_similar_names_are_not(first, second):
    assert not names_are_alike(first, second)
