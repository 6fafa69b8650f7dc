"""Fixtures of the cooperation monitor's tests: a small region (a piece of Mazowsze) and
records of its programme cycle across two years."""

from datetime import date

import pytest

from consult.consultations.choices import ANNUAL
from consult.cooperation.models import CycleRecord, Step
from consult.cooperation.services import warsaw_today
from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    RURAL_GMINA,
    URBAN_GMINA,
    URBAN_RURAL_GMINA,
    VOIVODESHIP,
)

BIP = "https://bip.example.gov.pl"


@pytest.fixture
def jst(institution_factory):
    """Mazowieckie with the powiat płoński (three gminas) and the city county Płock (with
    the gmina TERC lists for it), and a powiat of another województwo. By short name."""
    woj = institution_factory(teryt="14", name="mazowieckie", kind=VOIVODESHIP)
    plonski = institution_factory(teryt="1420", name="płoński", kind=COUNTY, parent=woj)
    plonsk = institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                                 parent=plonski)
    raciaz = institution_factory(teryt="1420043", name="Raciąż", kind=URBAN_RURAL_GMINA,
                                 parent=plonski)
    baboszewo = institution_factory(teryt="1420022", name="Baboszewo", kind=RURAL_GMINA,
                                    parent=plonski)
    plock = institution_factory(teryt="1462", name="Płock", kind=CITY_COUNTY, parent=woj)
    plock_gmina = institution_factory(teryt="1462011", name="Płock", kind=URBAN_GMINA,
                                      parent=plock)
    poznanski = institution_factory(teryt="3021", name="poznański", kind=COUNTY)
    return {"woj": woj, "plonski": plonski, "plonsk": plonsk, "raciaz": raciaz,
            "baboszewo": baboszewo, "plock": plock, "plock_gmina": plock_gmina,
            "poznanski": poznanski}


@pytest.fixture
def record_factory(app):
    """A record of the cycle as someone entered it (``services.record`` without its checks,
    so that any history can be built)."""

    def factory(institution, step, year, happened_on=None, reference="", source_url=None,
                withdrawn=False, note="", entered_by=None):
        record = CycleRecord(
            institution_id=institution.id, year=year, step=step, happened_on=happened_on,
            reference=reference, withdrawn=withdrawn, note=note,
            source_url=f"{BIP}/{institution.teryt}/{step}/{year}" if source_url is None
            else source_url,
            entered_by_id=entered_by.id if entered_by else None)
        db.session.add(record)
        db.session.commit()
        return record

    return factory


@pytest.fixture
def this_year(app):
    """The programme year now carried out (this year in Warsaw)."""
    return warsaw_today().year


@pytest.fixture
def cycle(jst, record_factory, consultation_factory, this_year, user_factory):
    """Six JST of the region with this year's and last year's cycle:

    this year (adoption due 30 Nov of last year, the report not due yet):
      Płońsk — consulted here, adopted on time (20 Nov), standing rules recorded;
      Raciąż — consulted elsewhere, adopted late (15 Dec);
      Baboszewo — nothing (missing);
      powiat płoński — adopted on the deadline day, then corrected (a newer record);
      Płock — adopted, then withdrawn (missing);
      województwo — adopted on time (2 Nov).
    last year: Płońsk adopted and reported on time; Raciąż reported late; the rest
    nothing (missing).
    """
    year, last = this_year, this_year - 1
    staff = user_factory(role="staff", full_name="Ewa Rejestratorka")
    plonsk, raciaz = jst["plonsk"], jst["raciaz"]
    consultation = consultation_factory(
        title=f"Program współpracy Gminy Płońsk na {year} r.", institution=plonsk,
        kind=ANNUAL, year=year)
    records = {
        "plonsk": record_factory(plonsk, Step.ADOPTED, year, date(year - 1, 11, 20),
                                 f"XII/85/{year - 1}", entered_by=staff,
                                 note="z BIP gminy"),
        "plonsk_rules": record_factory(plonsk, Step.CONSULTATION_RULES, None,
                                       date(2011, 3, 1), "XII/85/2011"),
        "raciaz_elsewhere": record_factory(raciaz, Step.CONSULTED_ELSEWHERE, year,
                                           date(year - 1, 10, 1)),
        "raciaz": record_factory(raciaz, Step.ADOPTED, year, date(year - 1, 12, 15),
                                 f"XV/100/{year - 1}"),
        "plonski_first": record_factory(jst["plonski"], Step.ADOPTED, year,
                                        date(year - 1, 11, 29), "BŁĄD/1"),
        "plonski": record_factory(jst["plonski"], Step.ADOPTED, year,
                                  date(year - 1, 11, 30), f"XX/200/{year - 1}"),
        "plock_adopted": record_factory(jst["plock"], Step.ADOPTED, year,
                                        date(year - 1, 11, 25), "L/1"),
        "plock_withdrawn": record_factory(jst["plock"], Step.ADOPTED, year, withdrawn=True,
                                          note="uchwała unieważniona przez wojewodę",
                                          source_url=f"{BIP}/nadzor"),
        "woj": record_factory(jst["woj"], Step.ADOPTED, year, date(year - 1, 11, 2),
                              f"100/{year - 1}"),
        "plonsk_last": record_factory(plonsk, Step.ADOPTED, last, date(last - 1, 11, 10),
                                      f"XI/70/{last - 1}"),
        "plonsk_last_report": record_factory(plonsk, Step.REPORT_PUBLISHED, last,
                                             date(year, 5, 20)),
        "raciaz_last_report": record_factory(raciaz, Step.REPORT_PUBLISHED, last,
                                             date(year, 6, 15)),
    }
    return {"jst": jst, "records": records, "consultation": consultation, "year": year,
            "last": last, "staff": staff}


# The network's member factory, for the JST page's list of members.
from tests.network.conftest import member_factory  # noqa: E402, F401
