from datetime import date, timedelta
from decimal import Decimal

import io
import re

import pytest
from sqlalchemy.orm.exc import StaleDataError

from portal.core.audit import AuditEntry
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs import views as needs_views
from portal.needs.models import Need
from tests.conftest import csrf_token, outbox, sign_in, submit
from tests.needs_helpers import form_fields, load_need, make_need
from tests.organizations_helpers import FILES, add_member, make_organization

VISITOR, OUTSIDER, VIEWER, EDITOR, OWNER, OFFICER = "visitor", "outsider", "viewer", "editor", "owner", "officer"
PEOPLE = (VISITOR, OUTSIDER, VIEWER, EDITOR, OWNER, OFFICER)


@pytest.fixture
def world(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member", locale="ar")
           for kind in PEOPLE[1:]}
    organization = make_organization(app, ids[OWNER], state="verified")
    add_member(app, organization, ids[EDITOR], "editor")
    add_member(app, organization, ids[VIEWER], "viewer")
    make_organization(app, ids[OUTSIDER], state="verified", names={"en": "Elsewhere"}, registration_number="9")
    return {"organization": organization, **ids}


def client_for(app, kind):
    client = app.test_client()
    if kind != VISITOR:
        sign_in(client, f"{kind}@example.org")
    return client


def act(client, need_id, action, **data):
    """Press a need's action button; the CSRF token comes from a page everyone can open."""
    signed_in = client.get("/en/account").status_code == 200
    token = csrf_token(client, "/en/account" if signed_in else "/en/login")
    return client.post(f"/en/needs/{need_id}/{action}", data={**data, "csrf_token": token})


# (state before, action, who may, state after)
TRANSITIONS = [
    ("draft", "submit", (EDITOR, OWNER), "submitted"),
    ("returned", "submit", (EDITOR, OWNER), "submitted"),
    ("submitted", "publish", (OFFICER,), "published"),
    ("submitted", "return", (OFFICER,), "returned"),
    ("draft", "withdraw", (EDITOR, OWNER), "withdrawn"),
    ("published", "withdraw", (EDITOR, OWNER), "withdrawn"),
    ("matched", "withdraw", (EDITOR, OWNER), "withdrawn"),
    ("matched", "start", (EDITOR, OWNER), "in_progress"),
    ("in_progress", "fulfil", (EDITOR, OWNER), "fulfilled"),
    ("published", "close", (EDITOR, OWNER, OFFICER), "closed"),
    ("matched", "close", (EDITOR, OWNER, OFFICER), "closed"),
]


@pytest.mark.parametrize(("before", "action", "allowed", "after"), TRANSITIONS)
@pytest.mark.parametrize("kind", PEOPLE)
def test_each_transition_for_each_role(app, world, kind, before, action, allowed, after):
    need_id = make_need(app, world["organization"], world[EDITOR], state=before)
    client = client_for(app, kind)
    act(client, need_id, action, comment="Add the budget breakdown.")
    expected = after if kind in allowed else before
    assert load_need(app, need_id).state == expected
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "need").order_by(AuditEntry.id)).all()
    assert (actions[-1] != "need.created") == (kind in allowed)


@pytest.mark.parametrize(
    ("before", "action"),
    [("draft", "publish"), ("published", "submit"), ("in_progress", "withdraw"), ("fulfilled", "close"),
     ("withdrawn", "submit"), ("draft", "start"), ("published", "fulfil")],
)
def test_transitions_that_do_not_apply_are_refused(app, world, before, action):
    need_id = make_need(app, world["organization"], world[EDITOR], state=before)
    for kind in (EDITOR, OFFICER):
        act(client_for(app, kind), need_id, action)
    assert load_need(app, need_id).state == before


def test_publishing_and_returning_mail_the_author_and_owners_in_their_language(app, world):
    officer = client_for(app, OFFICER)
    returned = make_need(app, world["organization"], world[EDITOR], state="submitted")
    act(officer, returned, "return", comment="أضيفوا تفاصيل الميزانية")
    mails = outbox(app)
    assert {mail.recipient for mail in mails} == {"editor@example.org", "owner@example.org"}
    assert all(mail.locale == "ar" and "أضيفوا تفاصيل الميزانية" in mail.body for mail in mails)
    assert load_need(app, returned).state_comment == "أضيفوا تفاصيل الميزانية"
    published = make_need(app, world["organization"], world[EDITOR], state="submitted")
    act(officer, published, "publish")
    assert outbox(app)[-1].kind == "need_published"


def test_returning_needs_a_comment(app, world):
    need_id = make_need(app, world["organization"], world[EDITOR], state="submitted")
    act(client_for(app, OFFICER), need_id, "return", comment=" ")
    assert load_need(app, need_id).state == "submitted"


HIDDEN = ("draft", "submitted", "returned", "withdrawn", "closed", "expired")
SHOWN = ("published", "matched", "in_progress", "fulfilled")


@pytest.mark.parametrize("state", HIDDEN + SHOWN)
def test_visitors_see_only_public_needs(app, world, client, state):
    need_id = make_need(app, world["organization"], world[EDITOR], state=state, title=_title(f"Need in state {state}"))
    page = client.get(f"/en/needs/{need_id}")
    board = client.get("/en/needs/").get_data(as_text=True)
    api_list = client.get("/api/v1/needs").get_json()
    api_one = client.get(f"/api/v1/needs/{need_id}")
    visible = state in SHOWN
    assert (page.status_code == 200) == visible
    assert (f"Need in state {state}" in board) == visible
    assert ([item["id"] for item in api_list["items"]] == [need_id]) == visible
    assert (api_one.status_code == 200) == visible


def _title(text):
    return TranslatedText.build({"en": text})


