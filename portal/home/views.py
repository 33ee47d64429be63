"""The home page, the language redirect at `/`, and the health check."""
from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.core.i18n import preferred_locale
from portal.core.redisclient import redis_answers
from portal.extensions import db

bp = Blueprint("home", __name__, template_folder="templates")


@bp.route("/")
def root():
    response = redirect(url_for("home.index", lang=preferred_locale()))
    # The language chosen depends on the browser's languages and on the signed-in person's
    # saved one: a cache must not hand one reader's redirect to another.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.route("/<lang:lang>/")
def index():
    return render_template("home/index.html")


@bp.route("/healthz")
def healthz():
    """503 without the database, which is the record; 200 "degraded" without Redis, which is a
    cache and a queue: the portal still serves every page (limits in memory, jobs at once)."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unreachable"
    answer = {"database": database}
    redis = redis_answers(even_if_paused=True)
    if redis is not None:
        answer["redis"] = "ok" if redis else "unreachable"
    if database != "ok":
        return {"status": "unavailable", **answer}, 503
    return {"status": "ok" if redis is not False else "degraded", **answer}
