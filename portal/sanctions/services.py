"""Sanctions screening (docs/sanctions.md): importing the UN Security Council consolidated list,
and screening organizations and their directors against it.

The list is the XML file the UN publishes, imported by `flask portal import-sanctions`, never
fetched at request time. An import replaces the list in one transaction, or changes nothing
and says what is wrong with the file.
"""
from __future__ import annotations

import hashlib
import re
import xml.sax
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterator

from defusedxml.common import DefusedXmlException
from defusedxml.sax import make_parser
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.jobs import enqueue
from portal.core.pages import paginate
from portal.core.rules import Refused, require_officer
from portal.core.text import normalize_search
from portal.duediligence.models import FlagCategory, FlagSeverity, FlagState, RiskFlag
from portal.duediligence.services import raise_flag
from portal.extensions import db
from portal.organizations.models import Organization
from portal.reference.models import Country
from portal.sanctions import matching
from portal.sanctions.models import (
    ListedKind, ListedParty, SanctionsImport, Screening, ScreeningHit, ScreeningTrigger,
)

# Organizations screened per job after an import: the command's progress bar moves once a chunk.
SCREENING_CHUNK = 50


# --- Reading the list ------------------------------------------------------------------------------

class ListProblem(Exception):
    """What is wrong with a list file, said so that whoever imports it can find it."""


_ENTRY_KINDS = {("INDIVIDUALS", "INDIVIDUAL"): ListedKind.INDIVIDUAL, ("ENTITIES", "ENTITY"): ListedKind.ENTITY}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_FIELDS = {*_NAME_PARTS, "DATAID", "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON", "NAME_ORIGINAL_SCRIPT", "COMMENTS1"}
_ALIASES = {"INDIVIDUAL_ALIAS", "ENTITY_ALIAS"}
_ADDRESSES = {"INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"}
# The columns' sizes (sanctions.models).
_LIMITS = {"DATAID": 32, "REFERENCE_NUMBER": 32, "UN_LIST_TYPE": 64}


@dataclass
class _Entry:
    kind: str
    tag: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    # Each alias with its QUALITY in lower case ("good", "low", "a.k.a."…; "" when the list gives none).
    aliases: list[tuple[str, str]] = field(default_factory=list)
    alias_quality: str = ""
    # Nationalities and the countries of addresses, as the list writes them.
    countries: list[str] = field(default_factory=list)

    def where(self) -> str:
        data_id = self.fields.get("DATAID")
        return f"line {self.line}: {self.tag}" + (f" (DATAID {data_id})" if data_id else "")


