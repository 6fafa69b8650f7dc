"""The directory's parts that every page shows (coverage line, filter lists) are kept per
process between changes: each change shows on the next view."""

from consult.extensions import db
from consult.network.models import MemberStatus
from tests.network.conftest import topic_named


def test_the_directory_follows_members_and_topics_at_once(client, member_factory, mazowsze):
    member_factory(institution=mazowsze["plonsk"])
    pending = member_factory(institution=mazowsze["raciaz"], status=MemberStatus.PENDING)

    def page() -> str:
        return client.get("/network/").get_data(as_text=True)

    assert "w 1 z 5 samorządów" in page()
    assert "budżet obywatelski" not in page()
    topic_named("budżet obywatelski")
    pending.status = MemberStatus.APPROVED
    db.session.commit()
    assert "budżet obywatelski" in page()
    assert "w 2 z 5 samorządów" in page()
