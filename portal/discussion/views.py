"""The discussion's pages: themes of an edition, threads, posts, and the officers' moderation.

Who sees what (the rules themselves are in services):
- the discussion's page of an edition is open to anyone who may see the edition: participants
  holding a seat and officers get the themes with their activity; visitors and other signed-in
  people get the themes' titles and a line saying who the discussion is for;
- every other page needs signing in (visitors are sent to sign in), and then taking part in the
  edition: others get 403, since the pages exist but are not theirs to read;
- draft editions are the officers' alone: anyone else gets 404, as on the forum's own pages;
- a hidden post is 404 for everyone but officers and its author; a post's edit page is its
  author's alone (403 for others, officers included: they hide posts, they do not rewrite them).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from portal.core.feedback import attempt
from portal.core.filters import as_id
from portal.core.forms import set_translated_values, translated_text
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import Refused
from portal.discussion import services
from portal.discussion.forms import PostForm, ThemeForm, ThreadForm
from portal.discussion.models import Post, Theme, Thread
from portal.extensions import db, limiter
from portal.forum.models import Edition
from portal.forum.services import may_see_edition
from portal.organizations.forms import DecisionForm, ReasonForm

bp = Blueprint("discussion", __name__, url_prefix="/<lang:lang>/forum", template_folder="templates")

# New threads and replies draw on one allowance per person.
POSTING_LIMIT = "5 per minute;60 per day"


def _poster() -> str:
    # Participants at the venue share one network: the limit follows the person, not the address.
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


posting_limit = limiter.shared_limit(POSTING_LIMIT, scope="discussion-posting", key_func=_poster, methods=["POST"])


def _visible_edition(edition_id: int) -> Edition:
    edition = db.get_or_404(Edition, edition_id)
    if not may_see_edition(current_user, edition):
        abort(404)
    return edition


def _readable_edition(edition_id: int) -> Edition:
    edition = _visible_edition(edition_id)
    if not services.takes_part(current_user, edition.id):
        abort(403)
    return edition


def _theme_for_reader(theme_id: int) -> Theme:
    theme = db.get_or_404(Theme, theme_id)
    _readable_edition(theme.edition_id)
    return theme


def _thread_for_reader(thread_id: int) -> Thread:
    thread = db.get_or_404(Thread, thread_id)
    _readable_edition(thread.theme.edition_id)
    return thread


def _post_for_reader(post_id: int) -> Post:
    post = db.get_or_404(Post, post_id)
    _readable_edition(post.thread.theme.edition_id)
    if post.is_hidden and not (current_user.is_officer or post.author_id == current_user.id):
        abort(404)
    return post


def _post_url(post: Post) -> str:
    """The thread's page that shows the post, scrolled to it."""
    return url_for("discussion.thread", thread_id=post.thread_id, post=post.id, _anchor=f"post-{post.id}")


# --- Themes --------------------------------------------------------------------------------------

@bp.route("/<int:edition_id>/discussion")
def index(edition_id: int):
    edition = _visible_edition(edition_id)
    takes_part = services.takes_part(current_user, edition.id)
    is_officer = current_user.is_authenticated and current_user.is_officer
    themes = services.themes_of(edition.id)
    return render_template(
        "discussion/index.html", edition=edition, themes=themes, takes_part=takes_part,
        activity=services.theme_activity(themes) if takes_part else {},
        open_reports=services.open_report_count(edition.id) if is_officer else 0,
    )


def _theme_data(form: ThemeForm) -> services.ThemeData:
    return services.ThemeData(title=translated_text(form, "title"), description=translated_text(form, "description"),
                              position=form.position.data or 0)


