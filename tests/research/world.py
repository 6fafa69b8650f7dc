"""A diagnosis for the walks over every route (tests/test_permissions.py and
tests/test_security_baseline.py): its ids, and the secrets of its links."""

from dataclasses import dataclass
from datetime import timedelta

from consult.cooperation.services import warsaw_today
from consult.extensions import db
from consult.research import invitations, services
from consult.research.models import Diagnosis, DiagnosisStatus
from consult.research.template import apply_default_template
from tests.research.invite import invite


@dataclass
class ResearchRef:
    diagnosis_id: int
    group_id: int
    area_id: int
    indicator_id: int
    personal_token: str = ""  # a sent, unused invitation's link (an open diagnosis only)
    open_token: str = ""  # the first group's open link (an open diagnosis only)


def research_diagnosis(app, institution_id: int, status=DiagnosisStatus.DRAFT,
                       slug: str | None = None) -> ResearchRef:
    """A diagnosis with the default questionnaire; an open one takes answers today, has an
    invitation sent (and not used) and its first group's open link on."""
    with app.test_request_context():
        today = warsaw_today()
        number = db.session.scalar(db.select(db.func.count()).select_from(Diagnosis)) + 1
        diagnosis = Diagnosis(
            slug=slug or f"diagnoza-{number}",
            institution_id=institution_id, year=today.year, title="Diagnoza współpracy",
            status=status, opens_on=today - timedelta(days=2),
            closes_on=today + timedelta(days=20), min_group_answers=5)
        apply_default_template(diagnosis)
        db.session.add(diagnosis)
        db.session.commit()
        ref = ResearchRef(diagnosis.id, diagnosis.groups[0].id, diagnosis.areas[0].id,
                          diagnosis.areas[0].indicators[0].id)
        if status == DiagnosisStatus.OPEN:
            ref.open_token = services.turn_open_link_on(diagnosis.groups[0])
            db.session.commit()
            ref.personal_token = invite(app, diagnosis, f"zaproszona-{diagnosis.id}@example.org")
    return ref


def waiting_invitation(app, diagnosis_id: int) -> None:
    """An address added and not yet sent."""
    with app.test_request_context():
        diagnosis = db.session.get(Diagnosis, diagnosis_id)
        invitations.add_invitations(diagnosis, [invitations.Entry(
            f"czeka-{diagnosis_id}@example.org", diagnosis.groups[1])])
        db.session.commit()
