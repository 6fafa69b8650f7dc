"""Staff: impact figures, evaluation results and the thank-you e-mail, the embed snippet."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.core.forms import ButtonForm
from consult.core.http import content_disposition, download_name
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.spreadsheets import XLSX_TYPE, to_csv, to_xlsx
from consult.core.urls import external_url
from consult.events import evaluation, impact
from consult.events import manage_bp as bp
from consult.events.choices import CATEGORIES, CATEGORY_LABELS, TYPE_LABELS, TYPES
from consult.events.forms.manage import EvaluationQuestionForm
from consult.events.models import Event
from consult.extensions import db


def _year(value: int | None) -> int | None:
    """A year the report can build dates of (1–9998); anything else means no year filter."""
    return value if value is not None and 0 < value < 9999 else None


def _filters() -> impact.Filters:
    args = request.args
    return impact.Filters(
        year=_year(args.get("year", type=int)),
        project_id=args.get("project", type=int),
        event_type=args.get("type") if args.get("type") in TYPES else None,
        powiat_id=args.get("powiat", type=int),
    )


@bp.get("/impact", endpoint="impact")
@staff_required
def impact_report():
    filters = _filters()
    return render_template(
        "events/manage/impact.html", filters=filters, report=impact.report(filters),
        options=impact.filter_choices(), dimension_labels=impact.DIMENSION_LABELS,
        categories=CATEGORIES, category_labels=CATEGORY_LABELS,
    )


@bp.get("/impact.csv")
@staff_required
def impact_csv():
    header, *rows = impact.csv_rows(impact.report(_filters()))
    return Response(to_csv(header, rows), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": content_disposition(download_name(_("impact"),
                                                                 extension="csv")),
    })


@bp.get("/<int:event_id>/evaluation", endpoint="evaluation")
@staff_required
def evaluation_results(event_id):
    event = db.get_or_404(Event, event_id)
    return render_template(
        "events/manage/evaluation.html", event=event, results=evaluation.results(event),
        to_thank=evaluation.attendees_to_thank(event), form=ButtonForm(),
        scale=evaluation.SCALE,
    )


def _responses_file(event_id: int, extension: str) -> Response:
    """The responses as a spreadsheet: one row per response, one column per question."""
    event = db.get_or_404(Event, event_id)
    header, rows = evaluation.response_table(event)
    data, mimetype = ((to_csv(header, rows), "text/csv; charset=utf-8") if extension == "csv"
                      else (to_xlsx(header, rows, _("Evaluation")), XLSX_TYPE))
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": content_disposition(
        download_name(event.slug, _("evaluation"), extension=extension))})


@bp.get("/<int:event_id>/evaluation.csv")
@staff_required
@no_store
def evaluation_csv(event_id):
    return _responses_file(event_id, "csv")


@bp.get("/<int:event_id>/evaluation.xlsx")
@staff_required
@no_store
def evaluation_xlsx(event_id):
    return _responses_file(event_id, "xlsx")


def _questionnaire_page(event: Event, form: EvaluationQuestionForm):
    return render_template(
        "events/manage/evaluation_questions.html", event=event, form=form,
        questions=evaluation.questionnaire(event), locked=evaluation.has_responses(event),
        missing=evaluation.missing_defaults(event), label_of=evaluation.label_of,
        reference=evaluation.reference, kind_labels=evaluation.KIND_LABELS,
    )


def _refused(exc: evaluation.EvaluationError) -> str:
    if exc.reason == evaluation.LAST_QUESTION:
        return _("The questionnaire needs at least one question.")
    return _("Someone has already sent an evaluation, so the questions can no longer change.")


@bp.route("/<int:event_id>/evaluation/questions", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def evaluation_questions(event_id):
    """The event's own evaluation questionnaire, changeable until the first response."""
    event = db.get_or_404(Event, event_id)
    form = EvaluationQuestionForm()
    if form.validate_on_submit():
        try:
            evaluation.add_question(event, form.kind.data, form.label.data, form.required.data)
        except evaluation.EvaluationError as exc:
            db.session.rollback()
            flash(_refused(exc), "error")
        else:
            db.session.commit()
            flash(_("The question is added to the evaluation form."), "success")
        return redirect(url_for(".evaluation_questions", event_id=event.id))
    return _questionnaire_page(event, form)


@bp.post("/<int:event_id>/evaluation/questions/change")
@staff_required
def evaluation_question_change(event_id):
    """Move (``direction``), remove or add back (``action``) the question ``question``."""
    event = db.get_or_404(Event, event_id)
    ref = request.form.get("question", "")
    action = request.form.get("direction") or request.form.get("action", "")
    try:
        evaluation.change_question(event, ref, action)
    except evaluation.EvaluationError as exc:
        db.session.rollback()
        flash(_refused(exc), "error")
    else:
        db.session.commit()  # also the questionnaire's defaults, written on first use
    return redirect(url_for(".evaluation_questions", event_id=event.id))


@bp.post("/<int:event_id>/thank-you")
@staff_required
def thank_you(event_id):
    event = db.get_or_404(Event, event_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            sent = evaluation.send_thank_you(event)
        except evaluation.EvaluationError:
            db.session.rollback()
            flash(_("The thank-you e-mail can be sent once the event is over."), "error")
        else:
            db.session.commit()
            if sent:
                flash(ngettext("The thank-you e-mail is on its way to %(num)d participant.",
                               "The thank-you e-mail is on its way to %(num)d participants.",
                               sent), "success")
            else:
                flash(_("Every participant has already been thanked."), "info")
    return redirect(url_for(".evaluation", event_id=event.id))


@bp.get("/embed")
@staff_required
def embed_snippet():
    kind = request.args.get("type") if request.args.get("type") in TYPES else None
    return render_template(
        "events/manage/embed.html", kind=kind, types=TYPES, type_labels=TYPE_LABELS,
        embed_url=external_url("events.embed", type=kind),
        api_url=external_url("api.events", type=kind),
        openapi_url=external_url("api.openapi"),
    )
