"""Polish first: every user-visible string has a Polish translation, the language switch
works, and plurals, dates, numbers and times come out the Polish way."""

import re
import subprocess
import sys
from datetime import UTC, date, datetime
from gettext import c2py
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_date, format_datetime, format_decimal, ngettext

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "consult" / "translations" / "pl" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "messages.po"
MO_FILE = CATALOG_DIR / "messages.mo"
PYBABEL = Path(sys.executable).with_name("pybabel")

# %(name)s, %(num)d, %s, %5.2f … and the literal %%
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def read_catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f, locale="pl")


def msgid_text(message) -> str:
    return " / ".join(message.id) if message.pluralizable else message.id


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the current sources, as `make extract-messages` finds them."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    result = subprocess.run(
        [str(PYBABEL), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_pgettext:1c,2",
         "-o", str(pot), "."],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return read_catalog(pot)


def translation_problem(source, translated) -> str | None:
    """What is wrong with the Polish entry for ``source``, or None."""
    if translated is None:
        return "missing from the Polish catalog"
    if translated.fuzzy:
        return "fuzzy"
    if source.pluralizable != translated.pluralizable:
        return "singular/plural mismatch with the sources"
    if source.pluralizable:
        forms = translated.string if isinstance(translated.string, tuple | list) else ()
        if len(forms) != 3 or not all(forms):
            return f"needs 3 non-empty plural forms, has {list(forms)!r}"
        allowed = {tuple(placeholders(source.id[0])), tuple(placeholders(source.id[1]))}
        for form in forms:
            if tuple(placeholders(form)) not in allowed:
                return f"placeholders differ in {form!r}"
        return None
    if not translated.string:
        return "untranslated"
    if placeholders(translated.string) != placeholders(source.id):
        return f"placeholders differ: {translated.string!r}"
    return None


def test_every_source_string_has_a_complete_polish_translation(extracted):
    polish = read_catalog(PO_FILE)
    problems = []
    for source in extracted:
        if not source.id:
            continue
        problem = translation_problem(source, polish.get(source.id, source.context))
        if problem:
            problems.append(f"{msgid_text(source)!r}: {problem}")
    assert not problems, (
        f"{len(problems)} message(s) need a Polish translation in {PO_FILE.relative_to(ROOT)} "
        "(make extract-messages, translate, make translations):\n  " + "\n  ".join(problems)
    )


def test_polish_catalog_has_no_fuzzy_or_empty_entries_and_polish_plural_rules():
    polish = read_catalog(PO_FILE)
    assert polish.num_plurals == 3
    rule = c2py(polish.plural_expr)
    forms = {n: rule(n) for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 102, 112, 1001)}
    assert forms == {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 2, 22: 1, 25: 2,
                     102: 1, 112: 2, 1001: 2}
    problems = [
        f"{msgid_text(m)!r}: {translation_problem(m, m)}"
        for m in polish
        if m.id and translation_problem(m, m)
    ]
    assert not problems, "\n".join(problems)


def test_compiled_catalog_matches_the_po_file():
    assert MO_FILE.exists(), "compile the catalogs first: make translations"
    with MO_FILE.open("rb") as f:
        compiled = read_mo(f)
    polish = read_catalog(PO_FILE)

    def text(message):
        if message is None:
            return None
        return tuple(message.string) if message.pluralizable else message.string

    def key(message):  # babel's read_mo gives a context as bytes and plural ids as lists
        context = message.context
        context = context.decode() if isinstance(context, bytes) else context
        return (message.id if isinstance(message.id, str) else tuple(message.id), context)

    by_key = {key(m): m for m in compiled}
    stale = [msgid_text(m) for m in polish if m.id and text(by_key.get(key(m))) != text(m)]
    assert not stale, "messages.mo is out of date, run make translations: " + repr(stale[:10])


