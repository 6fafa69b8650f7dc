"""The privacy rule, channel by channel: a field is shown to an audience only when the
member chose a visibility that audience has; waiting and rejected members appear nowhere.

For every field and every visibility level, one approved member holds a unique marker in
that field (every other field of theirs is neutral). Each kind of viewer — anonymous, a
signed-in person outside the network, an approved member, a member still waiting for
approval, staff — then looks through every channel: the directory page, a search for the
marker, the topic filter, the profile, the vCard, the API (public fields only, whoever
asks) and the staff CSV export (staff only). The marker must be there exactly when the
viewer's audience may see the field.
"""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from consult.extensions import db
from consult.network.models import AUDIENCES, FIELDS, Topic, Visibility
from tests.html import page_of
from tests.network.conftest import topic_named, unfold_vcard

LEVELS = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF_ONLY)
VIEWERS = {  # viewer → audience the rule gives them
    "anonymous": Visibility.PUBLIC,
    "signed_in_outsider": Visibility.PUBLIC,
    "approved_member": Visibility.MEMBERS,
    "pending_member": Visibility.PUBLIC,
    "staff": Visibility.STAFF_ONLY,
}
PHONES = {Visibility.PUBLIC: "+48 600 000 111", Visibility.MEMBERS: "+48 600 000 222",
          Visibility.STAFF_ONLY: "+48 600 000 333"}
NEUTRAL = {"full_name": "Anna Neutralna", "position": "inspektorka",
           "department": "Wydział Ogólny", "work_email": "", "work_phone": "",
           "bio": ""}


def marker(field: str, level: str) -> str:
    """A value found nowhere else; searchable as a whole."""
    if field == "work_phone":
        return PHONES[level]
    if field == "work_email":
        return f"qx-email-{level}@plonsk.pl"
    return f"qx{field.replace('_', '')}{level}qx"


def forms_of(value: str) -> set[str]:
    """The ways a value may be written out (a phone also as a tel: URI, without spaces)."""
    return {value, value.replace(" ", "")}


def every_page(client, path: str) -> str:
    """The directory's pages or the API's, all of them, one after the other."""
    bodies, url = [], path
    while url:
        response = client.get(url)
        assert response.status_code == 200
        bodies.append(response.get_data(as_text=True))
        if response.is_json:
            following = response.get_json().get("next")
            url = urlsplit(following)._replace(scheme="", netloc="").geturl() if following \
                else None
        else:
            links = [e["attrs"]["href"] for e in page_of(response).elements
                     if e["attrs"].get("rel") == "next"]
            url = links[0] if links else None
    assert 1 < len(bodies) < 10
    return "\n".join(bodies)


def results_of(page: str) -> str:
    """The list of results only: the search box and the title repeat what was typed."""
    start = page.index('id="network-members"')
    return page[start:page.index("</section>", start)]


def shown(body: str, value: str) -> bool:
    return any(form in body for form in forms_of(value))


@pytest.fixture
def population(app, member_factory, mazowsze):
    """marker → (member id, field, level, topic id or None), plus markers of members who
    are not approved (all their fields public)."""
    placed = {}
    for field in FIELDS:
        for level in LEVELS:
            value = marker(field, level)
            fields = dict(NEUTRAL)
            topics = []
            if field == "topics":
                # Topic names are public (the staff's list); what is private is that this
                # member works on it. An inactive topic is not offered in the filter, so
                # the name shows on a page only through the member's entry.
                topic = topic_named(value)
                topic.active = False
                topics = [topic]
            else:
                fields[field] = value
            member = member_factory(institution=mazowsze["plonsk"], user=None,
                                    topics=topics,
                                    visibility={name: Visibility.PUBLIC for name in FIELDS} | {
                                        field: level},
                                    **fields)
            placed[value] = (member.id, field, level, topics[0].id if topics else None)
    unlisted = {}
    for status in ("pending", "email_pending", "rejected"):
        value = f"qxunlisted{status.replace('_', '')}qx"
        member = member_factory(institution=mazowsze["raciaz"], user=None, status=status,
                                full_name=f"Ewa {value}", bio=value,
                                work_email=f"{value}@raciaz.pl",
                                visibility={name: Visibility.PUBLIC for name in FIELDS})
        unlisted[value] = member.id
    db.session.execute(update(Topic).values(active=False))  # no topic offered in a filter
    db.session.commit()
    return placed, unlisted


