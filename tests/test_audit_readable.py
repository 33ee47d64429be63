"""The audit trail and every object's history read as words in the reader's language: action
names, field labels, named people, organizations and states, and only what changed."""
import re

from portal.accounts.models import User
from portal.core.audit import AuditEntry, record_audit
from portal.core.translated import TranslatedText
from portal.extensions import db
from tests.agreements_helpers import make_agreement
from tests.conftest import sign_in
from tests.organizations_helpers import make_organization
from tests.test_organization_directory import count_queries


def officer_client(app, make_user):
    officer = make_user("officer@example.org", role="officer", name="يوسف المسؤول", locale="ar")
    client = app.test_client()
    sign_in(client, "officer@example.org", lang="ar")
    return officer, client


def in_force_agreement(app, make_user, officer) -> int:
    focal = make_user("focal@example.org", role="officer", name="نقطة الاتصال")
    owner = make_user("owner@example.org", name="Partner Owner")
    partner = make_organization(app, owner, state="verified", kind="donor", country_code="SA",
                                registration_number="SA-DON-1", names={"ar": "مؤسسة الملك خالد", "en": "King Khalid Foundation"})
    return make_agreement(app, officer, [partner], "in_force", focal_point_id=focal,
                          title=TranslatedText.build({"ar": "اتفاقية التعاون الثقافي"}))


def entry_of(page: str, action: str) -> str:
    entry = page[page.index(f'data-action="{action}"'):]
    return entry[:entry.index("</article>")]


def test_an_agreement_brought_into_force_reads_in_arabic(app, make_user):
    officer, client = officer_client(app, make_user)
    agreement_id = in_force_agreement(app, make_user, officer)
    trail = client.get("/ar/audit").get_data(as_text=True)
    history = client.get(f"/ar/audit?object_type=agreement&object_id={agreement_id}").get_data(as_text=True)
    for page in (trail, history):
        in_force = entry_of(page, "agreement.in_force")
        assert "يوسف المسؤول" in in_force
        # The action and both states by their Arabic names, not their codes.
        assert re.search(r'data-action="agreement.in_force">سارية</span>', in_force)
        assert "<ins>سارية</ins>" in in_force and "<del>في انتظار التوقيع</del>" in in_force
        created = entry_of(page, "agreement.created")
        assert "نقطة الاتصال" in created and "مؤسسة الملك خالد" in created and "اتفاقية التعاون الثقافي" in created
        for raw in ("in_force", "focal_point_id", "awaiting_signature", '"texts"', ">agreement.", "Focal point"):
            assert raw not in re.sub(r'data-action="[^"]*"|value="[^"]*"|href="[^"]*"', "", page)


def test_fields_an_entry_did_not_change_are_not_listed(app, make_user):
    officer, client = officer_client(app, make_user)
    agreement_id = in_force_agreement(app, make_user, officer)
    history = client.get(f"/ar/audit?object_type=agreement&object_id={agreement_id}").get_data(as_text=True)
    in_force = entry_of(history, "agreement.in_force")
    # Bringing it into force changed its state (and no title, partner or focal point).
    rows = re.findall(r'<th scope="row">([^<]*)</th>', in_force)
    assert "الحالة" in rows
    assert not {"العنوان", "جهة الاتصال في الإيسيسكو", "المنظمات الشريكة"} & set(rows)


def test_unknown_keys_and_actions_read_as_words(app, make_user):
    officer, client = officer_client(app, make_user)
    with app.app_context():
        record_audit("gadget.polished", "gadget", 7, before={"shine_level": 1, "kept": "x"},
                     after={"shine_level": 2, "kept": "x"}, actor=db.session.get(User, officer))
        db.session.commit()
    page = client.get("/en/audit").get_data(as_text=True)
    entry = entry_of(page, "gadget.polished")
    assert ">Gadget polished</span>" in entry and '<th scope="row">Shine level</th>' in entry
    assert "Kept" not in entry


def test_the_trail_reads_a_fixed_number_of_queries_whatever_its_entries_name(app, make_user):
    officer, client = officer_client(app, make_user)
    in_force_agreement(app, make_user, officer)
    few = count_queries(app, "/ar/audit", client)
    for number in range(4):
        focal = make_user(f"focal{number}@example.org", role="officer", name=f"Focal {number}")
        owner = make_user(f"owner{number}@example.org", name=f"Owner {number}")
        partner = make_organization(app, owner, state="verified", registration_number=f"R{number}",
                                    website=f"https://o{number}.example.org")
        make_agreement(app, officer, [partner], "in_force", focal_point_id=focal)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) > 12
    assert count_queries(app, "/ar/audit", client) == few
