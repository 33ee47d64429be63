"""Site settings administrators change on a page (docs/settings.md), over the deployment's
configuration: default language, site name per language, contact address, mail sender,
whether accounts may be registered, and the upload size limit."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import JSON, String
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.audit import record_audit
from portal.core.time import utcnow
from portal.extensions import db

# Pages read the settings on every request; each process keeps them this long.
SETTINGS_TTL_SECONDS = 30
# Uploads may never exceed this, whatever the page says: it bounds what a request may carry.
UPLOAD_CEILING_MB = 50


class SiteSetting(db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@dataclass(frozen=True)
class Settings:
    default_locale: str
    mail_sender: str
    upload_max_mb: int
    # Per language; a language left empty shows the portal's own translated name.
    site_name: dict[str, str] = field(default_factory=dict)
    contact_email: str = ""
    registration_open: bool = True


def _defaults() -> Settings:
    config = current_app.config
    return Settings(default_locale=config["PORTAL_DEFAULT_LOCALE"], mail_sender=config["MAIL_SENDER"],
                    upload_max_mb=config["MAX_UPLOAD_MB"])


_KEPT = "portal_site_settings"


def site_settings() -> Settings:
    """The settings in force, kept in the app for SETTINGS_TTL_SECONDS."""
    kept = current_app.extensions.get(_KEPT)
    if kept and time.monotonic() - kept[0] < SETTINGS_TTL_SECONDS:
        return kept[1]
    stored = dict(db.session.execute(db.select(SiteSetting.key, SiteSetting.value)).all())
    known = {item.name for item in fields(Settings)}
    settings = Settings(**{**asdict(_defaults()), **{key: value for key, value in stored.items() if key in known}})
    current_app.extensions[_KEPT] = (time.monotonic(), settings)
    return settings


def forget_settings() -> None:
    current_app.extensions.pop(_KEPT, None)


def upload_limit_bytes() -> int:
    return min(site_settings().upload_max_mb, UPLOAD_CEILING_MB) * 1024 * 1024


def save_settings(new: Settings, admin) -> None:
    """Stores what differs from the current settings, one audit entry for the change."""
    current = asdict(site_settings())
    changed = {key: value for key, value in asdict(new).items() if current[key] != value}
    if not changed:
        return
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    for key, value in changed.items():
        # One statement, so two administrators saving at once cannot both insert the key.
        statement = insert(SiteSetting).values(key=key, value=value, updated_at=utcnow())
        db.session.execute(statement.on_conflict_do_update(
            index_elements=[SiteSetting.key], set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at}
        ))
    record_audit("settings.changed", "settings", "site", before={key: current[key] for key in changed}, after=changed, actor=admin)
    db.session.commit()
    forget_settings()
