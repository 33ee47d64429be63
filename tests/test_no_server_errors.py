"""No request gets a server error.

Every URL rule of the portal, pages and API, is tried as a visitor, a member, an officer and an
administrator with hostile values: in each path argument, in every query argument a view may
read (the filters' names, the rule's own argument names, `lang` and the usual ones), in every
form field and in every API body property. The rules, the filters, the forms and the API
schemas are read from the application itself, so a new route, filter or form is covered
without anyone adding it here. Any answer of 500 or more, or any exception, fails the test,
which names every failing request at once.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, fields
from itertools import product
from urllib.parse import quote, urlencode

import pytest
from flask_wtf import FlaskForm
from sqlalchemy.exc import OperationalError
from werkzeug.routing import AnyConverter, IntegerConverter
from wtforms.fields.core import UnboundField

from portal.accounts.models import User
from portal.api.openapi import openapi_document
from portal.core.filters import QueryFilters
from portal.extensions import db, limiter
from tests.api_helpers import api_token
from tests.conftest import csrf_token, empty_tables, sign_in
from tests.forum_helpers import make_edition
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project

# What an attacker types where a number, a date or a short text is expected.
HOSTILE = (
    "99999999999999999999",  # past 2^63
    "2147483648",  # 2^31, past PostgreSQL's integer
    "-1",
    "0",
    "²",  # a digit to str.isdigit(), not to int()
    "\x00",
    "x" * 3000,
    "0001-01-01",
    "9999-12-31",
)
# What routing lets through to an `<int:…>` argument at all (digits only).
HOSTILE_NUMBERS = ("99999999999999999999", "2147483648", "0")
# Requests per page or form, each name given a different hostile value in each, so that every
# name meets several of them at every rule and all of them over the walk. NUL has a request of
# its own: the portal refuses any request carrying one, whatever the other values.
ROUNDS = 4
# Query arguments read by views without a filter class, and the usual names people try.
COMMON_QUERY_ARGUMENTS = {
    "page", "per_page", "q", "sort", "order", "country", "organization", "edition", "project", "proposal",
    "committee", "post", "state", "status", "from", "to", "start", "end", "year", "next", "back", "reason",
    "overdue", "field", "sector", "kind", "id", "lang", "_external", "_scheme", "_anchor", "_method",
}
ROLES = ("visitor", "member", "officer", "admin")
ARGUMENT = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def _subclasses(cls) -> set[type]:
    found = set()
    for child in cls.__subclasses__():
        found |= {child} | _subclasses(child)
    return found


def filter_names() -> set[str]:
    """The common names and every list filter's."""
    names = set(COMMON_QUERY_ARGUMENTS)
    for filters in _subclasses(QueryFilters):
        names |= {item.name for item in fields(filters)}
    return names


def form_field_names() -> set[str]:
    """Every field of every form of the portal."""
    names = set()
    for form in _subclasses(FlaskForm):
        for cls in form.__mro__:
            names |= {name for name, value in vars(cls).items() if isinstance(value, UnboundField)}
    return names - {"csrf_token"}


def api_property_names() -> set[str]:
    names = set()

    def collect(schema):
        if isinstance(schema, dict):
            names.update((schema.get("properties") or {}).keys())
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    collect(openapi_document())
    return names


@dataclass
class Walk:
    """What every request of one walk is built from."""

    ids: dict[str, int]
    form_token: str = ""

    def __post_init__(self):
        self.query_names = filter_names()
        self.form_names = form_field_names()
        self.api_names = api_property_names()

    def ordinary_values(self, rule) -> list[dict[str, str]]:
        """Path values that reach the view: the world's ids, each item of an `any(...)`."""
        choices = []
        for argument in sorted(rule.arguments):
            converter = rule._converters[argument]
            if argument == "lang":
                choices.append(["ar"])
            elif isinstance(converter, AnyConverter):
                choices.append(converter.items)
            elif isinstance(converter, IntegerConverter):
                choices.append([str(self.ids.get(argument, 1))])
            else:
                choices.append(["SO" if argument == "code" else "x"])
        return [dict(zip(sorted(rule.arguments), values)) for values in product(*choices)]

    def hostile_paths(self, rule) -> list[str]:
        """Each hostile value in every path argument at once (the language and the `any(...)`
        arguments kept, or routing would refuse the path before the argument is read); and a
        path with the `any(...)` arguments hostile too."""
        ordinary = self.ordinary_values(rule)[0]
        converters = [rule._converters[argument] for argument in rule.arguments if argument != "lang"]
        if not converters:
            return []
        numbers_only = all(isinstance(converter, (IntegerConverter, AnyConverter)) for converter in converters)
        paths = [path_for(rule, ordinary | {argument: value for argument in rule.arguments
                                            if argument != "lang" and not isinstance(rule._converters[argument], AnyConverter)})
                 for value in (HOSTILE_NUMBERS if numbers_only else HOSTILE)]
        if any(isinstance(converter, AnyConverter) for converter in converters):
            paths.append(path_for(rule, {argument: HOSTILE[-3] for argument in rule.arguments} | {"lang": "ar"}))
        return paths

    def requests(self, rule, methods: set[str]):
        """(group, method, path, keyword arguments of the test client) for one rule, by
        `methods`; a group's requests differ only by their hostile query or body."""
        tried = sorted(rule.methods & methods)
        # Routing does not depend on the method: the hostile paths once, with the rule's page if it has one.
        if "GET" in tried or "GET" not in rule.methods:
            for path in self.hostile_paths(rule):
                yield None, tried[0], path, {}
        query_names = sorted(self.query_names | set(rule.arguments))
        form_names = sorted(self.form_names)
        for method, values in product(tried, self.ordinary_values(rule)):
            path = path_for(rule, values)
            group = (method, path)
            if method == "GET":
                for arguments in hostile_rounds(query_names, rule):
                    yield group, method, f"{path}?{urlencode(arguments)}", {}
            elif rule.rule.startswith("/api/"):
                for value in (*HOSTILE, int(HOSTILE[0]), -1):
                    yield group, method, path, {"json": dict.fromkeys(self.api_names, value)}
            else:
                for fields_sent in hostile_rounds(form_names, rule):
                    yield group, method, path, {"data": fields_sent | {"csrf_token": self.form_token}}


