"""Fixtures of the network tests: JSTs of a small piece of Mazowsze and members."""

import secrets

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    RURAL_GMINA,
    URBAN_GMINA,
    URBAN_RURAL_GMINA,
    VOIVODESHIP,
    Institution,
)
from consult.network import services
from consult.network.models import FIELDS, Member, MemberStatus, Topic

_NEW_USER = object()


@pytest.fixture
def mazowsze(institution_factory):
    """Mazowieckie with two powiats: płoński (a powiat with three gminas) and the city
    county Płock (with its gmina). Returned as a dict by short name."""
    woj = institution_factory(teryt="14", name="Województwo mazowieckie", kind=VOIVODESHIP)
    plonski = institution_factory(teryt="1420", name="Powiat płoński", kind=COUNTY,
                                  domains="powiat-plonski.pl", parent=woj)
    plonsk = institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                                 domains="plonsk.pl", parent=plonski)
    raciaz = institution_factory(teryt="1420043", name="Raciąż", kind=URBAN_RURAL_GMINA,
                                 domains="raciaz.pl", parent=plonski)
    baboszewo = institution_factory(teryt="1420022", name="Baboszewo", kind=RURAL_GMINA,
                                    parent=plonski)
    plock = institution_factory(teryt="1462", name="Płock", kind=CITY_COUNTY,
                                domains="plock.eu", parent=woj)
    plock_gmina = institution_factory(teryt="1462011", name="Płock (gmina)", kind=URBAN_GMINA,
                                      parent=plock)
    return {"woj": woj, "plonski": plonski, "plonsk": plonsk, "raciaz": raciaz,
            "baboszewo": baboszewo, "plock": plock, "plock_gmina": plock_gmina}


def topic_named(name: str) -> Topic:
    topic = db.session.scalar(select(Topic).where(Topic.name == name))
    if topic is None:
        topic = Topic(name=name)
        db.session.add(topic)
        db.session.flush()
    return topic


def _default_institution() -> Institution:
    """Płońsk in powiat płoński, created when missing."""
    plonsk = db.session.scalar(select(Institution).where(Institution.teryt == "1420011"))
    if plonsk is not None:
        return plonsk
    from datetime import date

    dates = {"register_date": date(2024, 1, 1)}
    powiat = db.session.scalar(select(Institution).where(Institution.teryt == "1420"))
    if powiat is None:
        powiat = Institution(teryt="1420", name="Powiat płoński", kind=COUNTY, **dates)
    plonsk = Institution(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                         email_domains="plonsk.pl", parent=powiat, **dates)
    db.session.add(plonsk)
    db.session.flush()
    return plonsk


@pytest.fixture
def member_factory(app, user_factory):
    """An entry in the network, approved by default.

    ``visibility`` maps fields to "public" / "members" / "staff" (the rest keep the
    model's defaults); ``topics`` are Topic objects or names (created when missing);
    ``user`` is the account (a new one unless given; None for none); other keyword
    arguments set Member columns (full_name, work_phone, is_coordinator, …).
    """
    counter = iter(range(1, 100_000))

    def factory(institution=None, status=MemberStatus.APPROVED, visibility=None, topics=(),
                user=_NEW_USER, **fields) -> Member:
        n = next(counter)
        if user is _NEW_USER:
            user = user_factory()
        institution = institution or _default_institution()
        member = Member(
            user_id=user.id if user is not None else None,
            institution=institution,
            powiat=services.powiat_of(institution),
            full_name=fields.pop("full_name", f"Urzędniczka Testowa {n}"),
            position=fields.pop("position", "inspektorka ds. współpracy z NGO"),
            department=fields.pop("department", "Wydział Spraw Społecznych"),
            work_email=fields.pop("work_email", f"urzednik{n}@example.gov.pl"),
            work_phone=fields.pop("work_phone", f"+48 23 000 {n:04d}"),
            bio=fields.pop("bio", ""),
            status=status,
            announcements_token=secrets.token_urlsafe(32),
            **fields,
        )
        member.topics = [t if isinstance(t, Topic) else topic_named(t) for t in topics]
        if status == MemberStatus.APPROVED:
            member.approved_at = member.approved_at or services.utcnow()
        choices = {name: member.visibility(name) or default
                   for name, default in _DEFAULTS.items()}
        choices.update(visibility or {})
        db.session.add(member)
        services.set_visibility(member, choices)
        db.session.commit()
        return member

    return factory


# The model's column defaults apply only on INSERT; set_visibility needs them before.
_DEFAULTS = {name: Member.__table__.c[f"{name}_visibility"].default.arg for name in FIELDS}


# --- vCard (RFC 6350) reading, without a vCard library ------------------------------------

def unfold_vcard(text: str) -> list[str]:
    """Content lines: CRLF line breaks, a continuation line starts with a space or tab."""
    assert text.endswith("\r\n"), "a vCard ends with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "bare LF in a vCard"
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    return unfolded[:-2].split("\r\n")


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split at separators not escaped by a backslash, then unescape each part."""
    parts, current, chars = [], [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append("\n" if following in "nN" else following)
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_vcard(text: str) -> dict[str, list[tuple[dict, str]]]:
    """Property name → [(parameters, raw value)], in order. BEGIN/END are checked."""
    lines = unfold_vcard(text)
    assert lines[0] == "BEGIN:VCARD" and lines[-1] == "END:VCARD", lines
    properties: dict[str, list[tuple[dict, str]]] = {}
    for line in lines[1:-1]:
        head, sep, value = line.partition(":")
        assert sep, f"no value in {line!r}"
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params)
        properties.setdefault(name.upper(), []).append((params, value))
    return properties


def vcard_text(properties, name: str) -> str | None:
    """The single text value of a property, unescaped (None when absent)."""
    values = properties.get(name)
    return split_unescaped(values[0][1], "\0")[0] if values else None
