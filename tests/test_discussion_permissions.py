"""Who may open each discussion page and press each discussion button, tried from the outside."""
import pytest

from portal.discussion.models import Post, PostReport, Theme, Thread
from portal.extensions import db
from tests.conftest import csrf_token
from tests.discussion_helpers import hide, lock, make_theme, make_thread, opening_post_of, reply, report
from tests.forum_helpers import make_edition, register
from tests.test_forum import client_for
from tests.test_permissions import rule_shape

VISITOR, MEMBER, PARTICIPANT, OFFICER = None, "member", "participant", "officer"
PEOPLE = (VISITOR, MEMBER, PARTICIPANT, OFFICER)
LOGIN, MISSING = "login", 404


@pytest.fixture
def discussion(app, make_user):
    ids = {kind: make_user(email=f"{kind}@example.org", role="officer" if kind == OFFICER else "member")
           for kind in (MEMBER, PARTICIPANT, OFFICER)}
    colleague = make_user(email="colleague@example.org")
    edition = make_edition(app, ids[OFFICER], approve_automatically=True)
    for person in (ids[PARTICIPANT], colleague):
        register(app, person, edition)
    theme = make_theme(app, ids[OFFICER], edition)
    thread = make_thread(app, ids[PARTICIPANT], theme)
    world = {
        "edition": edition,
        "draft_edition": make_edition(app, ids[OFFICER], state="draft"),
        "theme": theme,
        "thread": thread,
        "locked_thread": make_thread(app, colleague, theme, title="Closed subject"),
        # The participant's own post, and three of a colleague's: to report, already hidden, already reported.
        "post": opening_post_of(app, thread),
        "colleague_post": reply(app, colleague, thread),
        "hidden_post": reply(app, colleague, thread, "Hidden words"),
        "reported_post": reply(app, colleague, thread, "Reported words"),
    }
    world["draft_theme"] = make_theme(app, ids[OFFICER], world["draft_edition"])
    lock(app, ids[OFFICER], world["locked_thread"])
    hide(app, ids[OFFICER], world["hidden_post"])
    report(app, colleague, world["post"])
    report(app, ids[PARTICIPANT], world["reported_post"])
    return world


def expect(allowed, refused=403):
    return {kind: 200 if kind in allowed else (LOGIN if kind is VISITOR else refused) for kind in PEOPLE}


EVERYONE = expect(PEOPLE)
OFFICERS = expect((OFFICER,))
READERS = expect((PARTICIPANT, OFFICER))
AUTHOR = expect((PARTICIPANT,))
DRAFT = {kind: 200 if kind == OFFICER else MISSING for kind in PEOPLE}

ROUTES = [
    ("/en/forum/{edition}/discussion", EVERYONE),
    ("/en/forum/{draft_edition}/discussion", DRAFT),
    ("/en/forum/{edition}/themes/new", OFFICERS),
    ("/en/forum/themes/{theme}/edit", OFFICERS),
    ("/en/forum/themes/{theme}", READERS),
    ("/en/forum/themes/{draft_theme}", {**DRAFT, VISITOR: LOGIN}),
    ("/en/forum/themes/{theme}/threads/new", READERS),
    ("/en/forum/threads/{thread}", READERS),
    ("/en/forum/posts/{post}/edit", AUTHOR),
    ("/en/forum/{edition}/reports", OFFICERS),
]


@pytest.mark.parametrize(("path", "expected"), ROUTES)
@pytest.mark.parametrize("kind", PEOPLE)
def test_discussion_page_permissions(app, discussion, kind, path, expected):
    response = client_for(app, kind).get(path.format(**discussion))
    if expected[kind] == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected[kind]


def press(app, kind, path, **data):
    client = client_for(app, kind)
    token = csrf_token(client, "/en/account" if kind else "/en/login")
    return client.post(path, data={"csrf_token": token, **data})


def counted(model, *conditions):
    def observe(app, discussion):
        with app.app_context():
            return db.session.scalar(db.select(db.func.count()).select_from(model).where(*conditions))
    return observe


def attribute_of(model, key, name):
    def observe(app, discussion):
        with app.app_context():
            value = getattr(db.session.get(model, discussion[key]), name)
            return value.get("en") if name == "title" and model is Theme else value
    return observe


def is_set(model, key, name):
    observe_value = attribute_of(model, key, name)
    return lambda app, discussion: observe_value(app, discussion) is not None


# path, form data, who may press it, what others get when signed in, what changes when the
# allowed press it.
BUTTONS = [
    ("/en/forum/{edition}/themes/new", {"title_en": "Water"}, (OFFICER,), 403, counted(Theme), 3),
    ("/en/forum/themes/{theme}/edit", {"title_en": "Renamed"}, (OFFICER,), 403, attribute_of(Theme, "theme", "title"),
     "Renamed"),
    ("/en/forum/themes/{theme}/threads/new", {"title": "A new subject", "body": "Hello"}, (PARTICIPANT, OFFICER), 403,
     counted(Thread), 3),
    ("/en/forum/threads/{thread}/reply", {"body": "Agreed"}, (PARTICIPANT, OFFICER), 403, counted(Post), 6),
    ("/en/forum/posts/{post}/edit", {"body": "Corrected"}, (PARTICIPANT,), 403, attribute_of(Post, "post", "body"),
     "Corrected"),
    ("/en/forum/posts/{colleague_post}/report", {"reason": "Off topic"}, (PARTICIPANT, OFFICER), 403,
     counted(PostReport), 3),
    ("/en/forum/posts/{colleague_post}/hide", {"reason": "Insulting"}, (OFFICER,), 403,
     is_set(Post, "colleague_post", "hidden_at"), True),
    ("/en/forum/posts/{hidden_post}/restore", {}, (OFFICER,), 403, is_set(Post, "hidden_post", "hidden_at"), False),
    ("/en/forum/posts/{reported_post}/keep", {}, (OFFICER,), 403, counted(PostReport, PostReport.resolved_at.is_(None)),
     1),
    ("/en/forum/threads/{thread}/lock", {"reason": "Off topic"}, (OFFICER,), 403, is_set(Thread, "thread", "locked_at"),
     True),
    ("/en/forum/threads/{locked_thread}/unlock", {}, (OFFICER,), 403, is_set(Thread, "locked_thread", "locked_at"),
     False),
]


@pytest.mark.parametrize(("path", "data", "allowed", "refused", "observe", "after"), BUTTONS)
@pytest.mark.parametrize("kind", PEOPLE)
def test_discussion_button_permissions(app, discussion, kind, path, data, allowed, refused, observe, after):
    before = observe(app, discussion)
    response = press(app, kind, path.format(**discussion), **data)
    if kind in allowed:
        assert response.status_code == 302 and observe(app, discussion) == after
        return
    assert observe(app, discussion) == before
    if kind is VISITOR:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == refused


PLACEHOLDERS = {
    "{theme}": "<int:theme_id>", "{draft_theme}": "<int:theme_id>",
    "{thread}": "<int:thread_id>", "{locked_thread}": "<int:thread_id>",
    "{post}": "<int:post_id>", "{colleague_post}": "<int:post_id>", "{hidden_post}": "<int:post_id>",
    "{reported_post}": "<int:post_id>",
}


def discussion_rule(path: str) -> str:
    for placeholder, converter in PLACEHOLDERS.items():
        path = path.replace(placeholder, converter)
    return rule_shape(path)


TRIED_RULES = {discussion_rule(path) for path, _expected in ROUTES} | {discussion_rule(path) for path, *_ in BUTTONS}
