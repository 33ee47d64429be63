from datetime import date

from portal.extensions import db
from portal.meetings.models import ActionItem, ActionItemState, JointCommittee, Meeting, MeetingKind, Minutes
from tests.test_outcomes_demo import count


def test_demo_committees_sessions_minutes_and_action_items_are_seeded_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        counts = [count(model) for model in (JointCommittee, Meeting, Minutes, ActionItem)]
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code == 0
    with app.app_context():
        assert [count(model) for model in (JointCommittee, Meeting, Minutes, ActionItem)] == counts
        assert counts[0] == 6 and counts[3] == 40
        # Committees sit under their partner's agreement in force where the partner has one.
        committees = db.session.scalars(db.select(JointCommittee)).all()
        linked = [committee for committee in committees if committee.agreement is not None]
        assert linked and all(committee.partner in committee.agreement.partners for committee in linked)
        meetings = db.session.scalars(db.select(Meeting)).all()
        assert all(meeting.kind == MeetingKind.JOINT_COMMITTEE and len(meeting.agenda) == 3 for meeting in meetings)
        assert {meeting.state for meeting in meetings} == {"closed", "scheduled"}
        for meeting in meetings:
            if meeting.state == "closed":
                assert {(minutes.language, minutes.state) for minutes in meeting.minutes} == {
                    ("ar", "approved"), ("en", "approved"), ("fr", "approved")}
        items = db.session.scalars(db.select(ActionItem)).all()
        assert {item.state for item in items} == set(ActionItemState.ALL)
        assert any(item.is_overdue(date.today()) for item in items)
        assert all(item.outcome is not None and item.outcome.kind == "action" for item in items)
        assert len({item.reference for item in items}) == 40
