"""Demo advice: fifteen sessions over the last five months, most within the demo's funding
project (so its counters are not zero), some without one; for the demo organisations and a
few JST of mazowieckie, one for a group not in the register. Given by the demo staff
member. The pattern is fixed and no day lies in the future; nothing is added when the log
already holds advice."""

from datetime import time, timedelta

from sqlalchemy import func, select

from consult.advice.models import AdviceForm, AdviceSession, TopicCategory
from consult.auth.services import find_user_by_email
from consult.core.timeutil import local_today
from consult.events.demo import PROJECT_NAME
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.institutions.models import Institution, Organisation

STAFF_EMAIL = "staff@example.org"
JST = ("1420011", "1420092", "1462011", "1408011")

# days ago, minutes, organisation (index) or None, JST (index) or None, name not in the
# register, topic, category, form, in the project
SESSIONS = [
    (3, 90, 0, None, "", "Zmiana statutu stowarzyszenia", TopicCategory.STATUTE,
     AdviceForm.IN_PERSON, True),
    (9, 45, 1, None, "", "Sprawozdanie finansowe za rok obrotowy", TopicCategory.FINANCE,
     AdviceForm.PHONE, True),
    (15, 60, None, 0, "", "Konsultacje programu współpracy", TopicCategory.CONSULTATIONS,
     AdviceForm.IN_PERSON, True),
    (22, 120, 2, None, "", "Wniosek w otwartym konkursie ofert", TopicCategory.GRANTS,
     AdviceForm.IN_PERSON, True),
    (30, 30, None, None, "Grupa nieformalna „Sąsiedzi z Raciąża”",
     "Założenie stowarzyszenia zwykłego", TopicCategory.STATUTE, AdviceForm.PHONE, True),
    (37, 60, 0, 1, "", "Inicjatywa lokalna z gminą", TopicCategory.LOCAL_GOVERNMENT,
     AdviceForm.ONLINE, True),
    (45, 90, 1, None, "", "Rozliczenie dotacji", TopicCategory.GRANTS, AdviceForm.ONLINE,
     True),
    (52, 45, None, 2, "", "Regulamin konsultacji z organizacjami",
     TopicCategory.CONSULTATIONS, AdviceForm.ONLINE, True),
    (60, 60, 2, None, "", "Przetwarzanie danych członkiń koła", TopicCategory.DATA_PROTECTION,
     AdviceForm.PHONE, True),
    (71, 150, 0, None, "", "Budżet projektu i wkład własny", TopicCategory.FINANCE,
     AdviceForm.IN_PERSON, True),
    (83, 60, None, 3, "", "Rada działalności pożytku publicznego",
     TopicCategory.LOCAL_GOVERNMENT, AdviceForm.IN_PERSON, True),
    (96, 30, 1, None, "", "Zmiana zarządu w KRS", TopicCategory.STATUTE, AdviceForm.PHONE,
     False),
    (110, 75, 2, None, "", "Sprzedaż na festynie a działalność odpłatna",
     TopicCategory.OTHER, AdviceForm.IN_PERSON, False),
    (124, 45, None, 0, "", "Sprawozdanie z realizacji programu", TopicCategory.OTHER,
     AdviceForm.ONLINE, False),
    (139, 90, 0, None, "", "Mały grant — uproszczona oferta", TopicCategory.GRANTS,
     AdviceForm.ONLINE, False),
]


def seed_advice() -> list[str]:
    staff = find_user_by_email(STAFF_EMAIL)
    if staff is None or db.session.scalar(select(func.count(AdviceSession.id))):
        return []
    project = db.session.scalar(select(FundingProject).where(FundingProject.name == PROJECT_NAME))
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.id)
                                            .limit(3)))
    units = {unit.teryt: unit for unit in db.session.scalars(
        select(Institution).where(Institution.teryt.in_(JST)))}
    today = local_today()
    added = 0
    for n, (days, minutes, org, jst, name, topic, category, form, in_project) in enumerate(
            SESSIONS):
        organisation = organisations[org] if org is not None and org < len(organisations) else None
        unit = units.get(JST[jst]) if jst is not None else None
        if organisation is None and unit is None and not name:
            name = "Stowarzyszenie spoza rejestru"
        db.session.add(AdviceSession(
            held_on=today - timedelta(days=days), start_time=time(9 + n % 8, 0 if n % 2 else 30),
            minutes=minutes, organisation=organisation, institution=unit, advised_name=name,
            topic=topic, category=category, form=form, advisor=staff, created_by=staff,
            funding_project=project if in_project else None))
        added += 1
    return [f"advice: {added} sessions"]
