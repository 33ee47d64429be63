"""The ISESCO cooperation portal: application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import load_config


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        static_folder="../static",
        template_folder="core/templates",
        static_url_path="/static",
    )
    app.config.update(load_config(overrides))
    if app.config["TRUSTED_PROXY_COUNT"]:
        # The client's address and scheme as the proxies saw them; the Host header is the one the
        # nearest proxy passes on, never a forwarded one a client could have written.
        proxies = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)
    # The default SQLite database and uploads live here; a fresh clone has no such folder yet.
    Path(app.instance_path).mkdir(exist_ok=True)

    from portal.core.filters import IdConverter

    # Before any rule is added: every `<int:…>` of every blueprint is an id in the database's range.
    app.url_map.converters["int"] = IdConverter

    from portal.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from portal.core import errors, i18n, security, templating

    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    from portal.reference import templating as reference_templating

    reference_templating.init_app(app)

    from portal.accounts import views as accounts_views
    from portal.actionplan import views as actionplan_views
    from portal.agreements import views as agreements_views
    from portal.admin import views as admin_views
    from portal.audit import views as audit_views
    from portal.calls import views as calls_views
    from portal.api import views as api_views
    from portal.cli import portal_cli
    from portal.dashboard import views as dashboard_views
    from portal.discussion import views as discussion_views
    from portal.duediligence import views as duediligence_views
    from portal.exports import views as exports_views
    from portal.forum import views as forum_views
    from portal.home import views as home_views
    from portal.needs import views as needs_views
    from portal.notifications import views as notifications_views
    from portal.organizations import views as organizations_views
    from portal.outcomes import views as outcomes_views
    from portal.projects import views as projects_views
    from portal.meetings import views as meetings_views
    from portal.reference import models as reference_models  # noqa: F401  (tables for migrations)
    from portal.reference import views as reference_views
    from portal.sanctions import views as sanctions_views

    for blueprint in (
        home_views.bp, accounts_views.bp, organizations_views.bp, needs_views.bp, projects_views.bp, forum_views.bp,
        discussion_views.bp, outcomes_views.bp, exports_views.bp, dashboard_views.bp, notifications_views.bp,
        agreements_views.bp, meetings_views.bp, actionplan_views.bp,
        duediligence_views.bp, sanctions_views.bp, calls_views.bp,
        admin_views.bp, audit_views.bp, reference_views.bp,
        api_views.bp,
    ):
        app.register_blueprint(blueprint)
    # The API authenticates with bearer tokens, never with the session cookie, so CSRF cannot apply.
    csrf.exempt(api_views.bp)
    app.cli.add_command(portal_cli)
    return app
