"""Risk flags for tests, raised through the same service the officers' form calls."""
from portal.accounts.models import User
from portal.duediligence import services
from portal.extensions import db


def make_flag(app, organization_id: int, officer_id: int, severity: str = "red", category: str = "integrity",
              reason: str = "Funds diverted, says a partner", state: str = "open") -> int:
    with app.app_context():
        officer = db.session.get(User, officer_id)
        flag = services.flag_organization(organization_id, officer, category, severity, reason, "Letter of 3 March")
        if state != "open":
            {"cleared": services.clear_flag, "confirmed": services.confirm_flag}[state](flag.id, officer, "Looked into it")
        return flag.id