def sign_in(viewer: str, login_as, member_factory, mazowsze) -> None:
    if viewer == "signed_in_outsider":
        login_as("user")
    elif viewer == "approved_member":
        member_factory(institution=mazowsze["plock"], user=login_as("user"))
    elif viewer == "pending_member":
        member_factory(institution=mazowsze["plock"], user=login_as("user"), status="pending",
                       full_name="Ewa qxunlistedownqx")
    elif viewer == "staff":
        login_as("staff")


def visible(level: str, viewer: str) -> bool:
    return level in AUDIENCES[VIEWERS[viewer]]


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_every_channel_shows_a_field_only_to_its_audience(
        client, population, login_as, member_factory, mazowsze, viewer):
    placed, unlisted = population
    sign_in(viewer, login_as, member_factory, mazowsze)
    if viewer == "pending_member":
        unlisted = unlisted | {"qxunlistedownqx": None}

    directory_page = every_page(client, "/network/")
    api_page = every_page(client, "/api/v1/network/members")
    assert "qx" in directory_page and "qx" in api_page  # the channels are not empty
    csv = client.get("/manage/network/members.csv")
    if viewer == "staff":
        assert csv.status_code == 200 and csv.mimetype == "text/csv"
    else:
        assert csv.status_code in (302, 403)
        refused = csv.get_data(as_text=True)  # (its CSRF token may contain "qx" by chance)
        assert not any(value in refused for value in placed)
    csv_body = csv.get_data(as_text=True)

    for value, (member_id, field, level, topic_id) in placed.items():
        expected = visible(level, viewer)
        where = f"{field} ({level}) seen by {viewer}"
        assert shown(directory_page, value) == expected, f"directory: {where}"

        found = results_of(client.get("/network/", query_string={"q": value})
                           .get_data(as_text=True))
        assert (f'id="member-{member_id}"' in found) == expected, f"search: {where}"
        assert shown(found, value) == expected, f"search results: {where}"

        profile = client.get(f"/network/{member_id}")
        assert profile.status_code == 200
        assert shown(profile.get_data(as_text=True), value) == expected, f"profile: {where}"

        vcard = client.get(f"/network/{member_id}/vcard.vcf")
        assert vcard.status_code == 200
        card = "\n".join(unfold_vcard(vcard.get_data(as_text=True)))
        assert shown(card, value) == expected, f"vCard: {where}"

        # The API is public: only public fields, whoever asks.
        assert shown(api_page, value) == (level == Visibility.PUBLIC), f"API: {where}"
        api_found = client.get("/api/v1/network/members", query_string={"q": value})
        ids = [item["id"] for item in api_found.get_json()["items"]]
        assert (member_id in ids) == (level == Visibility.PUBLIC), f"API search: {where}"

        if topic_id is not None:
            filtered = client.get("/network/", query_string={"topic": topic_id})
            assert (f'id="member-{member_id}"' in filtered.get_data(as_text=True)) == expected, \
                f"topic filter: {where}"
            api_filtered = client.get("/api/v1/network/members",
                                      query_string={"topic": topic_id}).get_json()
            assert (member_id in [i["id"] for i in api_filtered["items"]]) == (
                level == Visibility.PUBLIC), f"API topic filter: {where}"

        assert shown(csv_body, value) == (viewer == "staff"), f"CSV export: {where}"

    for value, member_id in unlisted.items():
        where = f"unlisted {value} seen by {viewer}"
        assert value not in directory_page, where
        assert value not in api_page, where
        found = results_of(client.get("/network/", query_string={"q": value})
                           .get_data(as_text=True))
        assert value not in found and "member-" not in found, where
        assert value not in client.get("/api/v1/network/members",
                                       query_string={"q": value}).get_data(as_text=True)
        if member_id is not None:
            assert client.get(f"/network/{member_id}").status_code == 404, where
            assert client.get(f"/network/{member_id}/vcard.vcf").status_code == 404, where
