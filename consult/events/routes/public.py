"""Public pages of events: the list, an event's page and materials, the registration form,
the calendar feeds and the embeddable list."""

import io

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import undefer

from consult.caching import conditional_response
from consult.core.antibot import AntibotForm
from consult.core.database import commit_keeping_loaded
from consult.core.documents import file_size, file_type
from consult.core.pagination import paginate
from consult.core.security import csrf_checked_by_form, frameable
from consult.core.visitors import submitted_email_key, visitor_hash
from consult.events import bp, calendar, kept, materials, queries, services
from consult.events.availability import availability, availability_by_event
from consult.events.choices import FORMAT_LABELS, FORMATS, GROUP_LABELS, TYPE_LABELS, TYPES
from consult.events.forms.public import registration_form, registration_form_class
from consult.events.models import (
    Event,
    EventMaterial,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from consult.extensions import db, limiter

ICS_TYPE = "text/calendar; charset=utf-8"


def _hidden_from_viewer(status: str) -> bool:
    """Drafts are for staff only."""
    hidden = status not in (EventStatus.PUBLISHED, EventStatus.CANCELLED)
    return hidden and not (current_user.is_authenticated and current_user.is_staff)


def _event_or_404(slug: str, query=queries.event_by_slug) -> Event:
    event = db.session.scalars(query(), {"slug": slug}).first()
    if event is None or _hidden_from_viewer(event.status):
        abort(404)
    return event


@bp.get("/events/")
def index():
    kind = request.args.get("type") if request.args.get("type") in TYPES else None
    fmt = request.args.get("format") if request.args.get("format") in FORMATS else None
    past = request.args.get("past") == "1"
    number = request.args.get("page", 1, type=int)

    def listing() -> str:
        page = paginate(queries.listed_events(kind, fmt, past), number)
        counts = services.seat_counts_by_event(page.items)
        return render_template(
            "events/public/_listing.html", page=page, seats=availability_by_event(
                page.items, counts), kind=kind, fmt=fmt, past=past,
            types=TYPES, type_labels=TYPE_LABELS, formats=FORMATS, format_labels=FORMAT_LABELS,
        )

    listing = kept.LISTING.render((request.full_path,), listing)
    return render_template("events/public/index.html", past=past, listing=listing)


def _heading_or_404(slug: str):
    heading = db.session.execute(queries.heading_by_slug(), {"slug": slug}).first()
    if heading is None or _hidden_from_viewer(heading.status):
        abort(404)
    return heading


def _changes_at(heading) -> tuple:
    """The moments at which the event's page changes by itself."""
    return (heading.registration_opens_at, heading.registration_closes_at, heading.starts_at,
            heading.ends_at)


@bp.get("/events/<slug>/")
def detail(slug):
    heading = _heading_or_404(slug)

    def body() -> str:
        event = _event_or_404(slug)
        return render_template(
            "events/public/_detail.html", event=event,
            seats=availability(event, services.seat_counts(event), groups=True),
            group_labels=GROUP_LABELS,
            materials=materials.materials_of(event.id) if event.is_past else [],
            file_type=file_type, file_size=file_size,
            type_labels=TYPE_LABELS, format_labels=FORMAT_LABELS,
        )

    return render_template("events/public/detail.html", heading=heading,
                           body=kept.EVENT_PAGE.render((heading.id,), body,
                                                       changes_at=_changes_at(heading)))


@bp.get("/events/<slug>/materials/<int:material_id>/<filename>")
def material(slug, material_id, filename):  # noqa: ARG001 - the saved name
    event = _event_or_404(slug, queries.event_to_register)
    found = db.session.get(EventMaterial, material_id, options=[undefer(EventMaterial.data)])
    if found is None or found.event_id != event.id or found.is_link:
        abort(404)
    return send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename, max_age=300)


