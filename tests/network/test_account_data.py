"""The network entry in the account's data export and on account deletion."""

from sqlalchemy import func, select

from consult.auth.models import User
from consult.extensions import db
from consult.network.models import ConsentLog, Member, Visibility, member_topics
from tests.conftest import PASSWORD


def test_export_holds_the_entry_its_visibility_and_consents(client, login_as, member_factory,
                                                            mazowsze):
    user = login_as(email="anna@example.org")
    member = member_factory(user=user, institution=mazowsze["plonsk"], full_name="Anna Nowak",
                            work_phone="+48 23 111 22 33", topics=["budżet obywatelski"],
                            is_coordinator=True, visibility={"work_phone": Visibility.STAFF_ONLY})
    member.announcements_opt_out = True
    db.session.commit()

    exported = client.get("/account/export.json").get_json()["network_member"]
    assert exported["status"] == "approved"
    assert exported["institution"] == {"teryt": "1420011", "name": "Płońsk"}
    assert exported["powiat"]["teryt"] == "1420"
    assert exported["full_name"] == "Anna Nowak"
    assert exported["work_phone"] == "+48 23 111 22 33" and exported["is_coordinator"]
    assert exported["topics"] == ["budżet obywatelski"]
    assert exported["visibility"]["work_phone"] == Visibility.STAFF_ONLY
    assert exported["visibility"]["work_email"] == Visibility.MEMBERS
    assert exported["announcements"] is False
    [consent] = exported["consents"]
    assert consent["given_at"] and consent["choices"]["work_phone"] == Visibility.STAFF_ONLY


def test_export_without_an_entry(client, login_as):
    login_as()
    assert client.get("/account/export.json").get_json()["network_member"] is None


def test_deleting_the_account_deletes_the_entry(client, login_as, member_factory, mazowsze):
    user = login_as(email="anna@example.org")
    member_factory(user=user, institution=mazowsze["plonsk"], topics=["wolontariat"])
    other = member_factory(institution=mazowsze["plonsk"])

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "anna@example.org")) is None
    assert db.session.scalars(select(Member.id)).all() == [other.id]
    assert db.session.scalar(select(func.count()).select_from(ConsentLog)) == 1
    assert db.session.scalar(select(func.count()).select_from(member_topics)) == 0
