"""Answers are anonymous: no table links a response or an answer to an invitation or an
account, on the schema and in the data."""

import re
from datetime import timedelta

from sqlalchemy import inspect, select

from consult.cooperation.services import warsaw_today
from consult.extensions import db
from consult.research.links import invitation_hash, resume_hash
from consult.research.models import Invitation, SurveyAnswer, SurveyResponse
from tests.research.invite import invite

ANSWER_TABLES = ("research_responses", "research_answers")
PERSONAL = re.compile(r"email|mail|user|invitation|token|ip|address|account|time|_at$")


def test_no_column_of_the_answers_leads_to_an_invitation_or_an_account(app):
    for name in ANSWER_TABLES:
        table = db.metadata.tables[name]
        for column in table.columns:
            assert not PERSONAL.search(column.name), f"{name}.{column.name}"
            for key in column.foreign_keys:
                assert key.column.table.name not in ("research_invitations", "users"), \
                    f"{name}.{column.name} → {key.column.table.name}"
    # The database itself agrees with the models.
    inspector = inspect(db.engine)
    for name in ANSWER_TABLES:
        referred = {key["referred_table"] for key in inspector.get_foreign_keys(name)}
        assert not referred & {"research_invitations", "users"}
        assert not any(PERSONAL.search(c["name"]) for c in inspector.get_columns(name))
    # An invitation records only that it was used, never when.
    invitation_columns = {c.name for c in db.metadata.tables["research_invitations"].columns}
    assert "used" in invitation_columns
    assert not invitation_columns & {"used_at", "used_on", "answered_at", "response_id",
                                     "finished_at"}


def test_no_value_of_an_answer_repeats_an_invitation(app, client, diagnosis_factory):
    today = warsaw_today()
    diagnosis = diagnosis_factory(opens_on=today - timedelta(days=1),
                                  closes_on=today + timedelta(days=9))
    tokens = [invite(app, diagnosis, f"osoba{n}@example.org", key)
              for n, key in enumerate(("ngo", "ngo", "officials"))]
    for n, token in enumerate(tokens):
        url = f"/survey/i/{token}"
        first = diagnosis.areas[0].indicators
        client.post(url, data={"page": 1, "action": "next", f"q{first[0].id}": str(n)})
        text = diagnosis.areas[3].indicators[2]
        client.post(url, data={"page": 4, "action": "send", f"q{text.id}": f"Uwagi {n}"})
    db.session.expire_all()
    invitations = list(db.session.scalars(select(Invitation)))
    assert all(invitation.used for invitation in invitations)
    secrets = set()
    for invitation, token in zip(invitations, tokens, strict=True):
        secrets |= {str(invitation.id), invitation.email, invitation.token_hash, token,
                    invitation_hash(token), resume_hash(token)}
        # A used link's response can no longer be found by it.
        assert db.session.scalar(select(SurveyResponse).where(
            SurveyResponse.resume_hash == resume_hash(token))) is None
    rows = [*db.session.scalars(select(SurveyResponse)), *db.session.scalars(select(SurveyAnswer))]
    assert len(rows) > 3
    long_secrets = {s for s in secrets if len(s) > 3}
    short_secrets = secrets - long_secrets  # the invitations' ids
    for row in rows:
        values = {c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs}
        for key, value in values.items():
            text = "" if value is None else str(value)
            assert not any(secret in text for secret in long_secrets), (key, text)
            # A response's or answer's own ids and its question's id are not the
            # invitation's; no other column may hold an invitation's id.
            if key not in ("id", "diagnosis_id", "group_id", "indicator_id", "response_id",
                           "choice", "number"):
                assert text not in short_secrets, (key, text)
    # Responses carry days only, never times.
    for response in db.session.scalars(select(SurveyResponse)):
        assert response.started_on == today and response.finished_on == today
        assert response.resume_hash is None