class _ListReader(xml.sax.ContentHandler):
    """Reads the entries one by one, keeping the line each starts on for the messages."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.entry: _Entry | None = None
        self.entries: list[_Entry] = []
        self.generated_at: str | None = None

    def _line(self) -> int:
        return self._locator.getLineNumber() if self._locator else 0

    def startElement(self, name, attrs):
        if not self.stack:
            if name != "CONSOLIDATED_LIST":
                raise ListProblem(f"line {self._line()}: the root element is {name}, not CONSOLIDATED_LIST: "
                                  "this is not the UN Security Council consolidated list.")
            self.generated_at = attrs.get("dateGenerated")
        kind = _ENTRY_KINDS.get((self.stack[-1] if self.stack else "", name))
        if kind is not None and len(self.stack) == 2:
            self.entry = _Entry(kind, name, self._line())
        self.stack.append(name)
        self.text = []

    def characters(self, content):
        self.text.append(content)

    def endElement(self, name):
        self.stack.pop()
        text = " ".join("".join(self.text).split())
        self.text = []
        entry = self.entry
        if entry is None:
            return
        parent = self.stack[-1]
        if parent == entry.tag and name in _FIELDS and text:
            entry.fields[name] = text
        elif parent in _ALIASES and name == "QUALITY":
            entry.alias_quality = text.lower()
        elif parent in _ALIASES and name == "ALIAS_NAME" and text:
            entry.aliases.append((text, entry.alias_quality))
        elif name in _ALIASES:
            entry.alias_quality = ""
        elif (parent == "NATIONALITY" and name == "VALUE" or parent in _ADDRESSES and name == "COUNTRY") and text:
            entry.countries.append(text)
        elif name == entry.tag:
            self.entries.append(entry)
            self.entry = None


@dataclass
class ParsedList:
    generated_at: datetime | None
    parties: list[ListedParty]


def _generated_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ListProblem(f"line 1: dateGenerated “{value}” is not a date and time.") from None
    # Stored in UTC without a zone, like every time in the portal (core.time).
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


# An XML Schema date, as the list's schema types LISTED_ON: the day, then an optional zone
# ("2015-04-14", "2015-04-14Z", "2015-04-14-04:00"). The day is the one the list names, whatever
# its zone.
_XSD_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def _listed_on(entry: _Entry, value: str) -> date:
    match = _XSD_DATE.fullmatch(value)
    try:
        return date.fromisoformat(match[1] if match else "")
    except ValueError:
        raise ListProblem(f"{entry.where()}: LISTED_ON “{value}” is not a date "
                          "(YYYY-MM-DD, with or without a time zone).") from None


class _Countries:
    """Reads the countries the list names ("Syrian Arab Republic", "Somali", "Pakistan (as at
    2003)") as the portal's country codes, by their English and French names."""

    # The list's own forms the reference names do not contain.
    _UN_FORMS = {"syrian arab republic": "SY", "syrian": "SY", "democratic people's republic of korea": "KP",
                 "viet nam": "VN", "libyan": "LY", "russian federation": "RU", "afghan": "AF", "algerian": "DZ",
                 "somali": "SO", "palestinian": "PS", "sudanese": "SD", "kuwaiti": "KW", "ethiopian": "ET",
                 "turkey": "TR", "iraqi": "IQ", "saudi": "SA", "yemeni": "YE", "jordanian": "JO", "pakistani": "PK"}

    def __init__(self):
        names = dict(self._UN_FORMS)
        for country in db.session.scalars(db.select(Country)):
            for lang in ("en", "fr"):
                if country.names.get(lang):
                    names.setdefault(normalize_search(country.names.get(lang)), country.code)
        self._patterns = [(re.compile(rf"\b{re.escape(name)}\b"), code) for name, code in names.items()]

    def codes(self, texts: list[str]) -> list[str]:
        found = []
        for text in map(normalize_search, texts):
            found.extend(code for pattern, code in self._patterns if pattern.search(text))
        return list(dict.fromkeys(found))


def _party(entry: _Entry, countries: _Countries) -> ListedParty:
    fields = entry.fields
    for required in ("DATAID", "REFERENCE_NUMBER", "FIRST_NAME"):
        if required not in fields:
            raise ListProblem(f"{entry.where()} has no {required}.")
    for name, limit in _LIMITS.items():
        if len(fields.get(name, "")) > limit:
            raise ListProblem(f"{entry.where()}: {name} is longer than {limit} characters.")
    listed_on = _listed_on(entry, fields["LISTED_ON"]) if "LISTED_ON" in fields else None
    name = " ".join(fields[part] for part in _NAME_PARTS if part in fields)
    # Each spelling once, with the quality of its first appearance.
    qualities: dict[str, str] = {}
    for spelling, quality in [(name, matching.Quality.PRIMARY),
                              (fields.get("NAME_ORIGINAL_SCRIPT"), matching.Quality.ORIGINAL_SCRIPT), *entry.aliases]:
        if spelling:
            qualities.setdefault(spelling, quality)
    names = list(qualities)
    return ListedParty(
        data_id=fields["DATAID"], reference_number=fields["REFERENCE_NUMBER"], kind=entry.kind, name=name,
        names=names, keys=[matching.key(each) for each in names], qualities=list(qualities.values()),
        country_codes=countries.codes(entry.countries), list_type=fields.get("UN_LIST_TYPE"),
        listed_on=listed_on, comments=fields.get("COMMENTS1"),
    )


