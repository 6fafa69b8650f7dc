"""Template filters and globals: localised dates and numbers, sanitised Markdown, the
layout's cached menus."""

from functools import lru_cache

from flask import Flask, current_app, g, render_template, request
from flask_babel import format_decimal, get_locale, get_timezone, get_translations
from flask_login import current_user
from markupsafe import Markup, escape

from consult.core import datetext, kept
from consult.core.text import render_markdown, storable_text
from consult.core.timeutil import local_day
from consult.core.urls import site_url


@lru_cache(maxsize=16384)
def _formatted(formatter, value, locale: str, timezone: str) -> str:  # noqa: ARG001 - the key
    """Babel's formatting is slow and a list page formats the same moments again and again;
    the language and time zone it reads from the request are part of the key."""
    return formatter(value)


def _memoised(formatter):
    def format_value(value):
        if not value:
            return ""
        return _formatted(formatter, value, str(get_locale()), str(get_timezone()))
    return format_value


DATE_FILTERS = {
    "date": datetext.format_day,
    "weekday_date": datetext.format_weekday,
    "short_date": datetext.format_short_day,
    "time": datetext.format_clock,
    "moment": datetext.format_moment,
    "short_moment": datetext.format_short_moment,
}
"""The named formats of consult.core.datetext; templates have no other way to show a date."""


def _translations():
    """The translations of the current language, looked up once per request and language.

    Flask-Babel finds them anew for every string (three context lookups and a catalog key
    built from the locale), and a page translates hundreds. The cached pair is checked
    against the locale object Flask-Babel keeps for the request, which ``force_locale``
    (e-mails in the recipient's language) replaces and restores, so a change of language
    is always seen."""
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "consult_translations", None)
    if locale is not None and cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    if state is not None:
        state.consult_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def layout_part(name: str) -> Markup:
    """A part of the layout that is the same on every view of a page (the menus): rendered
    once per language, page and whether the management link shows, then cached
    (``kept.LAYOUT``). Rendering them cost about a millisecond of every page (a dozen links
    and their labels). The key is all the part reads (the language, which the cache adds,
    through the translations; the script root through url_for)."""
    managing = bool(current_user.is_authenticated and (current_user.is_staff
                                                       or current_user.is_manager))
    key = (name, request.script_root, request.endpoint, request.blueprint, managing)
    html = kept.LAYOUT.get(key, lambda: render_template(
        f"layout/{name}.html", endpoint=request.endpoint, blueprint=request.blueprint,
        managing=managing))
    return Markup(html)  # noqa: S704 - our template's output


CONTENT_LANGUAGE = "pl"
"""The language of what people and staff write here: titles, drafts, comments, profiles."""


def content_lang(value: str | None = None) -> Markup:
    """Marks what people or staff wrote as Polish when the interface is in another
    language, so a screen reader reads it with a Polish voice (WCAG 3.1.2); in the Polish
    interface the page's own ``lang`` already says so. Without a value: the attribute, for
    an element that holds only such content (``<h1{{ content_lang() }}>``); with one: the
    value in a marked ``<span>``, for text put into a translated sentence."""
    if str(get_locale() or CONTENT_LANGUAGE) == CONTENT_LANGUAGE:
        return Markup("") if value is None else escape(value)
    attribute = Markup(' lang="{}"').format(CONTENT_LANGUAGE)
    return attribute if value is None else Markup("<span{}>{}</span>").format(attribute, value)


def site_name() -> str:
    """The site's name in the language of the page: ``CONSULT_SITE_NAME_EN`` in English
    when it is set, the Polish ``CONSULT_SITE_NAME`` otherwise."""
    english = current_app.config.get("CONSULT_SITE_NAME_EN")
    if english and str(get_locale() or CONTENT_LANGUAGE) == "en":
        return english
    return current_app.config["CONSULT_SITE_NAME"]


def site_name_lang() -> Markup:
    """``lang="pl"`` for an element holding the site's name when that name is the Polish
    one in a page of another language (as ``content_lang`` does for people's content)."""
    if site_name() == current_app.config["CONSULT_SITE_NAME"]:
        return content_lang()
    return Markup("")


def note_error_summary() -> str:
    """Called by the error summary macro, so that base.html starts the title with "Error:"
    (the GOV.UK pattern: the title is the first thing a screen reader says about a page).
    base.html renders the page's content before its head to know this."""
    g.page_has_errors = True
    return ""


def html_text(value):
    """Every value a template writes, without what HTML forbids as text (C0 controls and
    noncharacters, ``core.text``): rows stored before the input rule may hold them, and a
    page with them is not valid HTML. Already-safe HTML stays safe."""
    if not isinstance(value, str):
        return value
    cleaned = storable_text(value)
    return Markup(cleaned) if isinstance(value, Markup) else cleaned  # noqa: S704 - was Markup


def init_app(app: Flask) -> None:
    app.jinja_env.finalize = html_text
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    for name, formatter in DATE_FILTERS.items():
        app.jinja_env.filters[name] = _memoised(formatter)
    app.jinja_env.filters["machine_time"] = datetext.machine_time
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.globals["day_range"] = datetext.format_day_range
    app.jinja_env.globals["moment_range"] = datetext.moment_range
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "pl")
    app.jinja_env.globals["layout_part"] = layout_part
    app.jinja_env.globals["content_lang"] = content_lang
    app.jinja_env.globals["site_name"] = site_name
    app.jinja_env.globals["site_url"] = site_url
    app.jinja_env.globals["site_name_lang"] = site_name_lang
    app.jinja_env.globals["note_error_summary"] = note_error_summary
    app.jinja_env.globals["page_has_errors"] = lambda: g.get("page_has_errors", False)