def hostile_rounds(names: list[str], rule) -> list[dict[str, str]]:
    """Every name NUL; then ROUNDS requests where the names share out the other hostile values,
    shifted from one rule to the next."""
    others = [value for value in HOSTILE if value != "\x00"]
    shift = zlib.crc32(rule.rule.encode())
    return [dict.fromkeys(names, "\x00")] + [
        {name: others[(index + round_ + shift) % len(others)] for index, name in enumerate(names)}
        for round_ in range(ROUNDS)
    ]


def path_for(rule, values: dict[str, str]) -> str:
    return ARGUMENT.sub(lambda match: quote(values[match.group(1)], safe=""), rule.rule)


def turned_away(response) -> bool:
    """Sent to sign in or refused: the view read nothing of the request."""
    return response.status_code in (401, 403) or (
        response.status_code == 302 and "/login" in response.headers.get("Location", ""))


def walk(client, plan: Walk, rules, methods: set[str], headers=None) -> list[str]:
    failures = []
    # A route that turns the role away does so whatever the query or body: its other hostile
    # variants would try the same refusal again.
    refused = set()
    for rule in rules:
        for group, method, path, kwargs in plan.requests(rule, methods):
            if group in refused:
                continue
            try:
                response = client.open(path, method=method, headers=headers or {}, **kwargs)
            except Exception as error:  # noqa: BLE001 (reported with the request that raised it)
                status = f"{type(error).__name__}: {str(error)[:200]}"
            else:
                status = response.status_code
                if group and turned_away(response):
                    refused.add(group)
            if not isinstance(status, int) or status >= 500:
                shown = path if len(path) < 200 else path[:120] + "…" + path[-40:]
                body = next(iter(kwargs), "")
                failures.append(f"{method} {shown} {body} {rule.endpoint} → {status}")
    return failures


def rules_of(app, api: bool, methods: set[str]) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint not in ("static", "accounts.logout") and rule.rule.startswith("/api/") == api
            and rule.methods & methods]


@pytest.fixture
def world(app, make_user):
    """One object of each kind most pages hang from, whose ids fill the path arguments."""
    member = make_user("member@example.org", name="Hodan Member")
    officer = make_user("officer@example.org", role="officer", name="Youssef Officer")
    make_user("admin@example.org", role="admin", name="Amina Admin")
    other = make_user("other@example.org", name="Other Person")
    organization = make_organization(app, member, state="verified")
    return {
        "organization_id": organization,
        "need_id": make_need(app, organization, member, state="published"),
        "project_id": make_project(app, officer),
        "edition_id": make_edition(app, officer),
        "user_id": other,
    }


@pytest.fixture
def walker(app, world, monkeypatch):
    """A client as `role` and the walk's plan (with the client's form token); no rate limit.
    An administrator's walk renames countries and currencies with hostile values: the reference
    data is loaded afresh afterwards, so that no later test of this worker reads them."""
    monkeypatch.setattr(limiter, "enabled", False)

    def client_for(role):
        client = app.test_client()
        if role != "visitor":
            sign_in(client, f"{role}@example.org")
        return client, Walk(world, csrf_token(client, "/en/password/forgot"))

    yield client_for
    empty_tables(app, reference_data_too=True)


def _report(failures: list[str], role: str) -> str:
    return f"{len(failures)} server errors as {role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_a_server_error_to_hostile_paths_and_queries(app, walker, role):
    client, plan = walker(role)
    failures = walk(client, plan, rules_of(app, api=False, methods={"GET"}), {"GET"})
    assert not failures, _report(failures, role)


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_a_server_error_to_hostile_fields(app, walker, role):
    client, plan = walker(role)
    failures = walk(client, plan, rules_of(app, api=False, methods={"POST"}), {"POST"})
    assert not failures, _report(failures, role)


