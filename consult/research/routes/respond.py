"""The respondent's pages: a personal link (/survey/i/<token>, single use) and a group's
open link for a meeting (/survey/o/<token>). One area a page, each page saved as it is
sent, so a respondent on a phone can leave and come back to where they stopped.

An open link gives each respondent a random key in a cookie (path /survey/, until the
closing day) and keeps only its ``resume_hash``; finishing deletes the cookie, so the next
person on the same device starts afresh. The pages carry the token in their path: they are
not cached, not indexed, and send no Referer anywhere.
"""

from functools import wraps

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from consult.core.security import csrf_checked_by_form
from consult.extensions import db, limiter
from consult.research import respond, respond_bp
from consult.research.forms.respond import field_name, page_form, text_of
from consult.research.links import invitation_hash, new_token
from consult.research.models import Diagnosis, Invitation, RespondentGroup
from consult.research.status import accepting_answers

BACK, NEXT, SEND = "back", "next", "send"
COOKIE_PREFIX = "survey_"


def survey_headers(view):
    """Not cached, not indexed, no Referer: the address holds the link's secret."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _link_key() -> str:
    """Rate-limit key: the link (hashed: the limiter's storage never holds the token)."""
    return f"survey:{invitation_hash(request.view_args.get('token', ''))[:32]}"


def _render(template: str, status: int = 200, **context):
    return render_template(f"research/respond/{template}", text_of=text_of, **context), status


def _not_accepting(diagnosis: Diagnosis):
    return _render("closed.html", diagnosis=diagnosis)


def _questionnaire(diagnosis: Diagnosis, group: RespondentGroup, secret: str,
                   invitation: Invitation | None = None):
    """The page asked for (or where the respondent stopped), and saving it. Returns the
    answer and whether the response was finished."""
    response = respond.unfinished_response(secret)
    areas = diagnosis.areas
    if not areas:
        abort(404)
    asked = request.values.get("page", type=int) or respond.resume_page(diagnosis, response)
    number = min(max(asked, 1), len(areas))
    area = areas[number - 1]
    answers = {answer.indicator_id: answer for answer in response.answers} if response else {}
    if request.method == "POST":
        form = page_form(area, answers, formdata=request.form)
        if form.validate_on_submit():
            if response is None:
                response = respond.start_response(diagnosis, group, secret)
            respond.save_page(response, area, form.values(area))
            action = request.form.get("action")
            if action == SEND and number == len(areas):
                respond.finish(response, invitation)
                db.session.commit()
                return redirect(url_for(".thanks")), True
            db.session.commit()
            target = number - 1 if action == BACK else number + 1 if action == NEXT else number
            target = min(max(target, 1), len(areas))
            return redirect(url_for(request.endpoint, token=request.view_args["token"],
                                    page=target, _anchor="questions")), False
    else:
        form = page_form(area, answers)
    return _render("page.html", diagnosis=diagnosis, group=group, area=area, form=form,
                   number=number, count=len(areas), field_name=field_name,
                   indicators=area.indicators, personal=invitation is not None), False


@respond_bp.route("/i/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@survey_headers
@limiter.limit("120/minute;1200/hour", methods=["POST"])
@limiter.limit("30/minute", key_func=_link_key, methods=["POST"])
def personal(token):
    invitation = respond.invitation_by_token(token)
    if invitation is None:
        abort(404)
    diagnosis = respond.questionnaire(invitation.diagnosis_id)
    if invitation.used:
        return _render("used.html", status=410, diagnosis=diagnosis)
    if not accepting_answers(diagnosis):
        return _not_accepting(diagnosis)
    answer, _finished = _questionnaire(diagnosis, invitation.group, token, invitation)
    return answer


@respond_bp.route("/o/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@survey_headers
# A meeting: many people behind one address, each with their own key.
@limiter.limit("300/minute;3000/hour", methods=["POST"])
def open_link(token):
    group = respond.group_by_open_token(token)
    if group is None:
        abort(404)
    diagnosis = respond.questionnaire(group.diagnosis_id)
    if not accepting_answers(diagnosis):
        return _not_accepting(diagnosis)
    cookie = f"{COOKIE_PREFIX}{group.id}"
    key = request.cookies.get(cookie) or ""
    fresh = len(key) < 40  # no key yet, or not one of ours
    if fresh:
        key = new_token()
    answer, finished = _questionnaire(diagnosis, group, key)
    answer = make_response(answer)
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if finished:
        answer.delete_cookie(cookie, path="/survey/", secure=secure, httponly=True,
                             samesite="Lax")
    elif fresh:
        answer.set_cookie(cookie, key, expires=respond.cookie_expires(diagnosis),
                          path="/survey/", secure=secure, httponly=True, samesite="Lax")
    return answer


@respond_bp.get("/thanks")
@survey_headers
def thanks():
    return _render("thanks.html")