def test_a_published_need_past_its_end_date_is_shown_as_expired_before_the_command_runs(app, world, client):
    need_id = make_need(app, world["organization"], world[EDITOR], state="published",
                        start_date=date.today() - timedelta(days=30), end_date=date.today() - timedelta(days=30))
    assert "Repair a school in Baidoa" not in client.get("/en/needs/").get_data(as_text=True)
    assert client.get(f"/api/v1/needs/{need_id}").status_code == 404
    result = app.test_cli_runner().invoke(args=["portal", "expire-needs"])
    assert "1 needs expired" in result.output
    assert load_need(app, need_id).state == "expired"
    again = app.test_cli_runner().invoke(args=["portal", "expire-needs"])
    assert "0 needs expired" in again.output


def post_need(client, **overrides):
    return submit(client, "/en/needs/new", form_fields(**overrides), content_type="multipart/form-data")


def test_an_editor_posts_a_need_with_an_attachment_and_its_usd_equivalent(app, world):
    editor = client_for(app, EDITOR)
    fields = form_fields(cost_amount="92000", cost_currency="MAD", organization_id=str(world["organization"]))
    fields["attachments"] = [(io.BytesIO((FILES / "registration.pdf").read_bytes()), "budget.pdf")]
    response = submit(editor, "/en/needs/new", fields, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        need = db.session.scalar(db.select(Need))
        assert need.state == "draft" and need.organization_id == world["organization"]
        assert need.cost_amount == Decimal("92000.00") and need.cost_usd == Decimal("10000.00")
        assert [item.original_name for item in need.attachments] == ["budget.pdf"]
    download = editor.get(response.headers["Location"] + f"/attachments/{need.attachments[0].id}")
    assert download.data == (FILES / "registration.pdf").read_bytes()


def test_a_fake_attachment_is_refused_and_nothing_is_saved(app, world):
    editor = client_for(app, EDITOR)
    fields = form_fields(organization_id=str(world["organization"]))
    fields["attachments"] = [(io.BytesIO(b"MZ\x90\x00not a pdf"), "budget.pdf")]
    response = submit(editor, "/en/needs/new", fields, content_type="multipart/form-data")
    assert "Only PDF documents and PNG or JPEG images are accepted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 0


@pytest.mark.parametrize("kind", [VISITOR, VIEWER, OFFICER])
def test_only_editors_and_owners_of_a_verified_organization_post_needs(app, world, kind):
    client = client_for(app, kind)
    response = client.get("/en/needs/new")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 0


def test_bad_input_is_explained_and_nothing_is_saved(app, world):
    response = post_need(client_for(app, EDITOR), organization_id=str(world["organization"]),
                         title_ar="", title_en="", end_date="2001-01-01", beneficiary_count="0")
    html = response.get_data(as_text=True)
    assert "Give a title in at least one language." in html
    assert "The end comes before the start." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 0


def test_a_second_editor_saving_an_older_version_is_told_and_loses_nothing(app, world):
    need_id = make_need(app, world["organization"], world[EDITOR], state="draft")
    owner, editor = client_for(app, OWNER), client_for(app, EDITOR)
    edit_page = f"/en/needs/{need_id}/edit"
    owner_token = csrf_token(owner, edit_page)
    editor_token = csrf_token(editor, edit_page)
    opened = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', editor.get(edit_page).get_data(as_text=True)).group(1)

    first = owner.post(edit_page, data={**form_fields(title_en="Roof and classrooms in Baidoa"), "version": opened, "csrf_token": owner_token})
    assert first.status_code == 302
    second = editor.post(edit_page, data={**form_fields(title_en="Repair the Baidoa school roof"), "version": opened, "csrf_token": editor_token})
    html = second.get_data(as_text=True)
    assert second.status_code == 200
    assert "Someone else saved this need while you were editing it." in html
    assert "Roof and classrooms in Baidoa" in html  # the newer text, shown
    assert 'value="Repair the Baidoa school roof"' in html  # what they typed, kept
    assert load_need(app, need_id).title.get("en") == "Roof and classrooms in Baidoa"
    # Saving again from the conflict page carries the newer version and goes through.
    newer = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', html).group(1)
    assert int(newer) > int(opened)
    third = editor.post(edit_page, data={**form_fields(title_en="Repair the Baidoa school roof"), "version": newer, "csrf_token": editor_token})
    assert third.status_code == 302
    assert load_need(app, need_id).title.get("en") == "Repair the Baidoa school roof"


@pytest.mark.parametrize("version", ["abc", "", "-1", "99999999999999999999"])
def test_a_tampered_version_is_told_as_changed_meanwhile_and_saves_nothing(app, world, version):
    need_id = make_need(app, world["organization"], world[EDITOR], state="draft")
    editor = client_for(app, EDITOR)
    edit_page = f"/en/needs/{need_id}/edit"
    response = editor.post(edit_page, data={**form_fields(title_en="Repair the Baidoa school roof"), "version": version,
                                            "csrf_token": csrf_token(editor, edit_page)})
    assert response.status_code == 200
    assert "Someone else saved this need while you were editing it." in response.get_data(as_text=True)
    assert load_need(app, need_id).title.get("en") != "Repair the Baidoa school roof"


def test_a_stale_row_that_escapes_the_rules_is_told_on_a_page_not_a_500(app, world, monkeypatch):
    need_id = make_need(app, world["organization"], world[EDITOR], state="submitted")

    def raced(*arguments):
        raise StaleDataError("UPDATE statement on table 'needs' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setitem(needs_views.OFFICER_ACTIONS, "publish", raced)
    response = act(client_for(app, OFFICER), need_id, "publish")
    assert response.status_code == 409
    assert "Someone else changed this at the same moment" in response.get_data(as_text=True)
    assert load_need(app, need_id).state == "submitted"