def test_default_language_is_polish_and_the_switch_goes_to_english(client):
    home = client.get("/")
    assert home.status_code == 200
    page = home.get_data(as_text=True)
    assert '<html lang="pl">' in page
    assert "Przejdź do treści głównej" in page
    assert "Skip to main content" not in page

    switched = client.post("/language", data={"language": "en", "next": "/about"})
    assert switched.status_code in (302, 303)
    assert switched.headers["Location"].endswith("/about")

    about = client.get("/about")
    assert about.status_code == 200
    page = about.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert "Przejdź do treści głównej" not in page


def test_switching_back_to_polish(client):
    client.post("/language", data={"language": "en", "next": "/"})
    client.post("/language", data={"language": "pl", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="pl">' in page
    assert "Przejdź do treści głównej" in page


@pytest.mark.parametrize(
    ("singular", "plural", "expected"),
    [
        ("%(num)d message", "%(num)d messages",
         {1: "1 wiadomość", 2: "2 wiadomości", 5: "5 wiadomości", 22: "22 wiadomości",
          25: "25 wiadomości"}),
        ("%(num)d person", "%(num)d people",
         {1: "1 osoba", 3: "3 osoby", 5: "5 osób", 12: "12 osób", 22: "22 osoby",
          112: "112 osób", 104: "104 osoby"}),
        ("%(num)d institution", "%(num)d institutions",
         {1: "1 instytucja", 4: "4 instytucje", 11: "11 instytucji", 23: "23 instytucje",
          0: "0 instytucji"}),
        ("%(num)d organisation", "%(num)d organisations",
         {1: "1 organizacja", 2: "2 organizacje", 14: "14 organizacji",
          32: "32 organizacje", 100: "100 organizacji"}),
    ],
)
def test_polish_plural_forms(app, singular, plural, expected):
    with app.test_request_context(), force_locale("pl"):
        got = {n: str(ngettext(singular, plural, n)) for n in expected}
    assert got == expected


def test_english_plural_forms_stay_english(app):
    with app.test_request_context(), force_locale("en"):
        assert ngettext("%(num)d message", "%(num)d messages", 1) == "1 message"
        assert ngettext("%(num)d message", "%(num)d messages", 5) == "5 messages"


def test_dates_numbers_and_times_the_polish_way(app):
    with app.test_request_context(), force_locale("pl"):
        assert format_date(date(2026, 3, 5), "long") == "5 marca 2026"
        number = format_decimal(1234.5).replace("\xa0", " ").replace("\u202f", " ")
        assert number in ("1234,5", "1 234,5")
        summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # CEST, UTC+2
        assert format_datetime(summer, "HH:mm") == "12:00"
        assert "12:00" in format_datetime(summer)
        winter = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # CET, UTC+1
        assert format_datetime(winter, "HH:mm") == "11:00"


def test_template_filters_format_dates_in_polish(app):
    with app.test_request_context(), force_locale("pl"):
        rendered = app.jinja_env.from_string(
            "{{ d|date }} | {{ t|short_moment }} | {{ x|number }}"
        ).render(d=date(2026, 3, 5), t=datetime(2026, 7, 1, 10, 0, tzinfo=UTC), x=0.5)
    assert rendered.startswith("5 marca 2026 | ")
    assert "12:00" in rendered
    assert rendered.endswith("0,5")


def test_templates_follow_a_language_forced_inside_a_request(app):
    """Templates look their translations up once per request and language: an e-mail
    rendered in the recipient's language inside a Polish request is in that language,
    and the page after it is Polish again."""
    from flask import render_template_string

    source = "{{ _('Show') }} {{ ngettext('%(num)d comment', '%(num)d comments', 2) }}"
    with app.test_request_context("/", headers={"Accept-Language": "pl"}):
        assert render_template_string(source) == "Pokaż 2 uwagi"
        with force_locale("en"):
            assert render_template_string(source) == "Show 2 comments"
        assert render_template_string(source) == "Pokaż 2 uwagi"