def _prefill() -> dict:
    if not current_user.is_authenticated:
        return {}
    data = {"full_name": current_user.full_name, "email": current_user.email,
            "phone": current_user.phone or ""}
    previous = queries.latest_registration_of(current_user)
    if previous is not None:
        data.update(category=previous.category, organisation=previous.organisation,
                    position=previous.position, phone=previous.phone or data["phone"])
    return data


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@csrf_checked_by_form
# A training room of 30 behind one office address registers within a minute; a script is
# held back by the form's checks (consult.core.antibot), the per-address limit and the
# cap on seats held by one visitor's unconfirmed addresses (services.register).
@limiter.limit("60/minute;300/hour", methods=["POST"])
@limiter.limit("5/minute;20/hour", key_func=submitted_email_key, methods=["POST"])
def register(slug):
    if request.method == "GET" and not current_user.is_authenticated:
        heading = _heading_or_404(slug)
        if not heading.has_quotas:
            return _blank_registration_page(heading)
    event = _event_or_404(slug, queries.event_to_register)
    form = registration_form(event, data=None if request.method == "POST" else _prefill())
    if form.validate_on_submit():
        data = services.RegistrationData(
            full_name=form.full_name.data, email=form.email.data, category=form.category.data,
            organisation=form.organisation.data or "", position=form.position.data or "",
            phone=form.phone.data or "", needs=form.needs.data or "",
            consent_needs=form.consent_needs.data, consent_image=form.consent_image.data,
            consent_mailing=form.consent_mailing.data, answers=form.answers(),
        )
        user = current_user if current_user.is_authenticated else None
        # What the person is told about a seat they did not get; a registration with no
        # seat holds none, so the counts before it are the counts after it.
        no_seat = services.no_seat_reason(event, data.category, services.seat_counts(event))
        try:
            registration = services.register(event, data, user=user, locale=_locale(),
                                             client_key=visitor_hash())
        except services.RegistrationError as exc:
            db.session.rollback()
            if exc.reason == services.ALREADY_REGISTERED:  # signed in: their own data
                flash(_("You are already registered for this event."), "info")
                return redirect(url_for(".registration", token=exc.registration.token))
            return _registration_page(
                event, form, refusal=_refusal_message(exc.reason, form.category.data))
        commit_keeping_loaded()
        if not _is_own_proved_address(registration):
            # The same page whether the address was new or already registered.
            return render_template("events/public/check_inbox.html", event=event,
                                   email=data.email.strip().lower(),
                                   hold_minutes=services.hold_minutes(),
                                   full_group=_full_group(no_seat, data.category))
        if registration.status == RegistrationStatus.WAITLISTED:
            flash(_waitlisted_message(no_seat, data.category), "info")
        else:
            flash(_("You are registered."), "success")
        return redirect(url_for(".registration", token=registration.token))
    return _registration_page(event, form)


def _full_group(no_seat: str | None, category: str):
    """The name of the registrant's group when its seats are taken (not the event's)."""
    return GROUP_LABELS[category] if no_seat == services.GROUP_FULL else None


def _waitlisted_message(no_seat: str | None, category: str) -> str:
    if no_seat == services.GROUP_FULL:
        return _("The seats %(group)s are all taken, so we have put you on the waiting list. "
                 "You get a seat automatically when one frees up.", group=GROUP_LABELS[category])
    return _("The event is full, so we have put you on the waiting list. You get a seat "
             "automatically when one frees up.")


def _refusal_message(reason: str, category: str) -> str:
    """Why a registration was not saved (``services.RegistrationError.reason``)."""
    if reason == services.FULL:
        return _("Sorry, the event is full and it has no waiting list. What you typed is kept "
                 "below.")
    if reason == services.GROUP_FULL:
        return _("Sorry, the seats %(group)s are all taken and the event has no waiting list. "
                 "What you typed is kept below.", group=GROUP_LABELS[category])
    if reason == services.CLOSED:
        return _("Registration for this event has closed. What you typed is kept below.")
    if reason == services.NOT_OPEN_YET:
        return _("Registration has not opened yet. What you typed is kept below.")
    if reason == services.EVENT_CANCELLED:
        return _("The event has been cancelled, so registration is closed.")
    return _("Registration is not possible for this event.")


