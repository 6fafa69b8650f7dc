"""A person's comments and subscriptions in their data export and on account deletion."""

from sqlalchemy import select

from consult.auth.models import User
from consult.consultations.choices import ORGANISATION
from consult.consultations.models import Comment, Subscription
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import PASSWORD
from tests.consultations.conftest import comment_on


def test_export_lists_comments_and_subscriptions(client, login_as, consultation_factory):
    user = login_as(email="maria@example.org", full_name="Maria Łęcka")
    consultation = consultation_factory()
    comment_on(consultation, user, body="Dopisać wolontariat", section=consultation.sections[1],
               on_behalf=ORGANISATION, organisation_name="Fundacja Łąka",
               organisation_krs="0000111222")
    db.session.add(Subscription(email=user.email, user_id=user.id, token="s" * 40,
                                consultation_id=consultation.id, confirmed_at=utcnow()))
    db.session.commit()
    exported = client.get("/account/export.json").get_json()
    [comment] = exported["consultation_comments"]
    assert comment["body"] == "Dopisać wolontariat"
    assert comment["organisation_name"] == "Fundacja Łąka"
    assert comment["section"] == "§ 1 Cel główny"
    assert exported["account"]["comment_organisation"] == {  # offered in the next form
        "name": "Fundacja Łąka", "register_number": "0000111222"}
    [subscription] = exported["consultation_subscriptions"]
    assert subscription["consultation"] == consultation.title


def test_deleting_the_account_keeps_comments_anonymised(client, login_as, consultation_factory):
    user = login_as(email="maria@example.org", full_name="Maria Łęcka")
    consultation = consultation_factory()
    private = comment_on(consultation, user, body="Uwaga prywatna", show_name=True)
    for_org = comment_on(consultation, user, body="Uwaga organizacji", on_behalf=ORGANISATION,
                         organisation_name="Fundacja Łąka")
    db.session.add(Subscription(email=user.email, token="s" * 40,
                                institution_id=consultation.institution_id,
                                confirmed_at=utcnow()))
    db.session.commit()
    assert private.public_author == "Maria Łęcka"

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "maria@example.org")) is None
    private, for_org = db.session.get(Comment, private.id), db.session.get(Comment, for_org.id)
    assert private.body == "Uwaga prywatna" and for_org.body == "Uwaga organizacji"
    assert private.author_id is None and private.author_name is None
    assert "Maria" not in private.public_author
    assert private.public_author.endswith("1")
    assert for_org.public_author == "Fundacja Łąka"
    assert db.session.scalar(select(Subscription)) is None


def test_an_unproved_address_neither_shows_nor_ends_its_owners_follows(
        client, login_as, consultation_factory):
    """Someone signs up with another person's address and never confirms it: that person's
    follows are not in the export, and deleting the account leaves them alone."""
    consultation = consultation_factory()
    db.session.add(Subscription(email="maria@example.org", token="s" * 40,
                                consultation_id=consultation.id, confirmed_at=utcnow()))
    db.session.commit()
    login_as(email="maria@example.org", verified=False)
    assert client.get("/account/export.json").get_json()["consultation_subscriptions"] == []
    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert db.session.scalar(select(User).where(User.email == "maria@example.org")) is None
    assert db.session.scalar(select(Subscription)) is not None
