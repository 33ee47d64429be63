"""The home page, the language redirect at `/`, and the health check."""
from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.core.i18n import preferred_locale
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
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
