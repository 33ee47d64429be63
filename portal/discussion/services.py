"""Discussion rules: who reads and writes in an edition's discussion, and the officers' moderation.

Officers run the discussion; the participants holding a seat in the edition (approved or checked
in) take part in it: they read, start threads, reply and report posts. Participants agree
separately to appear in the public list of participants, so what they write is not public:
everyone else sees only the themes and a line saying who the discussion is for. Nobody writes in
a locked thread.

Each change is one function here: it checks the rule and commits; a refusal is a `Refused` with
a message for the person who asked, and nothing changes then. Moderation (hide or restore a
post, keep a reported post, lock or unlock a thread) locks the row and writes the audit entry
in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.markdown import render_markdown
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, add_once, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.discussion.models import Post, PostReport, Theme, Thread
from portal.extensions import db
from portal.forum.services import registration_of

# The author may correct a post for this long after writing it; later, others may have answered it.
EDIT_MINUTES = 30
EDIT_WINDOW = timedelta(minutes=EDIT_MINUTES)
THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


def takes_part(user: User, edition_id: int) -> bool:
    """Officers, and the participants holding a seat in the edition."""
    if not user.is_authenticated:
        return False
    if user.is_officer:
        return True
    registration = registration_of(user, edition_id)
    return registration is not None and registration.holds_seat


def _require_participant(user: User, edition_id: int) -> None:
    if not takes_part(user, edition_id):
        raise Refused(_l("The discussion is open to the edition's approved participants."))


def _required_text(text: str | None, message) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(message)
    return text


# --- Themes --------------------------------------------------------------------------------------

@dataclass
class ThemeData:
    title: TranslatedText
    description: TranslatedText | None
    position: int


def _theme_snapshot(theme: Theme) -> dict:
    return {"edition_id": theme.edition_id, "title": theme.title.to_json(), "position": theme.position}


def create_theme(edition_id: int, officer: User, data: ThemeData) -> Theme:
    require_officer(officer)
    theme = Theme(edition_id=edition_id, **vars(data))
    db.session.add(theme)
    db.session.flush()
    record_audit("discussion_theme.created", "discussion_theme", theme.id, after=_theme_snapshot(theme), actor=officer)
    db.session.commit()
    return theme


def update_theme(theme_id: int, officer: User, data: ThemeData) -> Theme:
    require_officer(officer)
    theme = db.session.get(Theme, theme_id, with_for_update=True, populate_existing=True)
    if theme is None:
        raise Refused(_l("This theme does not exist."))
    before = _theme_snapshot(theme)
    for name, value in vars(data).items():
        setattr(theme, name, value)
    record_audit("discussion_theme.edited", "discussion_theme", theme.id, before=before,
                 after=_theme_snapshot(theme), actor=officer)
    db.session.commit()
    return theme


def themes_of(edition_id: int) -> list[Theme]:
    return db.session.scalars(
        db.select(Theme).where(Theme.edition_id == edition_id).order_by(Theme.position, Theme.id)
    ).all()


@dataclass(frozen=True)
class ThemeActivity:
    threads: int = 0
    posts: int = 0
    last_post_at: datetime | None = None


def theme_activity(themes: list[Theme]) -> dict[int, ThemeActivity]:
    """Threads, visible posts and the latest post of each theme, in two queries."""
    ids = [theme.id for theme in themes]
    if not ids:
        return {}
    threads = {theme_id: (count, latest) for theme_id, count, latest in db.session.execute(
        db.select(Thread.theme_id, db.func.count(Thread.id), db.func.max(Thread.last_post_at))
        .where(Thread.theme_id.in_(ids))
        .group_by(Thread.theme_id)
    )}
    posts = dict(db.session.execute(
        db.select(Thread.theme_id, db.func.count(Post.id))
        .join(Post, Post.thread_id == Thread.id)
        .where(Thread.theme_id.in_(ids), Post.hidden_at.is_(None))
        .group_by(Thread.theme_id)
    ).all())
    activity = {}
    for theme_id in ids:
        count, latest = threads.get(theme_id, (0, None))
        activity[theme_id] = ThemeActivity(count, posts.get(theme_id, 0), latest)
    return activity


# --- Threads and posts ---------------------------------------------------------------------------

def _new_post(thread: Thread, author: User, body: str, now: datetime) -> Post:
    body = _required_text(body, _l("Write your message first."))
    post = Post(thread=thread, author_id=author.id, body=body, body_html=str(render_markdown(body)), created_at=now)
    db.session.add(post)
    return post


def start_thread(theme_id: int, author: User, title: str, body: str) -> Thread:
    """A new thread and its opening post."""
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise Refused(_l("This theme does not exist."))
    _require_participant(author, theme.edition_id)
    now = utcnow()
    thread = Thread(theme_id=theme.id, author_id=author.id, created_at=now, last_post_at=now,
                    title=_required_text(title, _l("Give the thread a title.")))
    db.session.add(thread)
    _new_post(thread, author, body, now)
    db.session.commit()
    return thread


def reply(thread_id: int, author: User, body: str) -> Post:
    # Under the thread's lock: a reply cannot slip in while an officer locks the thread.
    thread = db.session.get(Thread, thread_id, with_for_update=True, populate_existing=True)
    if thread is None:
        raise Refused(_l("This thread does not exist."))
    _require_participant(author, thread.theme.edition_id)
    if thread.is_locked:
        raise Refused(_l("This thread is locked: nobody can reply."))
    now = utcnow()
    post = _new_post(thread, author, body, now)
    thread.last_post_at = now
    db.session.commit()
    return post


def check_editable(post: Post, user: User) -> None:
    """Raises the reason why `user` may not edit `post`, if there is one."""
    if not user.is_authenticated or post.author_id != user.id:
        raise Refused(_l("Only its author may edit a post."))
    if post.is_hidden:
        raise Refused(_l("An officer hid this post: it can no longer be edited."))
    if post.thread.is_locked:
        raise Refused(_l("This thread is locked: its posts can no longer be edited."))
    if utcnow() - post.created_at > EDIT_WINDOW:
        raise Refused(_l("A post can be edited for %(minutes)s minutes after it is written.", minutes=EDIT_MINUTES))


def may_edit(post: Post, user: User) -> bool:
    try:
        check_editable(post, user)
    except Refused:
        return False
    return True


def edit_post(post_id: int, author: User, body: str) -> Post:
    post = db.session.get(Post, post_id, with_for_update=True, populate_existing=True)
    if post is None:
        raise Refused(_l("This post does not exist."))
    _require_participant(author, post.thread.theme.edition_id)
    check_editable(post, author)
    post.body = _required_text(body, _l("Write your message first."))
    post.body_html = str(render_markdown(post.body))
    post.edited_at = utcnow()
    db.session.commit()
    return post


def threads_page(theme_id: int, page: int) -> Page:
    """The theme's threads, latest activity first, with their authors."""
    rows = (
        db.select(Thread).where(Thread.theme_id == theme_id)
        .options(db.joinedload(Thread.author))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc())
    )
    return paginate(rows, db.select(Thread.id).where(Thread.theme_id == theme_id), page, THREADS_PER_PAGE)


