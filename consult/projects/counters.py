"""A project's live counters, computed from the record whenever they are shown: nobody
updates them by hand (the seed sites' counters read 0 because somebody had to).

They are the impact figures (``consult.events.impact``) of the project's events, with its
advice: people who attended its held events (each person once), organisations and JST met
at them or advised (each once: a merged duplicate is one organisation), events held, hours
of trainings and meetings, kilometres travelled, and hours of advice. The figures of every
project come from the same few aggregate queries, however many projects there are.
"""

from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from consult.advice import queries as advice
from consult.core.timeutil import minutes_as_hours
from consult.events import impact

# What each counter is called after its number (the home page's words); the field names
# are the API's keys.
LABELS = {
    "recipients": _l("people reached"),
    "organisations": _l("organisations reached"),
    "institutions": _l("local governments (JST) reached"),
    "events_held": _l("events held"),
    "training_hours": _l("hours of trainings and meetings"),
    "advice_hours": _l("hours of advice"),
    "kilometres": _l("kilometres travelled"),
}


@dataclass(frozen=True)
class Counters:
    recipients: int = 0
    organisations: int = 0
    institutions: int = 0
    events_held: int = 0
    training_hours: Decimal = Decimal(0)
    advice_hours: Decimal = Decimal(0)
    kilometres: int = 0

    def items(self) -> list[tuple[str, str, int | Decimal]]:
        """(name, label, value) of every counter, in the order shown."""
        return [(f.name, str(LABELS[f.name]), getattr(self, f.name)) for f in fields(self)]

    def as_json(self) -> dict:
        return {name: float(value) if isinstance(value, Decimal) else value
                for name, value in asdict(self).items()}


def from_figures(figures: impact.Figures, advice_minutes: int) -> Counters:
    return Counters(recipients=figures.people, organisations=figures.organisations,
                    institutions=figures.institutions, events_held=figures.events,
                    training_hours=figures.hours, advice_hours=minutes_as_hours(advice_minutes),
                    kilometres=figures.kilometres)


def of_project(project_id: int) -> Counters:
    return from_figures(impact.figures(impact.Filters(project_id=project_id), with_advice=True),
                        advice.advice_minutes(project_id))


def of_every_project() -> dict[int, Counters]:
    """Project id → its counters (a project with nothing yet counts zero: missing here)."""
    figures = impact.figures_by_project()
    minutes = {key: value for key, value in advice.minutes_by_project().items()
               if key is not None}
    return {project_id: from_figures(figures.get(project_id, impact.Figures()),
                                     minutes.get(project_id, 0))
            for project_id in figures.keys() | minutes.keys()}
