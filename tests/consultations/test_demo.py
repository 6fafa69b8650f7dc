"""The demo consultations of `flask seed-demo`: an open programme with all 11 statutory
elements, and a closed one with every comment answered and the report published."""

from sqlalchemy import func, select

from consult.consultations import editing, services
from consult.consultations.models import Comment, Consultation
from consult.extensions import db


def test_demo_has_an_open_and_a_reported_consultation_and_survives_a_second_run(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    consultations = {c.status: c for c in db.session.scalars(select(Consultation))}
    assert set(consultations) == {"open", "reported"}

    current = consultations["open"]
    assert current.institution.teryt == "1420011" and current.is_programme
    assert editing.missing_elements(current) == []
    assert current.meetings and current.meetings[0].type == "consultation_meeting"

    reported = consultations["reported"]
    assert services.report_blockers(reported) == []
    comments = db.session.scalars(select(Comment).where(
        Comment.consultation_id == reported.id)).all()
    assert len(comments) >= 4 and all(c.decision and c.decision_text for c in comments)
    assert reported.final_published_at is not None

    total = db.session.scalar(select(func.count(Comment.id)))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Comment.id))) == total

    client = app.test_client()
    for path in (f"/consultations/{current.slug}/", f"/consultations/{reported.slug}/report",
                 f"/consultations/{reported.slug}/adopted", "/consultations/"):
        assert client.get(path).status_code == 200, path
    assert "Osoba prywatna nr 1" in client.get(
        f"/consultations/{reported.slug}/report").get_data(as_text=True)