def reply_counts(threads: list[Thread]) -> dict[int, int]:
    """Visible posts after the opening one, for each thread, in one query."""
    ids = [thread.id for thread in threads]
    if not ids:
        return {}
    opening_posts = db.select(db.func.min(Post.id)).where(Post.thread_id.in_(ids)).group_by(Post.thread_id)
    return dict(db.session.execute(
        db.select(Post.thread_id, db.func.count(Post.id))
        .where(Post.thread_id.in_(ids), Post.hidden_at.is_(None), Post.id.not_in(opening_posts))
        .group_by(Post.thread_id)
    ).all())


def _visible_to(reader: User):
    """Officers see every post; others the posts nobody hid, and their own hidden ones, so that
    they learn why."""
    if reader.is_officer:
        return db.true()
    return db.or_(Post.hidden_at.is_(None), Post.author_id == reader.id)


def posts_page(thread_id: int, reader: User, page: int) -> Page:
    """The thread's posts as `reader` may see them, oldest first, with their authors."""
    conditions = (Post.thread_id == thread_id, _visible_to(reader))
    rows = db.select(Post).where(*conditions).options(db.joinedload(Post.author)).order_by(Post.id)
    return paginate(rows, db.select(Post.id).where(*conditions), page, POSTS_PER_PAGE)


