from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from consult.advice import kept as advice_kept
from consult.advice import queries as advice_queries
from consult.consultations.services import open_consultations
from consult.core.i18n import LANGUAGE_COOKIE
from consult.core.rate_limits import rate_limit_health
from consult.core.security import safe_next
from consult.events import impact
from consult.events import kept as events_kept
from consult.events.models import Event, EventStatus
from consult.events.queries import listed_events
from consult.extensions import db
from consult.news import queries as news_queries
from consult.pages import bp, kept, services

HOME_EVENTS = 3
HOME_CONSULTATIONS = 3
HOME_NEWS = 3


@bp.get("/")
def home():
    def overview() -> str:
        upcoming = db.session.scalars(
            listed_events().where(Event.status == EventStatus.PUBLISHED).limit(HOME_EVENTS)
        )
        figures = events_kept.IMPACT_FIGURES.get((), impact.figures)
        minutes = advice_kept.ADVICE_MINUTES.get((), advice_queries.advice_minutes)
        return render_template("pages/public/_home.html", impact=figures,
                               advice_minutes=minutes,
                               upcoming=list(upcoming),
                               consultations=open_consultations(HOME_CONSULTATIONS),
                               news=news_queries.latest(HOME_NEWS))

    return render_template("pages/public/home.html",
                           overview=kept.HOME_OVERVIEW.render((), overview))


@bp.get("/about")
def about():
    return render_template("pages/public/about.html")


@bp.get("/accessibility")
def accessibility():
    return render_template(
        "pages/public/accessibility.html", statement=services.accessibility_statement()
    )


@bp.get("/privacy")
def privacy():
    return render_template("pages/public/privacy.html")


@bp.get("/healthz")
def healthz():
    limits = rate_limit_health(current_app.config)
    if services.database_ok():
        return jsonify(status="ok", database="ok", **limits)
    return jsonify(status="error", database="unreachable", **limits), 503


@bp.get("/ping")
def ping():
    """Liveness without the database: the process answers. A load balancer's cheapest
    check, and the benchmark's ceiling (the framework alone on this machine)."""
    return current_app.response_class("pong\n", mimetype="text/plain")


@bp.post("/language")
def set_language():
    """Remember the chosen language in a cookie and return to the same page."""
    language = request.form.get("language")
    response = make_response(redirect(safe_next(request.form.get("next"), url_for(".home"))))
    if language in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            current_user.locale = language  # e-mails follow the chosen language too
            db.session.commit()
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response
