"""Staff pages of the network: requests waiting, members, topics, announcements, coverage.

Staff see every field of every member whatever its visibility: these pages are for staff
only (managers of an institution do not run the network).
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from consult.auth.models import User
from consult.core.forms import choices
from consult.core.http import content_disposition, download_name
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search
from consult.core.security import csrf_checked_by_form, no_store, safe_next
from consult.core.spreadsheets import to_csv
from consult.core.status_history import StatusChange
from consult.core.text import render_markdown
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import KIND_LABELS, display_name
from consult.network import announcements, directory, manage_bp, member_records, services
from consult.network import coverage as network_coverage
from consult.network import topics as network_topics
from consult.network.forms.manage import (
    NOT_GIVEN,
    AnnouncementForm,
    RejectForm,
    TopicEditForm,
    TopicForm,
)
from consult.network.models import (
    FIELD_LABELS,
    FIELDS,
    MEMBER_STATUS_LABELS,
    VISIBILITY_LABELS,
    Member,
    MemberStatus,
    MemberStatusChange,
    Topic,
)

bp = manage_bp


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


def _labels() -> dict:
    return {"status_labels": MEMBER_STATUS_LABELS, "visibility_labels": VISIBILITY_LABELS,
            "field_labels": FIELD_LABELS, "fields": FIELDS,
            "official": services.email_in_official_domain}


# ---------------------------------------------------------------- requests waiting


@bp.get("/")
@staff_required
@no_store
def index():
    return render_template(
        "network/manage/index.html", pending=member_records.waiting_for_approval(),
        unconfirmed=member_records.email_not_confirmed(),
        stale_days=member_records.STALE_EMAIL_AFTER.days, **_labels())


def _back(member: Member):
    default = url_for(".member", member_id=member.id)
    return redirect(safe_next(request.form.get("next"), default))


@bp.post("/members/<int:member_id>/approve")
@staff_required
def approve(member_id):
    member = db.get_or_404(Member, member_id)
    try:
        services.approve(member, by=current_user)
    except services.NetworkError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(member)
    db.session.commit()
    flash(_("%(name)s is approved and appears in the directory; we have told them.",
            name=member.full_name), "success")
    return _back(member)


@bp.route("/members/<int:member_id>/reject", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
@no_store
def reject(member_id):
    member = db.first_or_404(member_records.member_record_select(member_id))
    if not member.awaits_decision:
        flash(_("Only a request waiting for a decision can be rejected."), "error")
        return redirect(url_for(".member", member_id=member.id))
    form = RejectForm()
    if form.validate_on_submit():
        try:
            services.reject(member, form.reason.data, by=current_user)
        except services.NetworkError as exc:
            db.session.rollback()
            form.reason.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("The request of %(name)s is rejected; we have sent them the reason.",
                    name=member.full_name), "success")
            return redirect(url_for(".index"))
    return render_template("network/manage/reject.html", member=member, form=form,
                           **_labels())


# ---------------------------------------------------------------- members


def _member_filters():
    status = request.args.get("status")
    status = status if status in set(MemberStatus) else None
    return status, note_truncated_search(directory.filters_from(request.args))


def _member_select(status, filters):
    return member_records.member_select(
        status, filters.powiat.id if filters.powiat else None,
        filters.topic.id if filters.topic else None, filters.query)


@bp.get("/members")
@staff_required
@no_store
def members():
    status, filters = _member_filters()
    page = paginate(_member_select(status, filters), _page())
    args = {"status": status, "q": filters.query or None,
            "powiat": filters.powiat.teryt if filters.powiat else None,
            "topic": filters.topic.id if filters.topic else None}
    return render_template(
        "network/manage/members.html", page=page, status=status, filters=filters, args=args,
        statuses=list(MemberStatus), powiats=network_coverage.powiats(),
        topics=network_topics.topic_list(active_only=False), **_labels())


@bp.get("/members.csv")
@staff_required
@no_store
def export_csv():
    status, filters = _member_filters()
    header, rows = member_records.member_table(_member_select(status, filters))
    name = download_name(_("network members"), utcnow().date().isoformat(), extension="csv")
    return Response(to_csv(header, rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": content_disposition(name)})


@bp.get("/members/<int:member_id>")
@staff_required
@no_store
def member(member_id):
    record = db.first_or_404(member_records.member_record_select(member_id))
    return render_template("network/manage/member.html", member=record,
                           history=_status_history(record),
                           field_text=services.field_text, **_labels())


def _status_history(member: Member) -> list[StatusChange]:
    """The member's status changes with who made each, in one query."""
    rows = db.session.execute(
        select(MemberStatusChange, User)
        .outerjoin(User, User.id == MemberStatusChange.changed_by_id)
        .where(MemberStatusChange.member_id == member.id)
        .order_by(MemberStatusChange.id))
    return [StatusChange(change.changed_at, change.from_status, change.to_status, actor,
                         change.reason) for change, actor in rows]