def _pages_for(thread_id: int, reader: User, *conditions) -> int:
    shown = db.session.scalar(
        db.select(db.func.count(Post.id)).where(Post.thread_id == thread_id, _visible_to(reader), *conditions)
    )
    return max(ceil(shown / POSTS_PER_PAGE), 1)


def page_of(post: Post, reader: User) -> int:
    """The page of its thread on which `reader` finds the post."""
    return _pages_for(post.thread_id, reader, Post.id <= post.id)


def last_page(thread_id: int, reader: User) -> int:
    return _pages_for(thread_id, reader)


# --- Reports and moderation ----------------------------------------------------------------------

def report_post(post_id: int, reporter: User, reason: str) -> PostReport:
    post = db.session.get(Post, post_id)
    if post is None or post.is_hidden:
        raise Refused(_l("This post does not exist."))
    _require_participant(reporter, post.thread.theme.edition_id)
    if post.author_id == reporter.id:
        raise Refused(_l("You cannot report your own post."))
    reason = _required_text(reason, _l("Say what is wrong with this post: the officers will read it."))
    report = PostReport(post_id=post.id, reporter_id=reporter.id, reason=reason)
    add_once(report, _l("You have already reported this post: the officers will look at it."))
    db.session.commit()
    return report


def _locked_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id, with_for_update=True, populate_existing=True)
    if post is None:
        raise Refused(_l("This post does not exist."))
    return post


def _post_snapshot(post: Post) -> dict:
    return {"thread_id": post.thread_id, "author_id": post.author_id, "hidden": post.is_hidden,
            "hide_reason": post.hide_reason}


def _resolve_reports(post_id: int, now: datetime) -> int:
    """Closes the post's open reports; returns how many there were."""
    return db.session.execute(
        db.update(PostReport).where(PostReport.post_id == post_id, PostReport.resolved_at.is_(None))
        .values(resolved_at=now)
    ).rowcount


def _mail_author_of_hidden(post: Post) -> None:
    author = post.author
    send_mail(
        "discussion_post_hidden", author.email, author.preferred_locale,
        _l("An officer hid your post in the forum's discussion"), "discussion/mail/post_hidden.txt",
        user=author, post=post, thread=post.thread,
        thread_url=absolute_url("discussion.thread", thread_id=post.thread_id, post=post.id,
                                lang=author.preferred_locale),
    )


def hide_post(post_id: int, officer: User, reason: str) -> Post:
    """Others no longer see the post; its author sees it with the reason and is mailed. Its
    reports are settled."""
    require_officer(officer)
    reason = _required_text(reason, _l("Give a reason: the author will read it."))
    post = _locked_post(post_id)
    if post.is_hidden:
        raise Refused(_l("This post is already hidden."))
    before = _post_snapshot(post)
    now = utcnow()
    post.hidden_at, post.hidden_by_id, post.hide_reason = now, officer.id, reason
    resolved = _resolve_reports(post.id, now)
    record_audit("discussion_post.hidden", "discussion_post", post.id, before=before,
                 after={**_post_snapshot(post), "reports_resolved": resolved}, actor=officer)
    _mail_author_of_hidden(post)
    db.session.commit()
    return post


