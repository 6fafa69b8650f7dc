"""Staff edit a draft diagnosis's groups and questionnaire: one page lists them, and each
group, area and question has its own small form (no JavaScript needed)."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from consult.core.forms import ButtonForm
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.research import manage_bp, services
from consult.research.forms.manage import AreaForm, GroupForm, IndicatorForm
from consult.research.models import Area, DiagnosisStatus, Indicator, QuestionKind, RespondentGroup
from consult.research.routes.manage import _diagnosis_or_404, _part_or_404, _refused, render


def _back(diagnosis, anchor: str | None = None):
    return redirect(url_for(".questionnaire", diagnosis_id=diagnosis.id, _anchor=anchor))


@manage_bp.get("/<int:diagnosis_id>/questionnaire")
@staff_required
def questionnaire(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    return render("questionnaire.html", diagnosis=diagnosis, form=ButtonForm(),
                  editable=diagnosis.status == DiagnosisStatus.DRAFT)


def _edit_page(diagnosis, form, what: str, part=None, **context):
    return render("edit.html", diagnosis=diagnosis, form=form, what=what, part=part,
                  remove_form=ButtonForm(), **context)


# ---------------------------------------------------------------- groups


@manage_bp.route("/<int:diagnosis_id>/groups/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def group_new(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            services.add_group(diagnosis, form.key.data, form.name_pl.data, form.name_en.data)
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The group is added."), "success")
            return _back(diagnosis, "groups")
    return _edit_page(diagnosis, form, "group")


@manage_bp.route("/<int:diagnosis_id>/groups/<int:group_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def group_edit(diagnosis_id, group_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    group = _part_or_404(RespondentGroup, group_id, diagnosis)
    form = GroupForm(obj=group)
    if form.validate_on_submit():
        try:
            services.update_group(group, form.key.data, form.name_pl.data, form.name_en.data)
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The group is saved."), "success")
            return _back(diagnosis, "groups")
    return _edit_page(diagnosis, form, "group", group,
                      remove_url=url_for(".group_remove", diagnosis_id=diagnosis.id,
                                         group_id=group.id))


@manage_bp.post("/<int:diagnosis_id>/groups/<int:group_id>/remove")
@staff_required
def group_remove(diagnosis_id, group_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    group = _part_or_404(RespondentGroup, group_id, diagnosis)
    try:
        services.remove_group(group)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("The group is removed."), "success")
    return _back(diagnosis, "groups")


# ---------------------------------------------------------------- areas


def _area_text(form: AreaForm) -> services.AreaText:
    return services.AreaText(
        title_pl=form.title_pl.data, title_en=form.title_en.data,
        description_pl=form.description_pl.data or "",
        description_en=form.description_en.data or "", weight=form.weight.data,
        position=form.position.data)


@manage_bp.route("/<int:diagnosis_id>/areas/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def area_new(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    form = AreaForm(data={"weight": 1, "position": len(diagnosis.areas)})
    if form.validate_on_submit():
        try:
            area = services.add_area(diagnosis, _area_text(form))
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The area is added."), "success")
            return _back(diagnosis, f"area-{area.id}")
    return _edit_page(diagnosis, form, "area")


@manage_bp.route("/<int:diagnosis_id>/areas/<int:area_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def area_edit(diagnosis_id, area_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    area = _part_or_404(Area, area_id, diagnosis)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        try:
            services.update_area(area, _area_text(form))
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The area is saved."), "success")
            return _back(diagnosis, f"area-{area.id}")
    return _edit_page(diagnosis, form, "area", area,
                      remove_url=url_for(".area_remove", diagnosis_id=diagnosis.id,
                                         area_id=area.id))


@manage_bp.post("/<int:diagnosis_id>/areas/<int:area_id>/remove")
@staff_required
def area_remove(diagnosis_id, area_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    area = _part_or_404(Area, area_id, diagnosis)
    try:
        services.remove_area(area)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("The area and its questions are removed."), "success")
    return _back(diagnosis)


# ---------------------------------------------------------------- questions


def _question(form: IndicatorForm) -> services.Question:
    return services.Question(
        kind=form.kind.data, text_pl=form.text_pl.data, text_en=form.text_en.data,
        labels_pl=form.split(form.labels_pl.data), labels_en=form.split(form.labels_en.data),
        dont_know=bool(form.dont_know.data), reversed=bool(form.reversed.data),
        position=form.position.data)


def _indicator_form(indicator: Indicator | None, position: int = 0) -> IndicatorForm:
    if indicator is None:
        return IndicatorForm(data={"kind": QuestionKind.SCALE, "dont_know": True,
                                   "position": position})
    return IndicatorForm(data={
        "kind": indicator.kind, "text_pl": indicator.text_pl, "text_en": indicator.text_en,
        "labels_pl": "\n".join(choice["pl"] for choice in indicator.choices),
        "labels_en": "\n".join(choice["en"] for choice in indicator.choices),
        "dont_know": indicator.dont_know, "reversed": indicator.reversed,
        "position": indicator.position})


@manage_bp.route("/<int:diagnosis_id>/areas/<int:area_id>/questions/new",
                 methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def indicator_new(diagnosis_id, area_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    area = _part_or_404(Area, area_id, diagnosis)
    form = _indicator_form(None, len(area.indicators))
    if form.validate_on_submit():
        try:
            indicator = services.add_indicator(area, _question(form))
            db.session.flush()
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            return _back(diagnosis, f"question-{indicator.id}")
    return _edit_page(diagnosis, form, "question", area=area)


@manage_bp.route("/<int:diagnosis_id>/questions/<int:indicator_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def indicator_edit(diagnosis_id, indicator_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    indicator = _part_or_404(Indicator, indicator_id, diagnosis)
    form = _indicator_form(indicator)
    if form.validate_on_submit():
        try:
            services.update_indicator(indicator, _question(form))
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The question is saved."), "success")
            return _back(diagnosis, f"question-{indicator.id}")
    return _edit_page(diagnosis, form, "question", indicator, area=indicator.area,
                      remove_url=url_for(".indicator_remove", diagnosis_id=diagnosis.id,
                                         indicator_id=indicator.id))


@manage_bp.post("/<int:diagnosis_id>/questions/<int:indicator_id>/remove")
@staff_required
def indicator_remove(diagnosis_id, indicator_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    indicator = _part_or_404(Indicator, indicator_id, diagnosis)
    area_id = indicator.area_id
    try:
        services.remove_indicator(indicator)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("The question is removed."), "success")
    return _back(diagnosis, f"area-{area_id}")
