"""/api/v1/network/members filters: a well-formed powiat code or topic id that names
nothing finds nobody; it used to be ignored, so the whole directory came back as if it
were the members of that powiat or topic."""

import pytest

from tests.network.conftest import topic_named


@pytest.mark.parametrize("query", ["powiat=1499", "topic=999999", "powiat=1420&topic=999999"])
def test_a_filter_that_names_nothing_gives_an_empty_list(client, member_factory, mazowsze,
                                                         query):
    member_factory(institution=mazowsze["raciaz"], topics=["wolontariat"])
    assert len(client.get("/api/v1/network/members").get_json()["items"]) == 1
    response = client.get(f"/api/v1/network/members?{query}")
    assert response.status_code == 200
    assert response.get_json() == {"items": []}


def test_a_filter_that_names_something_still_filters(client, member_factory, mazowsze):
    member_factory(institution=mazowsze["raciaz"], topics=["wolontariat"])
    elsewhere = member_factory(institution=mazowsze["plock"])
    topic = topic_named("wolontariat")
    for query in ("powiat=1420", f"topic={topic.id}"):
        items = client.get(f"/api/v1/network/members?{query}").get_json()["items"]
        assert [item["institution"]["teryt"] for item in items] == ["1420043"], query
    items = client.get("/api/v1/network/members?powiat=1462").get_json()["items"]
    assert [item["id"] for item in items] == [elsewhere.id]
