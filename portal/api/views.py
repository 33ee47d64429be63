"""The JSON API under /api/v1 (SPEC section 9). Errors are problem+json (see core.errors)."""
from flask import Blueprint, jsonify

from portal.api.openapi import openapi_document
from portal.extensions import db
from portal.reference.models import Country
from portal.reference.services import sectors_with_subsectors

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _names(value) -> dict:
    return dict(value.texts)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/countries")
def countries():
    rows = db.session.scalars(db.select(Country).order_by(Country.code)).all()
    return jsonify(
        items=[
            {
                "code": country.code,
                "names": _names(country.names),
                "member_state": country.member_state,
                "special_circumstances": country.special_circumstances,
            }
            for country in rows
        ]
    )


@bp.get("/sectors")
def sectors():
    return jsonify(
        items=[
            {
                "code": field.code,
                "names": _names(field.names),
                "subsectors": [{"code": sub.code, "names": _names(sub.names)} for sub in field.subsectors],
            }
            for field in sectors_with_subsectors()
        ]
    )
