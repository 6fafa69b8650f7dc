"""The member's own pages: joining, confirming the work e-mail, the own entry (edit,
visibility, leave) and the link that stops announcements."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.tokens import InvalidToken
from consult.extensions import db, limiter
from consult.institutions.models import Institution
from consult.institutions.places import institution_label
from consult.network import bp, mail, membership, services
from consult.network.forms.public import EntryForm, JoinForm, MemberForm
from consult.network.institution_search import pick_institution
from consult.network.models import (
    FIELD_LABELS,
    FIELDS,
    MEMBER_STATUS_LABELS,
    VISIBILITY_LABELS,
    Member,
    MemberStatus,
    Topic,
    Visibility,
)
from consult.network.topics import topic_list

# --- the form shared by joining and editing ---------------------------------------------


def _prepare(form: MemberForm, current: Member | None = None) -> Institution | None:
    """Fill the choices: the institution chosen so far (or the member's) and the JSTs that
    match what is typed in the search box; topics (the active ones and the member's).
    Returns the chosen institution."""
    chosen, options = pick_institution(
        form, current=current.institution if current is not None else None)
    form.institution.choices = [(inst.id, institution_label(inst)) for inst in options]
    topics = topic_list()
    if current is not None:
        topics += [topic for topic in current.topics if topic not in topics]
    form.topics.choices = [(topic.id, topic.name) for topic in topics]
    return chosen


def _searching(form: MemberForm) -> bool:
    """The "Find" button was pressed: show the matches, save nothing. Browsers send the
    form's first button (Find) when Enter is pressed in a field, so with an empty search
    box it counts as saving."""
    return (request.method == "POST" and bool(form.find.data)
            and bool((form.institution_q.data or "").strip()))


def _member_data(form: MemberForm, institution: Institution) -> services.MemberData:
    topic_ids = form.topics.data or []
    topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))
                  ) if topic_ids else []
    return services.MemberData(
        institution=institution,
        full_name=form.full_name.data,
        position=form.position.data or "",
        department=form.department.data or "",
        work_email=form.work_email.data,
        work_phone=form.work_phone.data or "",
        is_coordinator=form.is_coordinator.data,
        bio=form.bio.data or "",
        topics=topics,
        visibility=form.visibility_choices(),
        announcements=form.announcements.data,
    )


def _page_context(**context) -> dict:
    return {"field_labels": FIELD_LABELS, "visibility_labels": VISIBILITY_LABELS,
            "status_labels": MEMBER_STATUS_LABELS, "fields": FIELDS, **context}


# --- joining ----------------------------------------------------------------------------


@bp.route("/join", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
@limiter.limit("30/minute;200/hour", methods=["POST"])
def join():
    if services.member_of(current_user) is not None:
        return redirect(url_for(".me"))
    form = JoinForm(data=None if request.method == "POST" else {
        "full_name": current_user.full_name, "work_email": current_user.email,
        "work_phone": current_user.phone or ""})
    institution = _prepare(form)
    if not _searching(form) and form.validate_on_submit():
        try:
            member = services.join(current_user, _member_data(form, institution))
        except services.NetworkError as exc:
            db.session.rollback()
            flash(str(exc), "info")
            return redirect(url_for(".me"))
        db.session.commit()
        if member.status == MemberStatus.EMAIL_PENDING:
            return render_template("network/public/check_inbox.html", member=member)
        return render_template("network/public/waiting.html", member=member)
    return render_template("network/public/join.html", **_page_context(form=form))


@bp.route("/verify/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def verify_email(token):
    """The link sent to the work e-mail opens a page with a button (mail scanners that
    open links change nothing); the POST confirms the address and approves the entry."""
    try:
        member = mail.member_from_token(token)
    except InvalidToken as exc:
        return render_template("network/public/link_invalid.html", expired=exc.expired), 400
    if member.status == MemberStatus.APPROVED:  # a used link, or staff approved the entry meanwhile
        flash(_("Your work e-mail is already confirmed.") if member.email_verified_at
              else _("Your entry is already approved."), "info")
        return redirect(url_for(".profile", member_id=member.id))
    if member.status != MemberStatus.EMAIL_PENDING:
        return render_template("network/public/link_invalid.html", expired=False), 400
    form = ButtonForm()
    if form.validate_on_submit():
        services.confirm_work_email(member, member.work_email)
        db.session.commit()
        flash(_("Thank you: your work e-mail is confirmed and your entry is in the network's "
                "directory."), "success")
        return redirect(url_for(".profile", member_id=member.id))
    return render_template("network/public/verify.html", form=form, member=member)


# --- the member's own entry -------------------------------------------------------------


def _entry_data(member: Member) -> dict:
    data = {name: getattr(member, name) for name in
            ("full_name", "position", "department", "work_email", "work_phone",
             "is_coordinator", "bio")}
    data.update({f"{name}_visibility": member.visibility(name) for name in FIELDS})
    data.update(institution=member.institution_id, topics=[t.id for t in member.topics],
                announcements=not member.announcements_opt_out)
    return data


def _previews(member: Member) -> list[tuple[str, str, dict[str, str]]]:
    """How the entry looks to visitors and to other members (staff see everything)."""
    return [
        (Visibility.PUBLIC, _("Anyone visiting the directory"), services.visible_fields(member,
                                                                                        Visibility.PUBLIC)),
        (Visibility.MEMBERS, _("Other members of the network"), services.visible_fields(member,
                                                                                        Visibility.MEMBERS)),
    ]


@bp.route("/me", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
@no_store
@limiter.limit("30/minute;200/hour", methods=["POST"])
def me():
    member = services.member_of(current_user)
    if member is None:
        return redirect(url_for(".join"))
    form = EntryForm(data=None if request.method == "POST" else _entry_data(member))
    institution = _prepare(form, current=member)
    if not _searching(form) and form.validate_on_submit():
        checked_again = services.update_entry(member, _member_data(form, institution))
        db.session.commit()
        if checked_again and member.status == MemberStatus.EMAIL_PENDING:
            flash(_("Your entry is saved. We have sent a link to %(email)s: open it to confirm "
                    "the address. Until then your entry is not in the directory.",
                    email=member.work_email), "success")
        elif checked_again and member.status == MemberStatus.PENDING:
            flash(_("Your entry is saved. The federation's staff will check it; until then "
                    "your entry is not in the directory."), "success")
        else:
            flash(_("Your entry is saved."), "success")
        return redirect(url_for(".me"))
    return render_template("network/public/me.html", **_page_context(
        form=form, member=member, previews=_previews(member)))


@bp.post("/me/resend-link")
@login_required
@limiter.limit("3/minute;10/hour")
def resend_link():
    member = services.member_of(current_user)
    if member is None:
        return redirect(url_for(".join"))
    if services.send_link_again(member):
        db.session.commit()
        flash(_("We have sent the link again to %(email)s.", email=member.work_email),
              "success")
    return redirect(url_for(".me"))


@bp.route("/me/leave", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def leave():
    member = services.member_of(current_user)
    if member is None:
        return redirect(url_for(".join"))
    form = ButtonForm()
    if form.validate_on_submit():
        services.leave(member)
        db.session.commit()
        flash(_("You have left the officials' network. Your entry and the record of your "
                "consents are deleted."), "success")
        return redirect(url_for(".index"))
    return render_template("network/public/leave.html", form=form, member=member)


# --- announcements ----------------------------------------------------------------------


@bp.route("/announcements/unsubscribe/<token>", methods=["GET", "POST"])
@csrf_checked_by_form  # the one-click POST of a mail program carries no CSRF token
@no_store
def unsubscribe(token):
    """GET shows a button; POST stops the announcements: from that button, or in one click
    from the mail program (RFC 8058: body ``List-Unsubscribe=One-Click``). The random token
    in the address is the secret, so the one-click POST needs nothing else."""
    member = membership.member_by_announcements_token(token)
    if member is None:
        abort(404)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    form = ButtonForm()
    if request.method == "POST" and (one_click or form.validate_on_submit()):
        membership.stop_announcements(member)
        db.session.commit()
        return render_template("network/public/unsubscribed.html", member=member)
    return render_template("network/public/unsubscribe.html", member=member, form=form)
