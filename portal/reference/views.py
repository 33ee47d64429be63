"""Administrators' pages for reference data: countries, the fields and subsectors, beneficiary
groups, currencies and their exchange rates."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core.feedback import attempt
from portal.core.i18n import current_locale
from portal.core.permissions import Role, role_required
from portal.extensions import db
from portal.reference import administration
from portal.reference.forms import CountryForm, NamesForm, NewEntryForm, RateForm
from portal.reference.models import Country, Currency

bp = Blueprint("reference", __name__, url_prefix="/<lang:lang>/admin/reference", template_folder="templates")

KINDS = "any(countries, fields, subsectors, 'beneficiary-groups', currencies)"
ADDABLE = "any(subsectors, 'beneficiary-groups')"


@bp.context_processor
def lists():
    return {"reference_lists": administration.REFERENCE_LISTS}


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return redirect(url_for("reference.listing", kind="countries"))


@bp.route(f"/<{KINDS}:kind>")
@role_required(Role.ADMIN)
def listing(kind: str):
    return render_template("reference/list.html", kind=kind, rows=administration.rows_of(kind))


@bp.route(f"/<{KINDS}:kind>/<code>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(kind: str, code: str):
    row = db.session.get(administration.REFERENCE_LISTS[kind].model, code) or abort(404)
    form = CountryForm(obj=row) if isinstance(row, Country) else NamesForm()
    if not form.is_submitted():
        form.fill(row.names)
    if form.validate_on_submit():
        flags = {"member_state": form.member_state.data, "special_circumstances": form.special_circumstances.data} \
            if isinstance(row, Country) else None
        if attempt(lambda: administration.update_names(kind, code, form.names(), current_user, flags), _("The changes are saved.")):
            return redirect(url_for("reference.listing", kind=kind))
    return render_template(
        "reference/edit.html", kind=kind, row=row, form=form,
        rates=administration.rates_of(code) if isinstance(row, Currency) else None, rate_form=RateForm(),
    )


@bp.route(f"/<{ADDABLE}:kind>/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def add(kind: str):
    form = NewEntryForm()
    form.field_code.choices = [SelectChoice(field.code, field.names.render(current_locale()).text) for field in administration.rows_of("fields")]
    if form.validate_on_submit():
        field_code = form.field_code.data if kind == "subsectors" else None
        if attempt(lambda: administration.add_entry(kind, form.code.data, form.names(), current_user, field_code), _("The entry is added.")):
            return redirect(url_for("reference.listing", kind=kind))
    return render_template("reference/new.html", kind=kind, form=form)


@bp.post("/currencies/<code>/rates")
@role_required(Role.ADMIN)
def add_rate(code: str):
    db.session.get(Currency, code) or abort(404)
    form = RateForm()
    if form.validate_on_submit():
        attempt(lambda: administration.add_exchange_rate(code, form.units_per_usd.data, form.valid_from.data, current_user),
                _("The rate is added: amounts entered from its first day on use it."))
    else:
        for errors in form.errors.values():
            flash(errors[0], "danger")
    return redirect(url_for("reference.edit", kind="currencies", code=code))