def restore_post(post_id: int, officer: User) -> Post:
    require_officer(officer)
    post = _locked_post(post_id)
    if not post.is_hidden:
        raise Refused(_l("This post is not hidden."))
    before = _post_snapshot(post)
    post.hidden_at = post.hidden_by_id = post.hide_reason = None
    record_audit("discussion_post.restored", "discussion_post", post.id, before=before,
                 after=_post_snapshot(post), actor=officer)
    db.session.commit()
    return post


def keep_post(post_id: int, officer: User) -> Post:
    """The officer read the reports and leaves the post as it is: the reports are settled."""
    require_officer(officer)
    post = _locked_post(post_id)
    resolved = _resolve_reports(post.id, utcnow())
    if not resolved:
        raise Refused(_l("This post has no open report."))
    record_audit("discussion_post.kept", "discussion_post", post.id, before=_post_snapshot(post),
                 after={**_post_snapshot(post), "reports_resolved": resolved}, actor=officer)
    db.session.commit()
    return post


def _locked_thread(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id, with_for_update=True, populate_existing=True)
    if thread is None:
        raise Refused(_l("This thread does not exist."))
    return thread


def _thread_snapshot(thread: Thread) -> dict:
    return {"theme_id": thread.theme_id, "locked": thread.is_locked, "lock_reason": thread.lock_reason}


def lock_thread(thread_id: int, officer: User, reason: str) -> Thread:
    require_officer(officer)
    reason = _required_text(reason, _l("Give a reason: the participants will read it."))
    thread = _locked_thread(thread_id)
    if thread.is_locked:
        raise Refused(_l("This thread is already locked."))
    before = _thread_snapshot(thread)
    thread.locked_at, thread.locked_by_id, thread.lock_reason = utcnow(), officer.id, reason
    record_audit("discussion_thread.locked", "discussion_thread", thread.id, before=before,
                 after=_thread_snapshot(thread), actor=officer)
    db.session.commit()
    return thread


def unlock_thread(thread_id: int, officer: User) -> Thread:
    require_officer(officer)
    thread = _locked_thread(thread_id)
    if not thread.is_locked:
        raise Refused(_l("This thread is not locked."))
    before = _thread_snapshot(thread)
    thread.locked_at = thread.locked_by_id = thread.lock_reason = None
    record_audit("discussion_thread.unlocked", "discussion_thread", thread.id, before=before,
                 after=_thread_snapshot(thread), actor=officer)
    db.session.commit()
    return thread


def _of_open_reports(query, edition_id: int):
    """`query` on reports, narrowed to the edition's open ones."""
    return (
        query.join(Post, Post.id == PostReport.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(Theme, Theme.id == Thread.theme_id)
        .where(Theme.edition_id == edition_id, PostReport.resolved_at.is_(None))
    )


def open_report_count(edition_id: int) -> int:
    """How many posts of the edition wait for an officer's decision."""
    return db.session.scalar(_of_open_reports(
        db.select(db.func.count(db.distinct(PostReport.post_id))).select_from(PostReport), edition_id,
    ))


@dataclass(frozen=True)
class ReportedPost:
    post: Post
    reports: list[PostReport]


def reported_posts(edition_id: int) -> list[ReportedPost]:
    """The edition's posts with open reports, the longest waiting first, in one query."""
    reports = db.session.scalars(
        _of_open_reports(db.select(PostReport), edition_id)
        .options(db.contains_eager(PostReport.post).contains_eager(Post.thread),
                 db.contains_eager(PostReport.post).joinedload(Post.author),
                 db.joinedload(PostReport.reporter))
        .order_by(PostReport.created_at, PostReport.id)
    ).all()
    by_post: dict[int, ReportedPost] = {}
    for report in reports:
        by_post.setdefault(report.post_id, ReportedPost(report.post, [])).reports.append(report)
    return list(by_post.values())
