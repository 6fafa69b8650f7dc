"""How a JST is named: by people and pages ("Płońsk (urban municipality)", the kind in the
reader's language) and officially, as the body signs its letters ("Gmina Miasto Płońsk").

The register (``terc``) holds only the bare name and the kind; these names are built from
the two.
"""

from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from consult.core.templating import content_lang
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    RURAL_GMINA,
    URBAN_GMINA,
    URBAN_RURAL_GMINA,
    VOIVODESHIP,
    Institution,
)

KIND_LABELS = {
    VOIVODESHIP: _l("voivodeship"),
    COUNTY: _l("county"),
    CITY_COUNTY: _l("city with county rights"),
    URBAN_GMINA: _l("urban municipality"),
    RURAL_GMINA: _l("rural municipality"),
    URBAN_RURAL_GMINA: _l("urban-rural municipality"),
}

OFFICIAL_PREFIXES = {
    VOIVODESHIP: "Województwo",
    COUNTY: "Powiat",
    CITY_COUNTY: "Miasto",
    URBAN_GMINA: "Gmina Miasto",
    RURAL_GMINA: "Gmina",
    URBAN_RURAL_GMINA: "Gmina",
}


def official_name(inst: Institution) -> str:
    """The unit's name as a body in Polish, the way it signs letters and as an address book
    should show the employer: "Gmina Miasto Płońsk", "Gmina Raciąż", "Powiat płoński",
    "Miasto Płock", "Województwo mazowieckie". TERC holds only the bare name; a gmina's
    statute may name it a little differently ("Miasto i Gmina …"), so this is the form the
    kind gives, never translated: it is a proper name. A name entered with its prefix
    ("Powiat płoński") is kept as it is."""
    prefix = OFFICIAL_PREFIXES[inst.kind]
    if inst.name.lower().startswith(prefix.lower() + " "):
        return inst.name
    return f"{prefix} {inst.name}"


def display_name(inst: Institution) -> str:
    """How people name the unit: "Płońsk (gmina wiejska)", "powiat płoński"."""
    return _display_name(inst.name, inst.kind, str(get_locale() or ""))


def marked_display_name(inst: Institution) -> Markup:
    """display_name for the text of a page: the name, a Polish proper name, is marked as
    Polish when the interface is in another language (content_lang, WCAG 3.1.2)."""
    return Markup("{} ({})").format(content_lang(inst.name), KIND_LABELS[inst.kind])


@lru_cache(maxsize=8192)
def _display_name(name: str, kind: str, locale: str) -> str:  # noqa: ARG001 - the key
    """Translating the kind is most of the cost, and lists name the same units again and
    again; the language is part of the key."""
    return f"{name} ({KIND_LABELS[kind]})"