@pytest.mark.parametrize("role", ROLES)
def test_no_api_call_answers_a_server_error(app, walker, role):
    _, plan = walker("visitor")
    headers = {}
    if role != "visitor":
        with app.app_context():
            user_id = db.session.scalar(db.select(User.id).where(User.email == f"{role}@example.org"))
        headers = {"Authorization": f"Bearer {api_token(app, user_id)}"}
    methods = {"GET", "POST", "PATCH"}
    failures = walk(app.test_client(), plan, rules_of(app, api=True, methods=methods), methods, headers)
    assert not failures, _report(failures, role)


def test_the_walks_cover_every_rule_with_every_method(app):
    """A route added later is walked without being named here: the walks take every rule and
    method of the URL map (only the static files and signing out are left alone), and each
    rule gives requests."""
    plan = Walk({})
    walked = {(rule.endpoint, method)
              for api, methods in ((False, {"GET"}), (False, {"POST"}), (True, {"GET", "POST", "PATCH"}))
              for rule in rules_of(app, api, methods) for _, method, _, _ in plan.requests(rule, methods)}
    expected = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
                if rule.endpoint not in ("static", "accounts.logout") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert walked == expected


def switcher_links(page: str) -> dict[str, str]:
    return dict((lang, href.replace("&amp;", "&")) for href, lang in
                re.findall(r'<a class="nav-link" href="([^"]+)" lang="(\w\w)" hreflang', page))


@pytest.mark.parametrize(("path", "expected"), [
    ("/en/?lang=x", {"ar": "/ar/?lang=x", "fr": "/fr/?lang=x"}),
    ("/ar/needs/{need}?need_id=3", {"en": "/en/needs/{need}?need_id=3", "fr": "/fr/needs/{need}?need_id=3"}),
    ("/fr/needs/?lang=en&_external=1&_scheme=javascript&page=2",
     {"ar": "/ar/needs/?lang=en&_external=1&_scheme=javascript&page=2",
      "en": "/en/needs/?lang=en&_external=1&_scheme=javascript&page=2"}),
])
def test_query_arguments_named_like_url_arguments_keep_the_page_and_its_language_switcher(
        app, client, world, path, expected):
    need = world["need_id"]
    response = client.get(path.format(need=need))
    assert response.status_code == 200
    links = switcher_links(response.get_data(as_text=True))
    assert links == {lang: link.format(need=need) for lang, link in expected.items()}
    followed = client.get(links[next(iter(expected))])
    assert followed.status_code == 200


@pytest.mark.parametrize("path", [
    "/fr/needs/99999999999999999999", "/en/needs/2147483648", "/en/organizations/9223372036854775808/members",
    "/ar/forum/99999999999999999999/programme.ics", "/api/v1/needs/99999999999999999999",
])
def test_ids_past_the_database_range_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(("query", "first_page"), [
    ("page=99999999999999999999", True), ("page=2000000", False), ("page=-5", True), ("page=²", True),
    ("organization=99999999999999999999", True), ("organization=2147483648", True), ("organization=²", True),
])
def test_page_numbers_and_filter_ids_past_the_range_show_the_list(client, world, query, first_page):
    page = client.get(f"/en/needs/?{query}")
    assert page.status_code == 200
    # A page or an organization no row can have filters nothing; a page past the end shows no need.
    assert ("Repair a school in Baidoa" in page.get_data(as_text=True)) == first_page


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extreme_dates_in_officers_reports_are_ignored(client, world, day):
    sign_in(client, "officer@example.org")
    for path in ("/en/dashboard", "/en/activity-report"):
        response = client.get(f"{path}?from={day}&to={day}")
        assert response.status_code == 200
        # The period shown is the default one, not the date typed.
        assert f'value="{day}"' not in response.get_data(as_text=True)
    # The trail shows its filters as typed, and filters nothing by a date no entry can have.
    assert client.get(f"/en/audit?start={day}&end={day}").status_code == 200


def fail_with_a_database_error(*args, **kwargs):
    """A row the database refuses (no email): the flush fails and leaves the session's
    transaction to be rolled back, on PostgreSQL aborted; any further query fails until then."""
    db.session.add(User())
    db.session.flush()


def refuse_every_statement(*args, **kwargs):
    raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))


def test_the_error_page_after_a_database_error_is_in_the_readers_language_with_the_security_headers(
        app, client, world, monkeypatch):
    sign_in(client, "member@example.org")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.view_functions, "home.index", fail_with_a_database_error)
    response = client.get("/ar/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in page
    assert "حدث خطأ من جهتنا" in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"
    # The person is still signed in: the full page, with the notification bell.
    assert 'id="notification-bell"' in page


def test_the_error_page_stands_in_plain_when_the_layout_fails(app, client, world, monkeypatch):
    sign_in(client, "member@example.org")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.view_functions, "home.index", fail_with_a_database_error)
    # The bell, too, meets a database that refuses everything.
    from portal.notifications import services as notification_services
    monkeypatch.setattr(notification_services, "unread_count", refuse_every_statement)
    response = client.get("/fr/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="fr" dir="ltr">' in page
    assert "Une erreur est survenue de notre côté" in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"
