from datetime import date

from portal.accounts.models import User
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.discussion.models import Post, PostReport, Theme, Thread
from portal.extensions import db
from portal.forum.models import Edition, EditionState, Registration, RegistrationState
from portal.outcomes.models import (
    Commitment, CommitmentState, Endorsement, ProgressNote, Proposal, ProposalState,
)
from tests.conftest import sign_in

MODELS = (Theme, Thread, Post, PostReport, Proposal, Endorsement, Commitment, ProgressNote)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def seed_twice(app) -> dict:
    """Counts after the first run, checked unchanged after the second."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "seed-demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = {model: count(model) for model in MODELS}
    second = runner.invoke(args=["portal", "seed-demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert {model: count(model) for model in MODELS} == counts
    return counts


def test_demo_outcomes_cover_every_state_and_are_seeded_once(app):
    counts = seed_twice(app)
    assert all(counts.values()), counts
    with app.app_context():
        assert count(User) == len(DEMO_ACCOUNTS) == 10
        proposals = db.session.scalars(db.select(Proposal)).all()
        assert {proposal.state for proposal in proposals} == set(ProposalState.ALL)
        for proposal in proposals:
            assert 1 <= len(proposal.subsectors) <= 2 and 1 <= len(proposal.countries) <= 3
            assert proposal.author_id in {membership.user_id for membership in proposal.organization.memberships}
        adopted = [proposal for proposal in proposals if proposal.state == ProposalState.ADOPTED]
        assert adopted and all(proposal.project is not None and proposal.decided_at for proposal in adopted)
        assert all(proposal.decision_reason for proposal in proposals if proposal.state == ProposalState.NOT_RETAINED)
        originals = {proposal.title.original: proposal for proposal in proposals}
        assert {"ar", "en", "fr"} <= set(originals)
        assert any(proposal.title.languages == ("ar",) for proposal in proposals)
        assert any(proposal.title.languages == ("fr",) for proposal in proposals)
        assert any(set(proposal.title.languages) == {"ar", "en", "fr"} for proposal in proposals)
        assert {proposal.edition.ordinal for proposal in proposals if proposal.state == ProposalState.OPEN} == {4}

        by_id = {proposal.id: proposal for proposal in proposals}
        for endorsement in db.session.scalars(db.select(Endorsement)):
            assert endorsement.organization_id != by_id[endorsement.proposal_id].organization_id
            assert endorsement.organization.is_verified

        commitments = db.session.scalars(db.select(Commitment)).all()
        assert {commitment.state for commitment in commitments} == set(CommitmentState.ALL)
        assert sum(commitment.is_overdue(date.today()) for commitment in commitments) >= 2
        assert any(set(commitment.description.languages) == {"ar", "en", "fr"} for commitment in commitments)
        for commitment in commitments:
            assert commitment.organization.is_verified
            assert commitment.proposal_id or commitment.project_id
            assert commitment.proposal is None or commitment.proposal.edition_id == commitment.edition_id
            assert (commitment.closed_at is not None) == (commitment.state not in CommitmentState.PENDING)
            assert 1 <= len(commitment.notes) <= 3
            assert all(note.noted_on <= date.today() for note in commitment.notes)
            if commitment.state != CommitmentState.ANNOUNCED:
                assert commitment.state in {note.new_state for note in commitment.notes}


def test_demo_discussion_is_written_by_the_editions_participants(app):
    seed_twice(app)
    with app.app_context():
        themes = db.session.scalars(db.select(Theme)).all()
        assert all(set(theme.title.languages) == {"ar", "en", "fr"} for theme in themes)
        (next_edition,) = db.session.scalars(
            db.select(Edition).where(Edition.state == EditionState.REGISTRATION_OPEN))
        assert sorted(theme.position for theme in themes if theme.edition_id == next_edition.id) == [1, 2, 3]
        seated = set(db.session.execute(
            db.select(Registration.edition_id, Registration.user_id)
            .where(Registration.state.in_(RegistrationState.SEATED))
        ).all())
        posts = db.session.scalars(db.select(Post)).all()
        for post in posts:
            edition_id = post.thread.theme.edition_id
            assert post.author.is_officer or (edition_id, post.author_id) in seated, post.author.email
            assert "<script" not in post.body_html and post.body_html.strip()
            assert post.created_at.date() < date.today()
        assert any("<strong>" in post.body_html for post in posts)
        assert any('href="https://' in post.body_html for post in posts)
        assert any(post.is_hidden and post.hide_reason and post.hidden_by.is_officer for post in posts)
        threads = db.session.scalars(db.select(Thread)).all()
        assert all(2 <= len([post for post in posts if post.thread_id == thread.id]) <= 4 for thread in threads)
        assert any(thread.is_locked and thread.lock_reason for thread in threads)
        assert db.session.scalar(
            db.select(db.func.count()).select_from(PostReport).where(PostReport.resolved_at.is_(None))) >= 1


def test_demo_outcomes_and_discussion_pages_answer(app, client):
    seed_twice(app)
    with app.app_context():
        proposal_id = db.session.scalar(
            db.select(Proposal.id).where(Proposal.state == ProposalState.ADOPTED).limit(1))
        edition_id = db.session.scalar(db.select(Edition.id).where(Edition.ordinal == 4))
        thread_id = db.session.scalar(
            db.select(Thread.id).join(Theme).where(Theme.edition_id == edition_id).order_by(Thread.id).limit(1))
    for page in ("/ar/forum/proposals/", "/fr/forum/commitments/", f"/en/forum/proposals/{proposal_id}"):
        assert client.get(page).status_code == 200, page
    overdue = client.get("/en/forum/commitments/?overdue=1")
    assert overdue.status_code == 200
    html = overdue.get_data(as_text=True)
    assert 'data-testid="overdue"' in html and "Overdue" in html

    assert sign_in(client, "charity@demo.isesco.org", password=DEMO_PASSWORD).status_code == 302
    discussion = client.get(f"/ar/forum/{edition_id}/discussion")
    assert discussion.status_code == 200
    assert "تعليم الأطفال في مناطق النزاعات والكوارث" in discussion.get_data(as_text=True)
    assert client.get(f"/ar/forum/threads/{thread_id}").status_code == 200
