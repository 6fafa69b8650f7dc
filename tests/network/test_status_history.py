"""A network member's status history on their staff page: who rejected and approved the
request and why; each member's page shows only their own."""

from consult.network.models import MemberStatus
from tests.history import history_rows
from tests.html import page_of


def test_the_member_page_shows_who_rejected_and_approved_the_request(
        client, staff, member_factory, mazowsze):
    member = member_factory(institution=mazowsze["plonsk"], status=MemberStatus.PENDING,
                            full_name="Jan Urzędnik")
    other = member_factory(institution=mazowsze["raciaz"], status=MemberStatus.PENDING,
                           full_name="Ola Wiejska")
    url = f"/manage/network/members/{member.id}"
    client.post(f"{url}/reject", data={"reason": "Brak potwierdzenia zatrudnienia."})
    client.post(f"{url}/approve")

    page = page_of(client.get(url))

    assert history_rows(page, "member-status-history") == [
        ["waiting for approval", "rejected", "Anna Organizatorka",
         "Brak potwierdzenia zatrudnienia."],
        ["rejected", "approved", "Anna Organizatorka", ""],
    ]
    assert "The status has not changed yet." in page_of(
        client.get(f"/manage/network/members/{other.id}")).text_by_id("member-status-history")
