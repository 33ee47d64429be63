"""Building discussion themes, threads and posts for tests through the services."""
from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.discussion import services
from portal.discussion.models import Post, PostReport, Thread
from portal.extensions import db


def make_theme(app, officer_id: int, edition_id: int, title_en: str = "Schools in emergencies",
               position: int = 0) -> int:
    with app.app_context():
        officer = db.session.get(User, officer_id)
        return services.create_theme(edition_id, officer, services.ThemeData(
            title=TranslatedText.build({"en": title_en, "fr": f"{title_en} (fr)"}),
            description=TranslatedText.build({"en": "What works when schools are closed by a crisis."}),
            position=position,
        )).id


def make_thread(app, author_id: int, theme_id: int, title: str = "Sharing school meals",
                body: str = "Could our kitchens cook for three schools at once?") -> int:
    with app.app_context():
        return services.start_thread(theme_id, db.session.get(User, author_id), title, body).id


def reply(app, author_id: int, thread_id: int, body: str = "Yes: we did it in Mopti last year.") -> int:
    with app.app_context():
        return services.reply(thread_id, db.session.get(User, author_id), body).id


def opening_post_of(app, thread_id: int) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.min(Post.id)).where(Post.thread_id == thread_id))


def hide(app, officer_id: int, post_id: int, reason: str = "Personal attack") -> None:
    with app.app_context():
        services.hide_post(post_id, db.session.get(User, officer_id), reason)


def report(app, reporter_id: int, post_id: int, reason: str = "Off topic") -> None:
    with app.app_context():
        services.report_post(post_id, db.session.get(User, reporter_id), reason)


def lock(app, officer_id: int, thread_id: int, reason: str = "The session on this subject is over") -> None:
    with app.app_context():
        services.lock_thread(thread_id, db.session.get(User, officer_id), reason)


def post_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Post))


def thread_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Thread))


def open_report_count(app) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count()).select_from(PostReport).where(PostReport.resolved_at.is_(None))
        )


def post_of(app, post_id: int) -> Post:
    with app.app_context():
        post = db.session.get(Post, post_id)
        db.session.expunge(post)
        return post
