"""The region's JST as people pick and count them: by name, in Polish alphabetical order,
grouped by powiat.

The region is the województwo the federation serves (``NETWORK_REGION_TERYT``). A city
with powiat rights (*miasto na prawach powiatu*) is one JST that TERC lists twice: as a
powiat-level unit (1462 Płock) and as its gmina (1462011 Płock, gmina miejska). It is
offered and counted once, as the city.
"""

from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from consult.core.text import polish_sort_key
from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    COUNTY_KINDS,
    GMINA_KINDS,
    Institution,
)
from consult.institutions.naming import KIND_LABELS, display_name


def region_prefix() -> str:
    """The TERYT code of the województwo the federation serves (``NETWORK_REGION_TERYT``)."""
    return current_app.config["NETWORK_REGION_TERYT"]


def by_name(units) -> list[Institution]:
    """Units in Polish alphabetical order of their names (then by TERYT code)."""
    return sorted(units, key=lambda unit: (polish_sort_key(unit.name), unit.teryt))


def county_name(unit: Institution, with_voivodeship: bool = False) -> str:
    """A powiat-level unit as people name it: "powiat grodziski", "Płock (miasto na
    prawach powiatu)"; with its województwo where names repeat: "powiat grodziski
    (mazowieckie)". TERC names a powiat by its adjective alone ("grodziski")."""
    details = [] if unit.kind == COUNTY else [str(KIND_LABELS[unit.kind])]
    if with_voivodeship and unit.parent is not None:
        details.append(unit.parent.name)
    name = unit.name
    if unit.kind == COUNTY and not name.lower().startswith("powiat "):
        name = _("%(name)s county", name=name)
    return f"{name} ({', '.join(details)})" if details else name


def county_labels(units: list[Institution]) -> dict[int, str]:
    """``county_name`` of each unit, with the województwo for the names that repeat."""
    repeated = Counter(county_name(unit) for unit in units)
    return {unit.id: county_name(unit, with_voivodeship=repeated[county_name(unit)] > 1)
            for unit in units}


def institution_label(institution: Institution) -> str:
    """"Płońsk (urban municipality), Powiat płoński (county), TERYT 1420011": the kind
    and the parent tell apart the town and the rural gmina of the same name."""
    parts = [display_name(institution)]
    if institution.parent is not None:
        parts.append(display_name(institution.parent))
    parts.append(f"TERYT {institution.teryt}")
    return ", ".join(parts)


@dataclass
class County:
    """A powiat-level unit of the region and its JST."""

    unit: Institution  # the powiat, or the city with powiat rights
    gminas: list[Institution] = field(default_factory=list)  # by name; none for a city
    # The city's own gmina: the same JST as the city, under its gmina-level code.
    city_gmina: list[Institution] = field(default_factory=list)

    @property
    def jsts(self) -> list[Institution]:
        """The JST of the powiat, each once: the powiat itself first, then its gminas."""
        return [self.unit, *self.gminas]


def region_counties(prefix: str | None = None) -> list[County]:
    """The region's powiat-level units still in TERC, each with its gminas, in Polish
    alphabetical order. One query. A gmina whose powiat is not loaded is left out."""
    prefix = region_prefix() if prefix is None else prefix
    units = db.session.scalars(select(Institution).where(
        Institution.teryt.startswith(prefix, autoescape=True),
        Institution.kind.in_((*COUNTY_KINDS, *GMINA_KINDS)),
        Institution.in_register.is_(True)).order_by(Institution.teryt)).all()
    counties: dict[str, County] = {}
    for unit in units:  # by TERYT: a powiat comes before its gminas
        if unit.kind in COUNTY_KINDS:
            counties[unit.teryt] = County(unit=unit)
        elif (county := counties.get(unit.teryt[:4])) is not None:
            (county.city_gmina if county.unit.kind == CITY_COUNTY
             else county.gminas).append(unit)
    for county in counties.values():
        county.gminas = by_name(county.gminas)
    return sorted(counties.values(),
                  key=lambda county: (polish_sort_key(county.unit.name), county.unit.teryt))


def county_choices(counties: list[County], keep: Institution | None = None
                   ) -> list[tuple[int, str]]:
    """The region's powiats and cities with powiat rights to choose from, by name; ``keep``
    (an event's county from elsewhere or no longer in TERC) stays among them."""
    units = [county.unit for county in counties]
    if keep is not None and keep not in units:
        units = by_name([*units, keep])
    labels = county_labels(units)
    return [(unit.id, labels[unit.id]) for unit in units]


@dataclass
class PlaceGroup:
    """JST offered together: a powiat's, or those chosen before from elsewhere."""

    label: str
    options: list[tuple[int, str]]  # institution id, name as people say it


def jst_groups(counties: list[County], chosen: list[Institution]) -> list[PlaceGroup]:
    """Every JST of the region grouped by powiat (a city with powiat rights once), and the
    ``chosen`` ones found in no group (from elsewhere, no longer in TERC, or a city's
    gmina-level code) in a last group, so that nothing chosen before is lost."""
    labels = county_labels([county.unit for county in counties])
    chosen_ids = {inst.id for inst in chosen}
    groups, offered = [], set()
    for county in counties:
        units = county.jsts + [unit for unit in county.city_gmina if unit.id in chosen_ids]
        options = [(unit.id, labels[unit.id] if unit is county.unit else display_name(unit))
                   for unit in units]
        groups.append(PlaceGroup(label=labels[county.unit.id], options=options))
        offered.update(unit.id for unit in units)
    elsewhere = by_name(inst for inst in chosen if inst.id not in offered)
    if elsewhere:
        groups.append(PlaceGroup(label=_("Chosen before, outside the region"),
                                 options=[(inst.id, institution_label(inst))
                                          for inst in elsewhere]))
    return groups


def institutions_by_ids(ids) -> list[Institution]:
    """The institutions of these ids, by name (unknown ids are left out)."""
    ids = [i for i in ids or () if i]
    if not ids:
        return []
    return by_name(db.session.scalars(select(Institution).where(Institution.id.in_(ids))))
