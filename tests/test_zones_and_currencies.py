"""Times name their zone; time-zone and currency selects name zones and currencies in the
reader's language, their values still the IANA ids and ISO codes."""
import re
from datetime import date
from decimal import Decimal

from portal.core.mail import OutboxMessage
from portal.extensions import db
from portal.notifications.services import record_message
from portal.reference.models import ExchangeRate
from tests.conftest import sign_in


def test_the_outbox_and_notifications_name_the_zone_of_their_times(app, make_user):
    make_user("admin@example.org", role="admin")
    member = make_user("member@example.org", locale="ar")
    with app.app_context():
        record_message("organization_verified", "member@example.org", "ar", "تم التحقق", "نص")
        db.session.add(OutboxMessage(recipient="member@example.org", locale="ar", kind="organization_verified",
                                     subject="تم التحقق", body="نص"))
        db.session.commit()
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    outbox = admin.get("/en/admin/outbox").get_data(as_text=True)
    assert re.search(r"<td>[^<]*\d:\d\d[^<]* \(UTC\)</td>", outbox)
    reader = app.test_client()
    sign_in(reader, "member@example.org", lang="ar")
    notifications = reader.get("/ar/notifications").get_data(as_text=True)
    assert member and re.search(r'<small class="text-body-secondary fw-normal">[^<]+ \(UTC\)</small>', notifications)


def test_a_time_zone_select_in_arabic_names_the_zones_in_arabic(app, make_user):
    make_user("officer@example.org", role="officer")
    client = app.test_client()
    sign_in(client, "officer@example.org", lang="ar")
    form = client.get("/ar/calls/new").get_data(as_text=True)
    select = form[form.index('name="timezone"'):]
    select = select[:select.index("</select>")]
    assert re.search(r'<option[^>]*value="Asia/Riyadh"[^>]*>الرياض \(توقيت المملكة العربية السعودية\)</option>', select)
    assert re.search(r'<option[^>]*value="Africa/Casablanca"[^>]*>الدار البيضاء \(توقيت المغرب\)</option>', select)


def test_a_currency_select_in_french_names_the_currencies(app):
    from portal.needs.forms import currency_choices

    with app.app_context():
        db.session.add(ExchangeRate(currency_code="EUR", units_per_usd=Decimal("0.9"), valid_from=date(2020, 1, 1)))
        db.session.commit()
    with app.test_request_context("/fr/"):
        from flask import g
        g.lang = "fr"
        choices = {choice.value: choice.label for choice in currency_choices()}
    assert choices["EUR"] == "EUR — euro"