@bp.route("/<int:edition_id>/themes/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create_theme(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = ThemeForm()
    if form.validate_on_submit():
        services.create_theme(edition.id, current_user, _theme_data(form))
        flash(_("The theme is open for discussion."), "success")
        return redirect(url_for("discussion.index", edition_id=edition.id))
    return render_template("discussion/theme_form.html", form=form, edition=edition, theme=None)


class _ThemeValues:
    def __init__(self, theme: Theme):
        set_translated_values(self, "title", theme.title)
        if theme.description:
            set_translated_values(self, "description", theme.description)
        self.position = theme.position


@bp.route("/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm(obj=None if request.method == "POST" else _ThemeValues(theme))
    if form.validate_on_submit():
        services.update_theme(theme.id, current_user, _theme_data(form))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("discussion.index", edition_id=theme.edition_id))
    return render_template("discussion/theme_form.html", form=form, edition=theme.edition, theme=theme)


@bp.route("/themes/<int:theme_id>")
@login_required
def theme(theme_id: int):
    theme = _theme_for_reader(theme_id)
    page = services.threads_page(theme.id, page_number())
    return render_template("discussion/theme.html", theme=theme, edition=theme.edition, page=page,
                           replies=services.reply_counts(page.items))


# --- Threads and posts ---------------------------------------------------------------------------

@bp.route("/themes/<int:theme_id>/threads/new", methods=["GET", "POST"])
@posting_limit
@login_required
def new_thread(theme_id: int):
    theme = _theme_for_reader(theme_id)
    form = ThreadForm()
    if form.validate_on_submit():
        try:
            thread = services.start_thread(theme.id, current_user, form.title.data, form.body.data)
        except Refused as refusal:
            flash(str(refusal.message), "danger")
        else:
            return redirect(url_for("discussion.thread", thread_id=thread.id))
    return render_template("discussion/thread_form.html", form=form, theme=theme, edition=theme.edition)


def _thread_page(thread: Thread, page_number: int, reply_form: PostForm):
    page = services.posts_page(thread.id, current_user, page_number)
    return render_template(
        "discussion/thread.html", thread=thread, theme=thread.theme, edition=thread.theme.edition, page=page,
        editable={post.id for post in page.items if services.may_edit(post, current_user)},
        reply_form=reply_form, reason_form=ReasonForm(), action_form=DecisionForm(),
        edit_minutes=services.EDIT_MINUTES,
    )


@bp.route("/threads/<int:thread_id>")
@login_required
def thread(thread_id: int):
    thread = _thread_for_reader(thread_id)
    wanted = as_id(request.args.get("post"))
    post = db.session.get(Post, wanted) if wanted else None
    if post is not None and post.thread_id == thread.id:
        shown_page = services.page_of(post, current_user)
    else:
        shown_page = page_number()
    return _thread_page(thread, shown_page, PostForm())


@bp.route("/threads/<int:thread_id>/reply", methods=["POST"])
@posting_limit
@login_required
def reply(thread_id: int):
    thread = _thread_for_reader(thread_id)
    form = PostForm()
    if not form.validate_on_submit():
        # The last page, where the reply form is, with what was typed and what is wrong with it.
        return _thread_page(thread, services.last_page(thread.id, current_user), form)
    try:
        post = services.reply(thread.id, current_user, form.body.data)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
        return redirect(url_for("discussion.thread", thread_id=thread.id))
    return redirect(_post_url(post))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = _post_for_reader(post_id)
    if post.author_id != current_user.id:
        abort(403)
    try:
        services.check_editable(post, current_user)
    except Refused as refusal:
        flash(str(refusal.message), "warning")
        return redirect(_post_url(post))
    form = PostForm(obj=None if request.method == "POST" else post)
    if form.validate_on_submit():
        if attempt(lambda: services.edit_post(post.id, current_user, form.body.data), _("Your changes are saved.")):
            return redirect(_post_url(post))
    return render_template("discussion/post_form.html", form=form, post=post, thread=post.thread,
                           edition=post.thread.theme.edition,
                           edit_minutes=services.EDIT_MINUTES)


@bp.route("/posts/<int:post_id>/report", methods=["POST"])
@login_required
def report(post_id: int):
    post = _post_for_reader(post_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Say what is wrong with this post: the officers will read it."), "danger")
    else:
        attempt(lambda: services.report_post(post.id, current_user, form.reason.data),
                 _("Thank you: the officers will look at this post."))
    return redirect(_post_url(post))


# --- Moderation ----------------------------------------------------------------------------------

def _back_from(post: Post) -> str:
    """Moderation buttons lead back to the officers' list of reports when pressed there."""
    if request.form.get("back") == "reports":
        return url_for("discussion.reports", edition_id=post.thread.theme.edition_id)
    return _post_url(post)


@bp.route("/posts/<int:post_id>/hide", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def hide(post_id: int):
    post = db.get_or_404(Post, post_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason: the author will read it."), "danger")
    else:
        attempt(lambda: services.hide_post(post.id, current_user, form.reason.data),
                 _("The post is hidden; its author is told why."))
    return redirect(_back_from(post))


@bp.route("/posts/<int:post_id>/restore", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def restore(post_id: int):
    post = db.get_or_404(Post, post_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.restore_post(post.id, current_user), _("The post is shown again."))
    return redirect(_back_from(post))


@bp.route("/posts/<int:post_id>/keep", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def keep(post_id: int):
    post = db.get_or_404(Post, post_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.keep_post(post.id, current_user), _("The post stays; its reports are closed."))
    return redirect(_back_from(post))


@bp.route("/threads/<int:thread_id>/lock", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def lock(thread_id: int):
    thread = db.get_or_404(Thread, thread_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason: the participants will read it."), "danger")
    else:
        attempt(lambda: services.lock_thread(thread.id, current_user, form.reason.data),
                 _("The thread is locked: nobody can reply."))
    return redirect(url_for("discussion.thread", thread_id=thread.id))


@bp.route("/threads/<int:thread_id>/unlock", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def unlock(thread_id: int):
    thread = db.get_or_404(Thread, thread_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.unlock_thread(thread.id, current_user), _("The thread is open for replies again."))
    return redirect(url_for("discussion.thread", thread_id=thread.id))


@bp.route("/<int:edition_id>/reports")
@role_required(Role.OFFICER, Role.ADMIN)
def reports(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    return render_template("discussion/reports.html", edition=edition,
                           reported=services.reported_posts(edition.id),
                           reason_form=ReasonForm(), action_form=DecisionForm())
