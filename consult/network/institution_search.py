"""Finding the JST an official works for, by a piece of its name or its TERYT code.

The search ignores case and Polish letters ("plonsk" finds "Płońsk" and "Powiat płoński")
because it compares with ``Institution.search_name``. Every JST in the register can be
found; those of the region the federation serves (TERYT prefix, configurable) come first,
then names that start with the words typed, then gminas and powiats before województwa.
One query, whatever the number of results.
"""

import re

from flask_babel import gettext as _
from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from consult.core.search import contains_every_word, search_term, too_long_message
from consult.extensions import db
from consult.institutions.models import VOIVODESHIP, Institution
from consult.network import services

LIMIT = 20


def find_institutions(query: str, limit: int = LIMIT) -> list[Institution]:
    """JSTs in the register whose name holds every word of ``query`` (or whose TERYT code
    starts with it), the region's first; at most ``limit``."""
    term = search_term(query)
    words = term.words
    if not words:
        return []
    stmt = (select(Institution).where(Institution.in_register)
            .options(joinedload(Institution.parent)))
    if re.fullmatch(r"\d{2,7}", "".join(words)):
        stmt = stmt.where(Institution.teryt.startswith("".join(words)))
    else:
        stmt = stmt.where(*contains_every_word(Institution.search_name, term))
    first = words[0]
    stmt = stmt.order_by(
        case((Institution.teryt.startswith(services.region_prefix()), 0), else_=1),
        case((Institution.search_name.startswith(first, autoescape=True), 0),
             (Institution.search_name.contains(" " + first, autoescape=True), 1), else_=2),
        case((Institution.kind == VOIVODESHIP, 1), else_=0),
        Institution.search_name,
        Institution.teryt,
    ).limit(limit)
    return list(db.session.scalars(stmt).unique())


def institution_by_id(institution_id: int | None) -> Institution | None:
    if not institution_id:
        return None
    return db.session.scalar(select(Institution).where(Institution.id == institution_id,
                                                       Institution.in_register))


def pick_institution(form, current: Institution | None = None,
                     ) -> tuple[Institution | None, list[Institution]]:
    """A JST picked in a form by a search box: the form's ``institution`` (a select of
    ids), ``institution_q`` (what is typed) and ``find`` (the search button). ``current``
    is the JST saved before, kept while the select still holds it. When Find was pressed,
    an error goes next to the search box if nothing matches, and a single match is chosen
    at once. Returns the chosen JST and the JSTs to offer (the chosen one first)."""
    chosen_id = form.institution.data
    if current is not None and chosen_id == current.id:
        chosen = current
    else:
        chosen = institution_by_id(chosen_id)
    term = search_term(form.institution_q.data)
    found = find_institutions(term.text) if term else []
    if form.find.data and term:
        if term.truncated:
            form.institution_q.errors = [too_long_message()]
        elif not found:
            form.institution_q.errors = [_(
                "No institution matches “%(query)s”. Try a shorter part of its name.",
                query=form.institution_q.data)]
        elif chosen is None and len(found) == 1:
            chosen, form.institution.data = found[0], found[0].id
    options = ([chosen] if chosen is not None else []) + [
        inst for inst in found if chosen is None or inst.id != chosen.id]
    return chosen, options
