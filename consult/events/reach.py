"""Whom the impact figures reached: each organisation and JST once, by what identifies it,
with the name it is shown by — counted by the figures (``impact``) and listed in a funder's
report (``consult/projects``), so a list and its count can never disagree.

An organisation of the register counts by its id (merged duplicates share it), under its
register name; a name typed but not linked, by its search key ("Fundacja Łódź" = "fundacja
lodz"), unless it is a linked organisation's name. An advised JST counts by its id (TERC
names two gminas "Płońsk"); a JST named at registration, by the name typed.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from consult.core.text import search_key
from consult.events.choices import JST, NGO


@dataclass
class Reached:
    """Key → (name shown, KRS or TERYT or "") for the organisations and the JST."""

    organisations: dict = field(default_factory=dict)
    institutions: dict = field(default_factory=dict)
    linked_names: set = field(default_factory=set)  # search names of linked organisations

    def organisations_shown(self) -> dict:
        """Without a typed name that is a linked organisation's."""
        return {key: value for key, value in self.organisations.items()
                if key not in self.linked_names}


def reached_by(rows) -> dict:
    """Group key → Reached, from rows with the columns ``key``, ``category``, ``name`` (as
    typed), ``organisation_id``, ``register_search_name``, ``register_name``, ``krs``,
    ``institution_id``, ``institution_name``, ``teryt`` (see ``impact._reach_rows`` and
    ``advice.queries.reached``)."""
    by_key: dict = defaultdict(Reached)
    for row in rows:
        reached = by_key[row.key]
        if row.institution_id is not None:
            reached.institutions.setdefault(("jst", row.institution_id),
                                            (row.institution_name, row.teryt or ""))
        if row.organisation_id is not None:
            reached.organisations.setdefault(row.organisation_id,
                                             (row.register_name, row.krs or ""))
            reached.linked_names.add(row.register_search_name)
        elif row.institution_id is None and (key := search_key(row.name)):
            kept = reached.organisations if row.category == NGO else reached.institutions
            if row.category in (NGO, JST):
                kept.setdefault(key, (row.name.strip(), ""))
    return dict(by_key)