def parse_list(content: bytes) -> ParsedList:
    """The list's parties, or ListProblem saying where the file is wrong."""
    reader = _ListReader()
    parser = make_parser()
    parser.setContentHandler(reader)
    try:
        parser.parse(BytesIO(content))
    except xml.sax.SAXParseException as error:
        raise ListProblem(f"line {error.getLineNumber()}, column {error.getColumnNumber()}: "
                          f"the file is not well-formed XML ({error.getMessage()}).") from None
    except DefusedXmlException as error:
        raise ListProblem(f"the file uses an XML feature refused for safety: {error}.") from None
    if not reader.entries:
        raise ListProblem("the file has no INDIVIDUALS/INDIVIDUAL nor ENTITIES/ENTITY entry: "
                          "importing it would empty the list.")
    countries = _Countries()
    return ParsedList(_generated_at(reader.generated_at), [_party(entry, countries) for entry in reader.entries])


def import_list(path: Path | str) -> SanctionsImport:
    """Replaces the list in force with the file's, in one transaction; ListProblem (nothing
    changed) when the file is not a well-formed consolidated list."""
    path = Path(path)
    content = path.read_bytes()
    parsed = parse_list(content)
    kinds = [party.kind for party in parsed.parties]
    imported = SanctionsImport(
        file_name=path.name[:255], sha256=hashlib.sha256(content).hexdigest(), generated_at=parsed.generated_at,
        individuals=kinds.count(ListedKind.INDIVIDUAL), entities=kinds.count(ListedKind.ENTITY),
    )
    try:
        db.session.execute(db.delete(ListedParty))
        db.session.add(imported)
        db.session.flush()
        for party in parsed.parties:
            party.import_id = imported.id
        db.session.add_all(parsed.parties)
        record_audit("sanctions.imported", "sanctions_import", imported.id, after={
            "file_name": imported.file_name, "sha256": imported.sha256,
            "individuals": imported.individuals, "entities": imported.entities,
        })
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return imported


def current_import() -> SanctionsImport | None:
    return db.session.scalar(db.select(SanctionsImport).order_by(SanctionsImport.id.desc()).limit(1))


# --- Screening -------------------------------------------------------------------------------------

def screened_names(organization: Organization) -> list[str]:
    """Every spelling the portal holds: its name in each language and each director."""
    directors = [line.strip() for line in (organization.directors or "").splitlines()]
    return list(dict.fromkeys(filter(None, [*organization.names.texts.values(), *directors])))


def _list_index(import_id: int) -> matching.ListIndex:
    rows = db.session.execute(
        db.select(ListedParty.reference_number, ListedParty.kind, ListedParty.names, ListedParty.keys,
                  ListedParty.qualities, ListedParty.country_codes)
        .where(ListedParty.import_id == import_id)
    ).all()
    return matching.ListIndex(matching.Listed(*row) for row in rows)


@dataclass
class _DecidedFlags:
    """The organization's sanctions flags a new hit must not duplicate: one standing flag per
    listed reference, and the flags an officer cleared for a name and a reference."""

    standing: dict[str, int]
    cleared: dict[tuple[str, str], int]

    @classmethod
    def of(cls, organization_id: int) -> "_DecidedFlags":
        rows = db.session.execute(
            db.select(ScreeningHit.listed_reference, ScreeningHit.screened_name, RiskFlag.id, RiskFlag.state)
            .join(RiskFlag, ScreeningHit.flag_id == RiskFlag.id)
            .where(RiskFlag.organization_id == organization_id, RiskFlag.category == FlagCategory.SANCTIONS)
        ).all()
        return cls({reference: flag_id for reference, _name, flag_id, state in rows if state in FlagState.STANDING},
                   {(reference, name): flag_id for reference, name, flag_id, state in rows
                    if state == FlagState.CLEARED})

    def flag_for(self, hit: matching.Hit) -> int | None:
        return self.standing.get(hit.listed.reference) or self.cleared.get((hit.listed.reference, hit.screened_name))


def _reason(hit: matching.Hit) -> str:
    # Written once for officers reading any language: the list's reference and names, and the score.
    return f"{hit.listed.reference} · “{hit.screened_name}” ≈ “{hit.listed_name}” · {hit.score}/100"


