"""A closed consultation with comments of every kind, for the report, export and adopted
version tests."""

from dataclasses import dataclass
from datetime import timedelta

from consult.consultations import services
from consult.consultations.models import Comment, Consultation
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.consultations.conftest import comment_on

ORGANISATION = "Stowarzyszenie Aktywni Razem"


@dataclass
class Record:
    consultation: Consultation
    org_comment: Comment      # on § 1, for an organisation, accepted
    general_comment: Comment  # on the whole document, by a private person
    later_comment: Comment    # on § 2 (a formula typed as the comment), same organisation
    maria: object
    jan: object


def closed_consultation(consultation_factory, user_factory, answer=True):
    """Płońsk's programme, closed a minute ago, with three published comments (two by one
    organisation, one by a private person), one hidden and one withdrawn."""
    consultation = consultation_factory(report_prepared_by="Anna Nowak, koordynatorka")
    chapter, first, second = consultation.sections
    maria = user_factory(full_name="Maria Łęcka", email="maria@example.org")
    jan = user_factory(full_name="Jan Kowalski", email="jan@example.org")
    ola = user_factory(full_name="Ola Wycofana", email="ola@example.org")
    later = comment_on(consultation, maria, body="=HYPERLINK(\"http://evil.example\")",
                       section=second, on_behalf="organisation",
                       organisation_name="stowarzyszenie  aktywni razem",
                       organisation_krs="123456")
    org = comment_on(consultation, maria, body="Dodać cel dotyczący wolontariatu.",
                     section=first, proposed_text="Celem głównym programu jest budowanie "
                     "partnerstwa i rozwój wolontariatu.",
                     justification="Wolontariat wzmacnia organizacje.",
                     on_behalf="organisation", organisation_name=ORGANISATION,
                     organisation_krs="123456")
    general = comment_on(consultation, jan, body="Program powinien mieć harmonogram.")
    hidden = comment_on(consultation, jan, body="Spam spam", section=first)
    withdrawn = comment_on(consultation, ola, body="Jednak nie.", section=second)
    moderator = user_factory(role="staff", full_name="Moderatorka")
    services.hide_comment(hidden, moderator, "Reklama")
    services.withdraw_comment(withdrawn, ola)
    consultation.closes_at = utcnow().replace(microsecond=0) - timedelta(minutes=1)
    db.session.commit()
    if answer:
        answer_all(Record(consultation, org, general, later, maria, jan), moderator)
    return Record(consultation, org, general, later, maria, jan)


def answer_all(record: Record, official) -> None:
    services.answer_comment(record.org_comment, official, "accepted",
                            "Uwzględniono: dopisano rozwój wolontariatu.")
    services.answer_comment(record.general_comment, official, "rejected",
                            "Harmonogram zawiera roczny plan działań.")
    services.answer_comment(record.later_comment, official, "not_applicable",
                            "Uwaga nie dotyczy projektu.")
    db.session.commit()
