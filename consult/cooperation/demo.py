"""Demo record of the cooperation monitor: 50-odd JST of mazowieckie (the województwo, six
powiats with all the gminas of four of them, the five cities with powiat rights) over the
last three programme years.

Most programmes are adopted on time with a resolution number and a link to the BIP, some
late, a few not at all; reports on time, late or missing; some drafts consulted outside
the platform; one programme annulled and adopted again, one date corrected (so the history
shows both); standing facts (the consultation rules, a council for public benefit, a
multi-annual programme) for some JST. Płońsk's own programmes match its consultations on
the platform (consult.consultations.demo). A few interventions of the federation. Everything
is entered by the demo staff member.

The pattern is fixed (no randomness) and dates never lie in the future. Safe to run again:
a JST's year (or standing fact) that already has a record is left alone. The BIP addresses
are under bip.example.gov.pl, never a real office's.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select

from consult.auth.services import find_user_by_email
from consult.cooperation import interventions
from consult.cooperation.models import (
    CycleRecord,
    Intervention,
    InterventionOutcome,
    InterventionProblem,
    Step,
)
from consult.cooperation.services import (
    Entry,
    adoption_deadline,
    record,
    report_deadline,
    warsaw_today,
)
from consult.core.timeutil import local_to_utc, utcnow
from consult.extensions import db
from consult.institutions.models import CITY_COUNTY, VOIVODESHIP, Institution

STAFF_EMAIL = "staff@example.org"  # consult.demo's staff member
BIP = "https://bip.example.gov.pl"
REGION = "14"  # mazowieckie, the demo's NETWORK_REGION_TERYT
# Powiats whose gminas are all in the demo, and powiats shown on their own.
WITH_GMINAS = ("1402", "1408", "1419", "1420")
POWIATS = (*WITH_GMINAS, "1424", "1428")
PLONSK = "1420011"  # its programmes are consulted on the platform (consultations demo)
# Councils' terms: sessions are numbered from I in each (elections in 2018 and 2024).
TERMS = (date(2024, 5, 7), date(2018, 11, 19), date(2014, 12, 1), date(2010, 12, 1),
         date(2006, 11, 27))

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    text = ""
    for value, letters in ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def resolution_number(day: date, n: int) -> str:
    """A plausible number of a council's resolution: "XLII/312/2025" (the session of the
    term, the resolution of the term, the year)."""
    start = next(term for term in TERMS if day >= term)
    session = (day.year - start.year) * 12 + day.month - start.month + 1 + n % 3
    return f"{roman(session)}/{session * 7 + n % 7}/{day.year}"


def _slug(institution: Institution) -> str:
    return f"jst-{institution.teryt}"


def _demo_institutions() -> list[Institution]:
    chosen = or_(Institution.kind == VOIVODESHIP, Institution.kind == CITY_COUNTY,
                 Institution.teryt.in_(POWIATS),
                 *(Institution.teryt.startswith(code) & (Institution.teryt != code)
                   for code in WITH_GMINAS))
    return list(db.session.scalars(select(Institution).where(
        Institution.teryt.startswith(REGION), Institution.in_register.is_(True), chosen)
        .order_by(Institution.teryt)))


def _programme_years(today: date) -> list[int]:
    """The last three years whose programme had to be adopted by now."""
    newest = today.year + 1 if today > adoption_deadline(today.year + 1) else today.year
    return [newest - 2, newest - 1, newest]


class _Recorder:
    """Adds the entries through the service (so they pass its checks), each entered a
    few days after it happened, and never a date after today."""

    def __init__(self, staff, today: date):
        self.staff, self.today, self.added = staff, today, 0

    def add(self, institution: Institution, step: Step, year: int | None, day: date | None,
            *, reference: str = "", source: str = "", note: str = "",
            withdrawn: bool = False, delay: int = 4, since: date | None = None) -> bool:
        """``since``: the day the entry's delay counts from when it has no date of its
        own (a withdrawal)."""
        if day is not None and day > self.today:
            return False
        added = record(institution, Entry(step=step, year=year, happened_on=day,
                                          reference=reference, source_url=source, note=note,
                                          withdrawn=withdrawn), by=self.staff)
        entered = local_to_utc(datetime.combine((day or since or self.today)
                                                + timedelta(days=delay),
                                                time(10, 15)))
        added.entered_at = min(entered, utcnow())
        self.added += 1
        return True


def _adoption_day(year: int, n: int) -> tuple[date, str]:
    """When the n-th JST adopted ``year``'s programme, and how that went: mostly in the
    second half of November, some late, a few not at all."""
    deadline = adoption_deadline(year)
    variant = (n * 7 + year) % 20
    if variant < 14:
        return deadline - timedelta(days=(n * 5 + year) % 24), "on_time"
    if variant < 17:
        return deadline + timedelta(days=6 + (n * 11 + year) % 70), "late"
    if variant == 19:
        return deadline - timedelta(days=2 + n % 5), "annulled"
    return deadline, "missing"


def _report_day(year: int, n: int) -> date | None:
    variant = (n * 3 + year) % 10
    may = date(year + 1, 5, 31)
    if variant < 7:
        return may - timedelta(days=(n * 13 + year) % 60)
    if variant < 9:
        return may + timedelta(days=5 + (n * 17 + year) % 110)
    return None


def _year(recorder: _Recorder, unit: Institution, year: int, n: int) -> None:
    base = f"{BIP}/{_slug(unit)}"
    adopted_on, how = _adoption_day(year, n)
    on_platform = unit.teryt == PLONSK and year >= recorder.today.year
    if on_platform:
        if year > recorder.today.year:
            return  # its consultation on the platform is still under way or just closed
        adopted_on, how = date(year - 1, 11, 26), "plonsk"  # as the consultation says
    elif unit.teryt == PLONSK:
        adopted_on, how = date(year - 1, 11, 24 + year % 3), "on_time"
    if how == "missing":
        return
    if not on_platform and (n + year) % 5 < 3:
        consulted = adopted_on - timedelta(days=21 + n % 12)
        recorder.add(unit, Step.CONSULTED_ELSEWHERE, year, consulted,
                     source=f"{base}/konsultacje/{year}/program-wspolpracy",
                     note="Konsultacje w formie pisemnych opinii; ogłoszenie w BIP, na "
                          "stronie urzędu i na tablicy ogłoszeń.", delay=2)
    reference = ("XX/150/" + str(year - 1) if how == "plonsk"
                 else resolution_number(adopted_on, n))
    source = f"{base}/uchwaly/{adopted_on.year}/{reference.replace('/', '-').lower()}"
    if how == "annulled":
        if not recorder.add(unit, Step.ADOPTED, year, adopted_on, reference=reference,
                            source=source):
            return
        recorder.add(unit, Step.ADOPTED, year, None, withdrawn=True, since=adopted_on,
                     delay=30,
                     note="Uchwała unieważniona rozstrzygnięciem nadzorczym Wojewody "
                          "Mazowieckiego (brak informacji o przebiegu konsultacji).")
        adopted_on += timedelta(days=55)
        reference = resolution_number(adopted_on, n + 1)
        source = f"{base}/uchwaly/{adopted_on.year}/{reference.replace('/', '-').lower()}"
    elif n % 17 == 5:  # a wrong date entered first, then corrected
        recorder.add(unit, Step.ADOPTED, year, adopted_on + timedelta(days=10),
                     reference=reference, source=source, delay=1)
        recorder.add(unit, Step.ADOPTED, year, adopted_on, reference=reference,
                     source=source, note="Poprawiona data podjęcia uchwały (pomyłka przy "
                                         "wpisie).", delay=12)
        _report(recorder, unit, year, n, base)
        return
    recorder.add(unit, Step.ADOPTED, year, adopted_on, reference=reference, source=source)
    _report(recorder, unit, year, n, base)


def _report(recorder: _Recorder, unit: Institution, year: int, n: int, base: str) -> None:
    day = _report_day(year, n)
    if day is not None:
        recorder.add(unit, Step.REPORT_PUBLISHED, year, day,
                     source=f"{base}/sprawozdania/{year + 1}/sprawozdanie-z-realizacji-"
                            f"programu-wspolpracy-{year}")


def _standing(recorder: _Recorder, unit: Institution, n: int, known: set) -> None:
    base = f"{BIP}/{_slug(unit)}"
    if n % 3 == 0 and (unit.id, None, Step.CONSULTATION_RULES) not in known:
        day = date(2010, 9, 1) + timedelta(days=n * 23)
        reference = resolution_number(day, n)
        recorder.add(unit, Step.CONSULTATION_RULES, None, day, reference=reference,
                     source=f"{base}/uchwaly/{day.year}/{reference.replace('/', '-').lower()}")
    if n % 4 == 1 and (unit.id, None, Step.BENEFIT_COUNCIL) not in known:
        day = date(2015, 3, 1) + timedelta(days=n * 41)
        recorder.add(unit, Step.BENEFIT_COUNCIL, None, day,
                     source=f"{base}/rada-dzialalnosci-pozytku-publicznego",
                     note="Rada powołana na wniosek organizacji; kadencja 3 lata.")
    if n % 6 == 2 and (unit.id, None, Step.MULTIANNUAL) not in known:
        day = date(2020, 11, 20) + timedelta(days=n % 9)
        reference = resolution_number(day, n)
        recorder.add(unit, Step.MULTIANNUAL, None, day, reference=reference,
                     source=f"{base}/uchwaly/{day.year}/{reference.replace('/', '-').lower()}",
                     note="Wieloletni program współpracy na lata 2021–2025.")


def seed_cooperation() -> list[str]:
    staff = find_user_by_email(STAFF_EMAIL)
    units = _demo_institutions()
    if staff is None or not units:
        return []
    today = warsaw_today()
    years = _programme_years(today)
    known = set(db.session.execute(
        select(CycleRecord.institution_id, CycleRecord.year, CycleRecord.step)
        .where(CycleRecord.institution_id.in_([unit.id for unit in units]))))
    recorded_years = {(institution_id, year) for institution_id, year, _step in known}
    recorder = _Recorder(staff, today)
    for n, unit in enumerate(units):
        for year in years:
            if (unit.id, year) not in recorded_years:
                _year(recorder, unit, year, n)
        _standing(recorder, unit, n, known)
    report = []
    if recorder.added:
        db.session.flush()
        report.append(f"cooperation: {recorder.added} records for {len(units)} JST, "
                      f"programmes {years[0]}–{years[-1]}")
    return report + _seed_interventions(staff, units, years, today)


def _seed_interventions(staff, units: list[Institution], years: list[int], today: date
                        ) -> list[str]:
    """Three interventions, unless there are some: to a JST that adopted a programme late
    (resolved, its summary published), to one that did not adopt the newest (pending, its
    follow-up due) and to one whose report is missing (partly resolved)."""
    if db.session.scalar(select(Intervention.id).limit(1)) is not None:
        return []
    late = next(((n, unit) for n, unit in enumerate(units)
                 if _adoption_day(years[-2], n)[1] == "late"), None)
    missing = next(((n, unit) for n, unit in enumerate(units)
                    if _adoption_day(years[-1], n)[1] == "missing"), None)
    no_report = next(((n, unit) for n, unit in enumerate(units)
                      if _report_day(years[0], n) is None), None)
    added = 0
    if late is not None:
        n, unit = late
        year, adopted_on = years[-2], _adoption_day(years[-2], n)[0]
        made = interventions.create(unit, interventions.InterventionData(
            sent_on=adoption_deadline(year) + timedelta(days=3),
            subject=f"Wezwanie do uchwalenia programu współpracy na {year} r.",
            problem=InterventionProblem.PROGRAMME_NOT_ADOPTED,
            details="Program nie został uchwalony w terminie z art. 5a ust. 1 ustawy.",
            reply_on=adopted_on, reply="Rada uchwaliła program na najbliższej sesji.",
            outcome=InterventionOutcome.RESOLVED,
            public_summary=f"Federacja wezwała do uchwalenia programu współpracy na {year} r.; "
                           "rada uchwaliła go z opóźnieniem."), staff)
        interventions.publish(made, staff)
        added += 1
    if missing is not None:
        unit = missing[1]
        sent_on = min(adoption_deadline(years[-1]) + timedelta(days=5), today)
        interventions.create(unit, interventions.InterventionData(
            sent_on=sent_on,
            subject=f"Brak programu współpracy na {years[-1]} r.",
            problem=InterventionProblem.PROGRAMME_NOT_ADOPTED,
            details="Prosimy o informację, kiedy rada zajmie się projektem programu.",
            follow_up_on=max(sent_on, today - timedelta(days=2))), staff)
        added += 1
    if no_report is not None:
        unit = no_report[1]
        interventions.create(unit, interventions.InterventionData(
            sent_on=report_deadline(years[0]) + timedelta(days=30),
            subject=f"Sprawozdanie z realizacji programu współpracy za {years[0]} r.",
            problem=InterventionProblem.REPORT_MISSING,
            details="Sprawozdanie nie zostało opublikowane w BIP do 31 maja.",
            reply_on=report_deadline(years[0]) + timedelta(days=44),
            reply="Sprawozdanie zostanie opublikowane po przyjęciu przez radę.",
            outcome=InterventionOutcome.PARTLY_RESOLVED), staff)
        added += 1
    if not added:
        return []
    db.session.flush()
    return [f"cooperation: {added} interventions"]
