"""Response headers that every answer carries: no inline scripts, no framing, no sniffing; no
copy kept by a browser or a proxy of what a signed-in person was shown; and requests no person
could have typed refused before they reach a view."""
from flask import Flask, abort, current_app, g, request
from flask_login import current_user

from portal.core.settings import upload_limit_bytes

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _carries_nul(*multidicts) -> bool:
    return any("\x00" in key or "\x00" in value
               for multidict in multidicts for key, value in multidict.items(multi=True))


def set_security_headers(response):
    """Every answer's headers; also set by the error page that stands in when the layout fails."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    @app.before_request
    def limit_request_size():
        # Before anything reads the body: room for the form fields around the largest file
        # the site settings allow.
        if request.method in ("POST", "PUT", "PATCH"):
            request.max_content_length = upload_limit_bytes() + 1024 * 1024

    @app.before_request
    def refuse_nul_characters():
        # No keyboard types a NUL and PostgreSQL refuses to store or compare one: a path, search
        # or form carrying it would end in a server error. The API says which field (api.inputs).
        if "\x00" in request.path:
            abort(400)
        if not request.path.startswith("/api/") and _carries_nul(request.args, request.form):
            abort(400)

    @app.after_request
    def set_headers(response):
        set_security_headers(response)
        if _personal(response):
            response.headers["Cache-Control"] = "no-store"
        return response


def _personal(response) -> bool:
    """Whatever a signed-in person (or an API token's holder) is answered may hold personal
    data (visa details, letters, badges, registrations, notifications): neither the browser nor
    any proxy keeps it. Visitors' pages and the site's own assets stay cacheable."""
    if request.endpoint == "static":
        return False
    api_user = g.get("api_user")
    return current_user.is_authenticated or (api_user is not None and api_user.is_authenticated)
