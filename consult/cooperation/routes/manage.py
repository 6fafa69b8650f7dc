"""Recording the cycle: staff for any JST of the region, an institution manager for the JSTs
they manage (``services.may_record``, checked on every request, GET and POST: a manager
gets 403 for another JST, as on a consultation of another institution)."""

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.cooperation import cycle, interventions, manage_bp, queries, region, services
from consult.cooperation.forms.manage import (
    FIRST_PROGRAMME_YEAR,
    KEY_FIELD,
    OTHER_YEAR,
    OtherYearForm,
    RecordForm,
    form_key,
    last_programme_year,
    parse_form_key,
)
from consult.cooperation.models import (
    JST_STEPS,
    OUTCOME_LABELS,
    STEP_LABELS,
    TIMELINESS_LABELS,
    YEAR_STEPS,
    Step,
)
from consult.core.documents import FILE_TYPES, file_size
from consult.core.pagination import MAX_PAGE, PER_PAGE, Page
from consult.core.permissions import manager_required
from consult.core.search import SearchTerm, note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import KIND_LABELS, display_name, marked_display_name
from consult.institutions.places import region_prefix


def _source_host(url: str) -> str:
    """A source link's text: the site it is on ("bip.plonsk.pl"), short enough for a phone."""
    return urlsplit(url).netloc or url


def render(template: str, status: int = 200, **context):
    return render_template(
        f"cooperation/manage/{template}", step_labels=STEP_LABELS,
        timeliness_labels=TIMELINESS_LABELS, kind_labels=KIND_LABELS,
        source_host=_source_host, file_types=FILE_TYPES, file_size=file_size, **context), status


def _years() -> list[int]:
    return list(range(last_programme_year(), FIRST_PROGRAMME_YEAR - 1, -1))


# ---------------------------------------------------------------- the list


def _matches(institution: Institution, term: SearchTerm) -> bool:
    """The search box: the beginning of the TERYT code, or a part of the name."""
    if not term:
        return True
    if term.text.isdigit():
        return institution.teryt.startswith(term.text)
    return term.key in institution.search_name


def _page_of(items: list, number: int | None) -> Page:
    number = min(max(1, number or 1), MAX_PAGE)
    start = (number - 1) * PER_PAGE
    return Page(items=items[start:start + PER_PAGE], page=number, per_page=PER_PAGE,
                total=len(items))


@manage_bp.get("/")
@manager_required
def index():
    """Staff: the region's JST (a few hundred, read at once); a manager: their own."""
    year = request.args.get("year", type=int)
    if year is None or not FIRST_PROGRAMME_YEAR <= year <= last_programme_year():
        year = services.current_programme_year()
    term = note_truncated_search(search_term(request.args.get("q")))
    if current_user.is_staff:
        institutions = queries.monitored_institutions(region_prefix())
    else:
        institutions = sorted(current_user.managed_institutions, key=lambda unit: unit.teryt)
    page = _page_of([unit for unit in institutions if _matches(unit, term)],
                    request.args.get("page", 1, type=int))
    return render("index.html", rows=cycle.cycle_rows(page.items, year), page=page,
                  q=term.text, year=year, years=_years())


# ---------------------------------------------------------------- one JST


def _recordable_or_404(teryt: str) -> Institution:
    """The region's JST of this code; 403 unless the signed-in person may record for it."""
    institution = queries.region_institution(region_prefix(), teryt)
    if institution is None:
        abort(404)
    if not services.may_record(current_user, institution):
        abort(403)
    return institution


def _blank_forms(years: list[int]) -> dict:
    forms = {form_key(step, year): RecordForm(formdata=None, prefix=form_key(step, year))
             for year in years for step in YEAR_STEPS}
    forms.update({form_key(step): RecordForm(formdata=None, prefix=form_key(step))
                  for step in JST_STEPS})
    forms[OTHER_YEAR] = OtherYearForm(formdata=None, prefix=OTHER_YEAR)
    return forms


def _record_page(institution: Institution, failed: tuple[str, RecordForm] | None = None,
                 extra_year: int | None = None, status: int = 200):
    """The JST's page: its standing facts, the current programme year and the two before
    (and every year with records), a form for each value, and the history. ``failed``: the
    key and the form that was sent and is shown again with its errors."""
    this_year = services.current_programme_year()
    view = region.institution_view(
        institution, also_years=(this_year, this_year - 1, this_year - 2, extra_year or this_year))
    years = [row.year for row in view.years]
    forms = _blank_forms(years)
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        "institution.html", status=status, institution=institution,
        name=display_name(institution), marked_name=marked_display_name(institution),
        standing=view.standing, rows=view.years, forms=forms, form_key=form_key,
        other_year=OTHER_YEAR, key_field=KEY_FIELD,
        history=view.history, adoption_deadline=services.adoption_deadline,
        interventions=(interventions.of_institution(institution.id) if current_user.is_staff
                       else None), outcome_labels=OUTCOME_LABELS,
        report_deadline=services.report_deadline,
        consultation_url=_consultation_url,
        public_url=url_for("cooperation.institution", teryt=institution.teryt))


def _consultation_url(consultation: Consultation) -> str:
    return url_for("consultations.detail", slug=consultation.slug)


@manage_bp.get("/<teryt>/")
@manager_required
def institution(teryt):
    return _record_page(_recordable_or_404(teryt))


def _show_error(form: RecordForm, error: services.CooperationError) -> None:
    """The rule's message next to its field (and in the form's summary); a message about
    no field of this form as a message of the page."""
    if error.field and error.field in form:
        form[error.field].errors.append(str(error.message))
    else:
        flash(str(error.message), "error")


@manage_bp.post("/<teryt>/record")
@csrf_checked_by_form
@manager_required
def record(teryt):
    """One new value, from the form whose key came with it; the history keeps the rest."""
    institution = _recordable_or_404(teryt)
    key = request.form.get(KEY_FIELD, "")
    if key == OTHER_YEAR:
        form, step, year = OtherYearForm(prefix=key), None, None
    elif (fixed := parse_form_key(key)) is not None:
        step, year = fixed
        form = RecordForm(prefix=key)
    else:
        abort(400)  # no page of ours sends this
    if not form.validate_on_submit():
        return _record_page(institution, (key, form), extra_year=year)
    if key == OTHER_YEAR:
        step, year = Step(form.step.data), form.year.data
    try:
        services.record(institution, form.entry(step, year), by=current_user)
    except services.CooperationError as error:
        db.session.rollback()
        _show_error(form, error)
        return _record_page(institution, (key, form), extra_year=year, status=409)
    db.session.commit()
    if form.withdrawn.data:
        flash(_("The value is withdrawn: %(step)s.", step=STEP_LABELS[step]), "success")
    else:
        flash(_("The new value is recorded: %(step)s.", step=STEP_LABELS[step]), "success")
    return redirect(url_for(".institution", teryt=institution.teryt,
                            _anchor="standing" if year is None else f"year-{year}"))