# ---------------------------------------------------------------- topics


def _edit_form(topic: Topic, submitted: bool = False) -> TopicEditForm:
    prefix = f"topic-{topic.id}"
    if submitted:
        return TopicEditForm(prefix=prefix)
    return TopicEditForm(formdata=None, prefix=prefix, obj=topic)


def _topics_page(form: TopicForm, failed: TopicEditForm | None = None,
                 failed_id: int | None = None):
    rows = [(topic, count, failed if topic.id == failed_id else _edit_form(topic))
            for topic, count in network_topics.topics_with_counts()]
    return render_template("network/manage/topics.html", rows=rows, form=form)


@bp.route("/topics", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def topics():
    form = TopicForm(prefix="new")
    if form.validate_on_submit():
        try:
            topic = network_topics.add_topic(form.name.data)
        except services.NetworkError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("The topic “%(name)s” is added.", name=topic.name), "success")
            return redirect(url_for(".topics"))
    return _topics_page(form)


@bp.post("/topics/<int:topic_id>")
@csrf_checked_by_form
@staff_required
def topic_edit(topic_id):
    """Save the row's name and position; the "deactivate" / "activate" buttons of the row
    save them too and change whether members are offered the topic."""
    topic = db.get_or_404(Topic, topic_id)
    form = _edit_form(topic, submitted=True)
    action = request.form.get("action", "save")
    if action not in ("save", "deactivate", "activate"):
        abort(400)
    if form.validate():
        try:
            network_topics.update_topic(topic, form.name.data, form.position.data)
        except services.NetworkError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            if action != "save":
                network_topics.set_topic_active(topic, action == "activate")
            db.session.commit()
            messages = {
                "save": _("The topic “%(name)s” is saved.", name=topic.name),
                "deactivate": _("The topic “%(name)s” is no longer offered to members.",
                                name=topic.name),
                "activate": _("The topic “%(name)s” is offered to members again.",
                              name=topic.name),
            }
            flash(messages[action], "success")
            return redirect(url_for(".topics") + f"#topic-{topic.id}")
    return _topics_page(TopicForm(formdata=None, prefix="new"), form, topic.id)


# ---------------------------------------------------------------- announcements


@bp.route("/announcements", methods=["GET", "POST"], endpoint="announcements")
@csrf_checked_by_form
@staff_required
@no_store
def announcements_page():
    form = AnnouncementForm()
    form.powiat.choices = choices(
        [(NOT_GIVEN, _("all counties"))]
        + [(powiat.id, display_name(powiat)) for powiat in network_coverage.powiats()])
    form.topic.choices = choices(
        [(NOT_GIVEN, _("all topics"))]
        + [(topic.id, topic.name) for topic in network_topics.topic_list(active_only=False)])
    preview = None
    if form.validate_on_submit():
        powiat = db.session.get(Institution, form.powiat.data) if form.powiat.data else None
        topic = db.session.get(Topic, form.topic.data) if form.topic.data else None
        count = announcements.count_recipients(powiat.id if powiat else None,
                                               topic.id if topic else None)
        confirmed = form.previewed.data == form.filters_key()
        if "send" in request.form and confirmed and count:
            announcement = announcements.send_announcement(
                form.subject.data, form.body.data, powiat=powiat, topic=topic,
                sent_by=current_user)
            db.session.commit()
            flash(ngettext("The announcement is queued for %(num)d member.",
                           "The announcement is queued for %(num)d members.",
                           announcement.recipients), "success")
            return redirect(url_for(".announcements"))
        if "send" in request.form and not confirmed:
            flash(_("The recipients changed: check how many get it, then send."), "info")
        preview = {"count": count, "body": render_markdown(form.body.data)}
        form.previewed.data = form.filters_key()
    page = paginate(announcements.past_announcements(), _page())
    senders = dict(db.session.execute(
        select(User.id, User.full_name)
        .where(User.id.in_({a.sent_by_id for a in page.items if a.sent_by_id}))).all())
    return render_template("network/manage/announcements.html", form=form, preview=preview,
                           page=page, senders=senders)


# ---------------------------------------------------------------- coverage


@bp.get("/coverage")
@staff_required
def coverage():
    rows = network_coverage.coverage()
    return render_template("network/manage/coverage.html", rows=rows,
                           totals=network_coverage.totals(rows), kind_labels=KIND_LABELS)
