"""The forum's discussion: who posts, locked threads, the edit window, sanitised Markdown,
hidden posts, reports, the audit trail, the posting rate limit and the pages' query counts."""
from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.core.markdown import render_markdown
from portal.core.time import utcnow
from portal.discussion.models import Post, Theme
from portal.extensions import db
from portal.forum import services as forum_services
from tests.conftest import csrf_token, link_in, outbox, sign_in, submit
from tests.discussion_helpers import (
    hide, lock, make_theme, make_thread, open_report_count, opening_post_of, post_count, post_of, reply, report,
    thread_count,
)
from tests.forum_helpers import make_edition, register
from tests.test_forum import client_for, page_text
from tests.test_organization_directory import count_queries

OFFICER, PARTICIPANT, COLLEAGUE, MEMBER = "officer", "participant", "colleague", "member"
CLOSED_NOTE = "The discussion is open to the edition's approved participants."


def seat(app, officer_id: int, registration_id: int) -> None:
    with app.app_context():
        forum_services.approve(registration_id, db.session.get(User, officer_id))


@pytest.fixture
def people(app, make_user):
    names = {OFFICER: "Officer Bennani", PARTICIPANT: "Amina Diallo", COLLEAGUE: "Omar Haddad", MEMBER: "Sara Idrissi"}
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member", name=name)
           for kind, name in names.items()}
    ids["edition"] = make_edition(app, ids[OFFICER])
    for kind in (PARTICIPANT, COLLEAGUE):
        seat(app, ids[OFFICER], register(app, ids[kind], ids["edition"]))
    ids["theme"] = make_theme(app, ids[OFFICER], ids["edition"])
    return ids


def person_in(app, make_user, people, situation: str) -> str | None:
    """Someone in `situation` towards the edition; returns the address they sign in with."""
    if situation == "visitor":
        return None
    if situation == "member":
        return f"{MEMBER}@example.org"
    email = f"{situation}@example.org"
    user_id = make_user(email=email, name=f"Person {situation}")
    edition = make_edition(app, people[OFFICER]) if situation == "other_edition" else people["edition"]
    registration_id = register(app, user_id, edition)
    with app.app_context():
        officer = db.session.get(User, people[OFFICER])
        if situation in ("checked_in", "other_edition"):
            registration = forum_services.approve(registration_id, officer)
            if situation == "checked_in":
                forum_services.check_in(edition, registration.code, officer)
        elif situation == "waitlisted":
            forum_services.waitlist(registration_id, officer)
        elif situation == "rejected":
            forum_services.reject(registration_id, officer, "Not this time")
        elif situation == "cancelled":
            forum_services.cancel(registration_id, db.session.get(User, user_id))
    return email


