"""Error pages in the reader's language, and problem+json for the API."""
from flask import Flask, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.config import LOCALES
from portal.core.i18n import text_direction
from portal.core.problems import problem
from portal.core.security import set_security_headers
from portal.extensions import db


def _is_api_request() -> bool:
    return request.path.startswith("/api/")


def _plain_error_page(app: Flask, code: int):
    """The error page without the site's layout, which asks the database for the signed-in
    person, the notification bell and the site's name: for when the layout itself fails."""
    lang = g.get("lang") or request.accept_languages.best_match(LOCALES) or app.config["PORTAL_DEFAULT_LOCALE"]
    with force_locale(lang):
        page = app.jinja_env.get_template("error_plain.html").render(
            code=code, lang=lang, text_dir=text_direction(lang),
            message=_("Something went wrong on our side. Please try again later."),
        )
    response = set_security_headers(app.make_response((page, code)))
    # Whoever was signed in, an error page is never worth keeping (and asking who it was
    # could fail again).
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _is_api_request():
            response = problem(error.code or 500, error.description)
            if getattr(error, "valid_methods", None):
                response.headers["Allow"] = ", ".join(error.valid_methods)
            return response
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to see this page."),
            404: _("This page does not exist or has moved."),
            405: _("This action is not allowed here."),
            413: _("The file you sent is too large."),
            429: _("Too many attempts. Please wait a moment and try again."),
        }
        message = messages.get(error.code, _("Something went wrong on our side. Please try again later."))
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # After a failed statement the session's transaction is aborted, and every query the
        # page makes (the signed-in person, the notification bell) would fail in turn.
        db.session.rollback()
        try:
            return http_error(error)
        except Exception:  # noqa: BLE001 (whatever broke the page must not break its error page)
            app.logger.exception("The error page failed; the plain one is sent instead")
            db.session.rollback()
            return _plain_error_page(app, 500)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("Your form expired. Please go back, reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(error: StaleDataError):
        # The rules lock a row before changing it (core.rules.locked), so this is only the net
        # under a path that did not: the change is dropped and the person told, never a 500.
        db.session.rollback()
        if _is_api_request():
            return problem(409, "The resource was changed by someone else meanwhile: fetch it again and apply your "
                                "change to it.")
        message = _("Someone else changed this at the same moment, so your change was not saved. "
                    "Go back, reload the page to see their change, and try again.")
        return render_template("error.html", code=409, message=message), 409