def _screen(organization: Organization, imported: SanctionsImport, index: matching.ListIndex, trigger: str,
            requested_by_id: int | None) -> Screening:
    hits = index.hits(screened_names(organization), organization.country_code)
    screening = Screening(organization_id=organization.id, import_id=imported.id, trigger=trigger,
                          requested_by_id=requested_by_id, best_score=max((hit.score for hit in hits), default=0))
    decided = _DecidedFlags.of(organization.id) if hits and hits[0].red else None
    for hit in hits:
        flag_id = None
        if hit.red:
            # Later screenings point their hits at the flag already there; an officer who cleared
            # a name is not asked again about the same name and listed party after each import.
            flag_id = decided.flag_for(hit)
            if flag_id is None:
                flag_id = decided.standing[hit.listed.reference] = raise_flag(
                    organization.id, None, FlagCategory.SANCTIONS, FlagSeverity.RED, _reason(hit)).id
        screening.hits.append(ScreeningHit(
            screened_name=hit.screened_name, listed_name=hit.listed_name, listed_reference=hit.listed.reference,
            listed_kind=hit.listed.kind, score=hit.score, red=hit.red, flag_id=flag_id,
        ))
    db.session.add(screening)
    return screening


def screen_organizations(organization_ids: list[int], trigger: str, requested_by_id: int | None = None) -> None:
    """A job: screens each organization against the list in force, raising a flag for each new
    hit at or above the threshold. Nothing happens before the first import. The caller (or the
    job runner) commits."""
    imported = current_import()
    if imported is None:
        return
    index = _list_index(imported.id)
    organizations = db.session.scalars(
        db.select(Organization).where(Organization.id.in_(organization_ids)).order_by(Organization.id)
    ).all()
    for organization in organizations:
        _screen(organization, imported, index, trigger, requested_by_id)


def screen_after_registration(organization_id: int) -> None:
    enqueue(screen_organizations, [organization_id], ScreeningTrigger.REGISTRATION)


def organization_chunks() -> Iterator[list[int]]:
    ids = db.session.scalars(db.select(Organization.id).order_by(Organization.id)).all()
    for start in range(0, len(ids), SCREENING_CHUNK):
        yield ids[start:start + SCREENING_CHUNK]


def organization_count() -> int:
    return db.session.scalar(db.select(db.func.count(Organization.id)))


def screen_everyone(progress: Callable[[int], None] = lambda done: None) -> None:
    """After an import: every organization, a job per chunk, committed chunk by chunk so that
    `progress` (the command's bar) moves as they are done (or queued)."""
    for chunk in organization_chunks():
        enqueue(screen_organizations, chunk, ScreeningTrigger.IMPORT)
        db.session.commit()
        progress(len(chunk))


NO_LIST = _l("No sanctions list has been imported yet: there is nothing to screen against.")


def screen_now(organization_id: int, officer: User) -> None:
    """An officer's request: the organization is screened again against the list in force."""
    require_officer(officer)
    if current_import() is None:
        raise Refused(NO_LIST)
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        raise Refused(_l("This organization no longer exists."))
    enqueue(screen_organizations, [organization.id], ScreeningTrigger.ON_DEMAND, officer.id)
    record_audit("sanctions.screened", "organization", organization.id, actor=officer)
    db.session.commit()


# --- Reading screenings ----------------------------------------------------------------------------

def recent_screenings_with_hits(page: int):
    condition = Screening.best_score >= matching.NEAR
    return paginate(
        db.select(Screening).where(condition).order_by(Screening.screened_at.desc(), Screening.id.desc())
        .options(db.joinedload(Screening.organization), db.selectinload(Screening.hits)),
        db.select(Screening.id).where(condition), page, per_page=25,
    )


def screenings_of(organization_id: int) -> list[Screening]:
    return db.session.scalars(
        db.select(Screening).where(Screening.organization_id == organization_id)
        .order_by(Screening.screened_at.desc(), Screening.id.desc())
        .options(db.joinedload(Screening.requested_by),
                 db.selectinload(Screening.hits).joinedload(ScreeningHit.flag))
    ).unique().all()


def sanctions_flags_of(organization_id: int) -> list[RiskFlag]:
    return db.session.scalars(
        db.select(RiskFlag).where(RiskFlag.organization_id == organization_id,
                                  RiskFlag.category == FlagCategory.SANCTIONS)
        .order_by(RiskFlag.raised_at.desc(), RiskFlag.id.desc())
        .options(db.joinedload(RiskFlag.decided_by))
    ).all()
