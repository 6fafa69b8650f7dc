"""Fixtures of the consultations tests."""

from datetime import timedelta

import pytest

from consult.consultations.models import Comment, Consultation, Section
from consult.consultations.services import CommentData, slugify, submit_comment
from consult.core.timeutil import utcnow
from consult.extensions import db


@pytest.fixture
def consultation_factory(app, institution_factory):
    """An announced consultation of Płońsk, open from a day ago for another week, with
    three sections (a chapter with two paragraphs) unless ``sections`` is given."""

    def factory(title="Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 r.",
                institution=None, sections=None, opens_in=timedelta(days=-1),
                closes_in=timedelta(days=7), announced=True, **fields):
        now = utcnow().replace(microsecond=0)
        consultation = Consultation(
            slug=fields.pop("slug", None) or slugify(title), title=title,
            institution=institution or institution_factory(),
            opens_at=fields.pop("opens_at", None) or now + opens_in,
            closes_at=fields.pop("closes_at", None) or now + closes_in,
            announced_at=now if announced else None,
            legal_basis=fields.pop("legal_basis", "Uchwała nr XII/85/2011 Rady Miejskiej w "
                                   "Płońsku w sprawie szczegółowego sposobu konsultowania"),
            **fields,
        )
        rows = sections if sections is not None else [
            (1, "Rozdział I", "Postanowienia ogólne", ""),
            (2, "§ 1", "Cel główny", "Celem głównym programu jest budowanie partnerstwa."),
            (2, "§ 2", "Zasady współpracy", "Współpraca opiera się na zasadzie pomocniczości."),
        ]
        consultation.sections = [
            Section(position=i, level=level, number=number, title=heading, text=text)
            for i, (level, number, heading, text) in enumerate(rows)
        ]
        db.session.add(consultation)
        db.session.commit()
        return consultation

    return factory


def comment_on(consultation, user, body="Proponujemy doprecyzować zapis.", section=None,
               **fields) -> Comment:
    """A comment by ``user`` on ``section`` (a Section, or None for the whole document)."""
    data = CommentData(section_id=section.id if section else None, body=body, **fields)
    comment = submit_comment(consultation, user, data)
    db.session.commit()
    return comment


@pytest.fixture
def staff(client, login_as):
    """A staff member signed in on ``client``, with the interface in English."""
    user = login_as("staff", full_name="Anna Urzędniczka")
    client.post("/language", data={"language": "en", "next": "/"})
    return user
