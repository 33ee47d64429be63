"""Configuration read from the environment.

Every setting has a default that is safe for development; production refuses to start
without a real SECRET_KEY, because a guessable key lets anyone forge sessions and links.
"""
from __future__ import annotations

import os
from pathlib import Path

from portal.core.redisclient import CLIENT_OPTIONS as REDIS_CLIENT_OPTIONS

LOCALES = ("ar", "en", "fr")
RTL_LOCALES = frozenset({"ar"})
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEVELOPMENT_SECRET = "development-only-secret-key"


class ConfigurationError(RuntimeError):
    """Raised when the portal is started with a configuration it must not run with."""


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ.get("PORTAL_ENV", "production")
    development = env in {"development", "testing"}
    config: dict = {
        "PORTAL_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or (DEVELOPMENT_SECRET if development else None),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.sqlite'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "JOBS_BACKEND": os.environ.get("JOBS_BACKEND", "inline"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "ISESCO portal <no-reply@portal.isesco.org>"),
        "PORTAL_DEFAULT_LOCALE": os.environ.get("PORTAL_DEFAULT_LOCALE", "ar"),
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "MAX_UPLOAD_MB": int(os.environ.get("MAX_UPLOAD_MB", "10")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not development,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis holds the counters but is no reason to refuse a sign-in: while it does not answer,
        # each process counts the same limits in its own memory.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": dict(REDIS_CLIENT_OPTIONS),
        # How many reverse proxies in front of the portal add X-Forwarded-For and -Proto: their
        # values are trusted from that many, so that limits and the audit trail see the client's
        # address. 0 (no proxy) ignores the headers, which anyone can send.
        "TRUSTED_PROXY_COUNT": _int("TRUSTED_PROXY_COUNT", 0),
        # The organisation identifier ISESCO publishes IATI activities under: the prefix of every
        # iati-identifier. The default follows IATI's XI-IATI format; replace it with the identifier
        # the IATI Secretariat registers for ISESCO before publishing to the IATI Registry.
        "IATI_REPORTING_ORG_REF": os.environ.get("IATI_REPORTING_ORG_REF", "XI-IATI-ISESCO"),
        # Above this many US dollars of pledges an organization's audited accounts are checked before
        # it is verified or reinstated (docs/due-diligence.md); below it the item may be "not applicable".
        "AUDITED_ACCOUNTS_THRESHOLD_USD": int(os.environ.get("AUDITED_ACCOUNTS_THRESHOLD_USD", "50000")),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
    }
    config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"] or "memory://"
    # Requests carry forms and uploads; the limit adds room for the form fields around a file.
    config["MAX_CONTENT_LENGTH"] = (config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    config.update(overrides or {})
    if not config["SECRET_KEY"]:
        raise ConfigurationError(
            "SECRET_KEY must be set outside development (PORTAL_ENV=development or testing)."
        )
    if config["PORTAL_DEFAULT_LOCALE"] not in LOCALES:
        raise ConfigurationError(f"PORTAL_DEFAULT_LOCALE must be one of {', '.join(LOCALES)}.")
    if config["JOBS_BACKEND"] not in {"inline", "rq"}:
        raise ConfigurationError("JOBS_BACKEND must be 'inline' or 'rq'.")
    if config["JOBS_BACKEND"] == "rq" and not config["REDIS_URL"]:
        raise ConfigurationError("JOBS_BACKEND=rq needs REDIS_URL.")
    return config
