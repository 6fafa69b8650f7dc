"""The demo network of `flask seed-demo`: topics, 40+ members in several mazowieckie powiats
with mixed visibility, some waiting, one rejected; safe to run twice."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.network.demo import DEMO_MEMBERS, TOPICS
from consult.network.models import FIELDS, ConsentLog, Member, MemberStatus, Topic
from consult.network.services import email_in_official_domain


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_network_is_varied_and_survives_a_second_run(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    assert [t.name for t in db.session.scalars(select(Topic).order_by(Topic.position))] == TOPICS
    members = db.session.scalars(select(Member)).all()
    assert len(members) == len(DEMO_MEMBERS) >= 40
    statuses = [m.status for m in members]
    assert statuses.count(MemberStatus.APPROVED) >= 30
    assert statuses.count(MemberStatus.REJECTED) == 1
    assert statuses.count(MemberStatus.PENDING) >= 3
    assert statuses.count(MemberStatus.EMAIL_PENDING) >= 1
    approved = [m for m in members if m.status == MemberStatus.APPROVED]
    assert len({m.powiat_id for m in approved}) >= 6
    assert all(m.institution.teryt.startswith("14") and m.powiat for m in members)
    assert sum(m.is_coordinator for m in approved) >= 10
    for name in FIELDS:  # every field is hidden by someone and shown by someone
        assert len({m.visibility(name) for m in members}) >= 2, name
    assert all(m.consents and m.search_public for m in members)
    assert any(m.announcements_opt_out for m in approved)
    joanna = next(m for m in members if m.full_name == "Joanna Urzędniczka")
    assert joanna.user is not None and joanna.user.email == "urzednik@plonsk.pl"
    # Requests waiting for staff do not come from the institution's official domain.
    assert not any(email_in_official_domain(m.work_email, m.institution)
                   for m in members if m.status == MemberStatus.PENDING)

    counts = (count(Member), count(Topic), count(ConsentLog))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    assert (count(Member), count(Topic), count(ConsentLog)) == counts

    client = app.test_client()
    assert "Katarzyna Malinowska" in client.get("/network/?q=malinowska").get_data(
        as_text=True)
    assert "Tomasz Lewandowski" not in client.get("/network/?q=lewandowski").get_data(
        as_text=True)  # waiting for staff
    assert client.get("/network/coverage").status_code == 200