def signed_in(app, email: str | None):
    client = app.test_client()
    if email:
        sign_in(client, email)
    return client


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_in(html: str) -> list[tuple[str, dict]]:
    """Every element of a page as the browser would parse it: its tag and attributes."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def thread_id_from(response) -> int:
    return int(re.search(r"/forum/threads/(\d+)", response.headers["Location"]).group(1))


# --- Who posts -----------------------------------------------------------------------------------

def test_seated_participants_start_threads_and_reply_in_the_order_written(app, make_user, people):
    checked_in = signed_in(app, person_in(app, make_user, people, "checked_in"))
    participant = client_for(app, PARTICIPANT)
    theme_page = f"/en/forum/themes/{people['theme']}"
    response = submit(participant, f"{theme_page}/threads/new",
                      {"title": "Sharing school meals", "body": "Could our kitchens cook for three schools?"})
    assert response.status_code == 302
    thread = thread_id_from(response)
    thread_page = f"/en/forum/threads/{thread}"
    response = submit(checked_in, thread_page, {"body": "We did it in Mopti last year."},
                      action=f"{thread_page}/reply")
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    html = submit(checked_in, thread_page, {"body": ""}, action=f"{thread_page}/reply").get_data(as_text=True)
    assert "Write your message first." in html and post_count(app) == 2

    html = page_text(participant, thread_page)
    assert html.index("Could our kitchens cook") < html.index("We did it in Mopti")
    assert "Amina Diallo" in html and "Person checked_in" in html
    bodies = [attrs for tag, attrs in tags_in(html) if attrs.get("data-testid") == "post-body"]
    assert len(bodies) == 2 and all(attrs.get("dir") == "auto" for attrs in bodies)
    assert ("h1", {"class": "h3 text-break", "dir": "auto"}) in tags_in(html)
    assert "Sharing school meals" in html and "1 reply" in page_text(participant, theme_page)
    assert "1 thread · 2 posts" in " ".join(page_text(participant, f"/en/forum/{people['edition']}/discussion").split())


OUTSIDERS = ("pending", "waitlisted", "rejected", "cancelled", "other_edition", "member", "visitor")


@pytest.mark.parametrize("situation", OUTSIDERS)
def test_people_without_a_seat_in_the_edition_neither_read_nor_post(app, make_user, people, situation):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    email = person_in(app, make_user, people, situation)
    client = signed_in(app, email)
    token = csrf_token(client, "/en/account" if email else "/en/login")
    before = (thread_count(app), post_count(app))
    attempts = [
        client.post(f"/en/forum/themes/{people['theme']}/threads/new",
                    data={"csrf_token": token, "title": "Let me in", "body": "I have views too."}),
        client.post(f"/en/forum/threads/{thread}/reply", data={"csrf_token": token, "body": "Me too."}),
        client.get(f"/en/forum/threads/{thread}"),
    ]
    for response in attempts:
        if email is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403
    assert (thread_count(app), post_count(app)) == before

    html = page_text(client, f"/en/forum/{people['edition']}/discussion")
    assert CLOSED_NOTE in html
    assert "Schools in emergencies" in html
    assert f"/en/forum/themes/{people['theme']}" not in html
    assert "Sharing school meals" not in html


def test_officers_open_themes_in_three_languages(app, people):
    officer = client_for(app, OFFICER)
    new_theme = f"/en/forum/{people['edition']}/themes/new"
    html = submit(officer, new_theme, {"description_en": "No title"}).get_data(as_text=True)
    assert "Give a title in at least one language." in html
    response = submit(officer, new_theme, {"title_en": "Water and sanitation", "title_ar": "المياه والصرف الصحي",
                                           "title_fr": "Eau et assainissement", "position": "1"})
    assert response.status_code == 302
    with app.app_context():
        theme = db.session.scalar(db.select(Theme).where(Theme.id != people["theme"]))
        theme_id = theme.id
    participant = client_for(app, PARTICIPANT)
    assert "المياه والصرف الصحي" in page_text(participant, f"/ar/forum/{people['edition']}/discussion")
    english = page_text(participant, f"/en/forum/{people['edition']}/discussion")
    # Themes come in the order officers give them.
    assert english.index("Schools in emergencies") < english.index("Water and sanitation")
    assert CLOSED_NOTE not in english

    submit(officer, f"/en/forum/themes/{theme_id}/edit", {"title_en": "Clean water", "position": "1"})
    assert "Clean water" in page_text(participant, f"/en/forum/{people['edition']}/discussion")
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_id == str(theme_id),
                                     AuditEntry.object_type == "discussion_theme").order_by(AuditEntry.id)).all()
    assert actions == ["discussion_theme.created", "discussion_theme.edited"]


# --- Locks and edits -----------------------------------------------------------------------------

def test_nobody_replies_in_a_locked_thread_until_an_officer_unlocks_it(app, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    thread_page = f"/en/forum/threads/{thread}"
    officer, participant = client_for(app, OFFICER), client_for(app, PARTICIPANT)
    html = submit(officer, thread_page, {"reason": ""}, action=f"{thread_page}/lock",
                  follow_redirects=True).get_data(as_text=True)
    assert "Give a reason: the participants will read it." in html
    submit(officer, thread_page, {"reason": "The session on this subject is over"}, action=f"{thread_page}/lock")

    html = page_text(participant, thread_page)
    assert "An officer locked this thread: nobody can reply." in html and "The session on this subject is over" in html
    assert f'action="{thread_page}/reply"' not in html
    before = post_count(app)
    for client in (participant, officer):
        html = submit(client, thread_page, {"body": "One more thing"}, action=f"{thread_page}/reply",
                      follow_redirects=True).get_data(as_text=True)
        assert "This thread is locked: nobody can reply." in html
    assert post_count(app) == before
    assert "Locked" in page_text(participant, f"/en/forum/themes/{people['theme']}")

    submit(officer, thread_page, {}, action=f"{thread_page}/unlock")
    response = submit(participant, thread_page, {"body": "One more thing"}, action=f"{thread_page}/reply")
    assert response.status_code == 302
    assert post_count(app) == before + 1


def test_the_author_edits_a_post_for_thirty_minutes_and_not_after(app, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    post = opening_post_of(app, thread)
    edit_page = f"/en/forum/posts/{post}/edit"
    participant = client_for(app, PARTICIPANT)
    assert "Could our kitchens cook for three schools at once?" in page_text(participant, edit_page)
    assert client_for(app, COLLEAGUE).get(edit_page).status_code == 403
    html = submit(participant, edit_page, {"body": "Could our kitchens cook for **four** schools?"},
                  follow_redirects=True).get_data(as_text=True)
    assert "<strong>four</strong>" in html and 'data-testid="edited"' in html
    edited = post_of(app, post)
    assert edited.body == "Could our kitchens cook for **four** schools?" and edited.edited_at is not None

    with app.app_context():
        db.session.execute(db.update(Post).where(Post.id == post).values(created_at=utcnow() - timedelta(minutes=31)))
        db.session.commit()
    response = participant.get(edit_page, follow_redirects=True)
    assert "A post can be edited for 30 minutes after it is written." in response.get_data(as_text=True)
    assert f'href="{edit_page}"' not in page_text(participant, f"/en/forum/threads/{thread}")
    participant.post(edit_page, data={"csrf_token": csrf_token(participant, "/en/account"), "body": "Too late"})
    assert post_of(app, post).body == "Could our kitchens cook for **four** schools?"


# --- Sanitised Markdown --------------------------------------------------------------------------

HOSTILE_BODY = (
    "<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    "[click](javascript:alert(1))\n\n"
    "**Bold** words and [the report](https://example.org/report)."
)


def test_scripts_event_handlers_and_javascript_links_in_a_post_are_neutralised(app, people):
    participant = client_for(app, PARTICIPANT)
    response = submit(participant, f"/en/forum/themes/{people['theme']}/threads/new",
                      {"title": "<script>alert(2)</script>", "body": HOSTILE_BODY})
    html = page_text(client_for(app, COLLEAGUE), f"/en/forum/threads/{thread_id_from(response)}")
    tags = tags_in(html)

    assert "<script>alert" not in html
    assert not [tag for tag, _attrs in tags if tag == "img"]
    assert not [name for _tag, attrs in tags for name in attrs if name.startswith("on")]
    assert not [value for _tag, attrs in tags for name, value in attrs.items()
                if name in ("href", "src") and value and value.strip().lower().startswith("javascript:")]
    # What was typed is shown as text, harmless.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    # Ordinary Markdown still works, and links written by users are not vouched for.
    assert "<strong>Bold</strong>" in html
    assert ("a", {"href": "https://example.org/report", "rel": "nofollow noopener ugc"}) in tags


def test_markdown_keeps_a_small_set_of_formatting():
    html = render_markdown("# Title\nfirst line\nsecond line\n\n> quoted\n\n- item\n\n"
                           "`code` [mail](mailto:a@example.org) [data](data:text/html,hi)")
    assert "<h3>Title</h3>" in html and "first line<br>" in html
    assert "<blockquote>" in html and "<li>item</li>" in html and "<code>code</code>" in html
    assert 'href="mailto:a@example.org"' in html and 'href="data:' not in html


# --- Hidden posts and reports --------------------------------------------------------------------

def test_a_hidden_post_disappears_for_others_and_stays_marked_for_officers_and_its_author(app, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    post = reply(app, people[COLLEAGUE], thread, "You are all fools.")
    thread_page = f"/en/forum/threads/{thread}"
    officer = client_for(app, OFFICER)
    response = submit(officer, thread_page, {"reason": "Insulting other participants"},
                      action=f"/en/forum/posts/{post}/hide")
    assert response.status_code == 302

    participant = client_for(app, PARTICIPANT)
    html = page_text(participant, thread_page)
    assert "You are all fools." not in html and "Insulting other participants" not in html
    assert f'id="post-{post}"' not in html
    assert "0 replies" in page_text(participant, f"/en/forum/themes/{people['theme']}")
    assert participant.get(f"/en/forum/posts/{post}/edit").status_code == 404
    visitor = app.test_client().get(thread_page)
    assert visitor.status_code == 302 and "You are all fools." not in visitor.get_data(as_text=True)

    html = page_text(officer, thread_page)
    assert "You are all fools." in html and "Hidden by an officer:" in html and "Insulting other participants" in html
    html = page_text(client_for(app, COLLEAGUE), thread_page)
    assert "An officer hid your post" in html and "Insulting other participants" in html

    mail = outbox(app, "colleague@example.org")[-1]
    assert mail.subject == "An officer hid your post in the forum's discussion"
    assert "Insulting other participants" in mail.body and "Sharing school meals" in mail.body
    assert link_in(mail).startswith(thread_page)

    submit(officer, thread_page, {}, action=f"/en/forum/posts/{post}/restore")
    assert "You are all fools." in page_text(participant, thread_page)


def test_one_report_per_person_and_an_officer_keeps_or_hides_the_post(app, make_user, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    advert = reply(app, people[COLLEAGUE], thread, "Cheap watches at example.com")
    thread_page, report_path = f"/en/forum/threads/{thread}", f"/en/forum/posts/{advert}/report"
    participant = client_for(app, PARTICIPANT)
    html = submit(participant, thread_page, {"reason": "Advertising"}, action=report_path,
                  follow_redirects=True).get_data(as_text=True)
    assert "Thank you: the officers will look at this post." in html
    html = submit(participant, thread_page, {"reason": "Still advertising"}, action=report_path,
                  follow_redirects=True).get_data(as_text=True)
    assert "You have already reported this post: the officers will look at it." in html
    html = submit(client_for(app, COLLEAGUE), thread_page, {"reason": "Mine"}, action=report_path,
                  follow_redirects=True).get_data(as_text=True)
    assert "You cannot report your own post." in html
    report(app, db_id(app, person_in(app, make_user, people, "checked_in")), advert, "Spam")
    assert open_report_count(app) == 2

    officer = client_for(app, OFFICER)
    reports_page = f"/en/forum/{people['edition']}/reports"
    html = page_text(officer, reports_page)
    assert "Cheap watches at example.com" in html and "Advertising" in html and "Spam" in html
    assert html.count('data-testid="reported-post"') == 1
    assert '<span class="badge text-bg-secondary ms-1" data-testid="open-reports">1</span>' in page_text(
        officer, f"/en/forum/{people['edition']}/discussion")

    response = submit(officer, reports_page, {"back": "reports"}, action=f"/en/forum/posts/{advert}/keep")
    assert response.headers["Location"].endswith(reports_page)
    assert open_report_count(app) == 0
    assert "No post waits for a decision." in page_text(officer, reports_page)
    assert "Cheap watches at example.com" in page_text(participant, thread_page)

    rant = reply(app, people[PARTICIPANT], thread, "A rant")
    report(app, people[COLLEAGUE], rant)
    response = submit(officer, reports_page, {"reason": "Not the place", "back": "reports"},
                      action=f"/en/forum/posts/{rant}/hide")
    assert response.headers["Location"].endswith(reports_page)
    assert open_report_count(app) == 0 and post_of(app, rant).hide_reason == "Not the place"


def db_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == email))


def test_hiding_restoring_locking_and_unlocking_are_audited(app, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    post = reply(app, people[COLLEAGUE], thread)
    officer = client_for(app, OFFICER)
    thread_page = f"/en/forum/threads/{thread}"
    for action, data in ((f"/en/forum/posts/{post}/hide", {"reason": "Personal data"}),
                         (f"/en/forum/posts/{post}/restore", {}),
                         (f"{thread_page}/lock", {"reason": "Closed"}),
                         (f"{thread_page}/unlock", {})):
        assert submit(officer, thread_page, data, action=action).status_code == 302
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.object_type.in_(("discussion_post", "discussion_thread")))
            .order_by(AuditEntry.id)
        ).all()
        trail = [(entry.action, entry.object_id, entry.actor_id, entry.before, entry.after) for entry in entries]
    assert [(action, object_id, actor) for action, object_id, actor, _before, _after in trail] == [
        ("discussion_post.hidden", str(post), people[OFFICER]),
        ("discussion_post.restored", str(post), people[OFFICER]),
        ("discussion_thread.locked", str(thread), people[OFFICER]),
        ("discussion_thread.unlocked", str(thread), people[OFFICER]),
    ]
    hidden, restored, locked, unlocked = trail
    assert (hidden[3]["hidden"], hidden[4]["hidden"], hidden[4]["hide_reason"]) == (False, True, "Personal data")
    assert (restored[3]["hide_reason"], restored[4]["hidden"]) == ("Personal data", False)
    assert (locked[3]["locked"], locked[4]["lock_reason"]) == (False, "Closed")
    assert (unlocked[3]["locked"], unlocked[4]["locked"]) == (True, False)


# --- Rate limit and query counts -----------------------------------------------------------------

def test_the_sixth_post_within_a_minute_is_refused_for_that_person_only(app, people):
    thread = make_thread(app, people[PARTICIPANT], people["theme"])
    participant = client_for(app, PARTICIPANT)
    token = csrf_token(participant, "/en/account")
    for number in range(5):
        response = participant.post(f"/en/forum/threads/{thread}/reply",
                                    data={"csrf_token": token, "body": f"Point {number}"})
        assert response.status_code == 302
    before = (thread_count(app), post_count(app))
    # New threads and replies draw on one allowance.
    response = participant.post(f"/en/forum/themes/{people['theme']}/threads/new",
                                data={"csrf_token": token, "title": "One more", "body": "Point 6"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert (thread_count(app), post_count(app)) == before
    # The limit follows the person, not the venue's shared network address.
    colleague = client_for(app, COLLEAGUE)
    response = colleague.post(f"/en/forum/threads/{thread}/reply",
                              data={"csrf_token": csrf_token(colleague, "/en/account"), "body": "My point"})
    assert response.status_code == 302 and post_count(app) == before[1] + 1


def test_the_discussion_pages_run_a_fixed_number_of_queries(app, make_user, people):
    authors = [people[PARTICIPANT], people[COLLEAGUE]]
    first = make_thread(app, authors[0], people["theme"])
    reply(app, authors[1], first)
    participant = client_for(app, PARTICIPANT)
    pages = (f"/en/forum/threads/{first}", f"/en/forum/themes/{people['theme']}",
             f"/en/forum/{people['edition']}/discussion")
    few = [count_queries(app, page, participant) for page in pages]

    for number in range(6):
        author = make_user(email=f"speaker{number}@example.org", name=f"Speaker {number}")
        seat(app, people[OFFICER], register(app, author, people["edition"]))
        authors.append(author)
    for number in range(24):
        reply(app, authors[number % len(authors)], first, f"Reply {number}")
    for number in range(12):
        thread = make_thread(app, authors[number % len(authors)], people["theme"], title=f"Thread {number}")
        reply(app, authors[(number + 1) % len(authors)], thread)
    make_theme(app, people[OFFICER], people["edition"], title_en="Second theme")
    hide(app, people[OFFICER], reply(app, authors[2], first))
    lock(app, people[OFFICER], thread)
    many = [count_queries(app, page, participant) for page in pages]
    assert few == many