def _is_own_proved_address(registration: Registration) -> bool:
    return (current_user.is_authenticated and current_user.email_verified
            and registration.email == current_user.email.lower())


def _blank_registration_page(heading):
    """The form for everyone who is not signed in: the event's heading and the empty fields
    are the same for all of them, so both are built once until the event or its questions
    change; the CSRF token, the sign-in link and the notes on the registration period and
    free seats are each request's. The event itself is loaded only to build them, once for both."""
    loaded: list[Event] = []

    def event() -> Event:
        if not loaded:
            loaded.append(_event_or_404(heading.slug, queries.event_for_blank_form))
        return loaded[0]

    intro = kept.REGISTRATION_INTRO.render((heading.id,), lambda: render_template(
        "events/public/_registration_intro.html", event=event()))
    fields = kept.REGISTRATION_FIELDS.render(
        (heading.id,), lambda: _blank_fields(registration_form_class(event())))
    return _registration_page(heading, AntibotForm(), intro=intro, fields=fields)


def _blank_fields(form_class: type) -> str:
    """The empty fields of a form class: the same for every event with the same questions
    (most have none), so they are rendered once per set of questions and language."""
    return kept.FIELDS_OF_FORM.get((form_class,), lambda: render_template(
        "events/public/_registration_fields.html", form=form_class()))


def _registration_page(event, form, *, intro=None, fields=None, refusal: str | None = None):
    """The registration form, with why a registration was not saved (``refusal``).
    ``intro`` and ``fields``: the heading and the blank fields already rendered; ``form``
    then carries only the token, and ``event`` may be the event's heading row. Otherwise
    they are rendered here, the fields with each group's seats next to the choice of
    category (the blank fields have none)."""
    seats = availability(event, services.seat_counts(event), groups=fields is None)
    if intro is None:
        intro = _rendered("events/public/_registration_intro.html", event=event)
    if fields is None:
        fields = _rendered("events/public/_registration_fields.html", event=event, form=form,
                           groups=seats.groups, group_labels=GROUP_LABELS)
    return render_template(
        "events/public/register.html", event=event, form=form, intro=intro, fields=fields,
        seats=seats, refusal=refusal,
    ), 200 if refusal is None else 409


def _rendered(template: str, **context) -> Markup:
    return Markup(render_template(template, **context))  # noqa: S704 - our template's output


def _locale() -> str:
    return str(get_locale() or "pl")


@bp.get("/events/<slug>/calendar.ics")
def event_calendar(slug):
    event = _event_or_404(slug)
    return _conditional_ics(
        f"{event.id}:{event.updated_at.isoformat()}:{event.sequence}",
        event.updated_at, lambda: calendar.event_ics(event), f"{event.slug}.ics",
    )


@bp.get("/events/calendar.ics")
def feed():
    kind = request.args.get("type") if request.args.get("type") in TYPES else None
    count, last_modified = queries.feed_version(kind)
    return _conditional_ics(
        f"feed:{kind}:{count}:{last_modified}", last_modified,
        lambda: calendar.feed_ics(queries.feed_events(kind)), "wydarzenia.ics",
    )


def _conditional_ics(version: str, last_modified, build, filename: str) -> Response:
    """ETag and Last-Modified known before the file is built: a 304 costs two queries."""
    response = conditional_response(version, last_modified, build, ICS_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


EMBED_LIMIT, EMBED_MAX = 10, 50


@bp.get("/embed/events")
@frameable
def embed():
    kind = request.args.get("type") if request.args.get("type") in TYPES else None
    limit = min(max(request.args.get("limit", EMBED_LIMIT, type=int), 1), EMBED_MAX)
    events = list(db.session.scalars(
        queries.listed_events(kind).where(Event.status == EventStatus.PUBLISHED).limit(limit)
    ))
    counts = services.seat_counts_by_event(events)
    response = render_template(
        "events/public/embed.html", events=events, format_labels=FORMAT_LABELS,
        seats=availability_by_event(events, counts),
    )
    return response, 200, {"Cache-Control": "public, max-age=300"}
