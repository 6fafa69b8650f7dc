"""Who counts as one visitor for the limits, the sign-in throttle and the hold cap.

Issue 18, finding 5 (and 10): an IPv6 connection owns a whole /64, so a script changing
its source address for each request must still count as one visitor.
"""

import pytest

from consult.core.visitors import client_address
from consult.events.models import SEAT_HOLDING, Registration
from tests.security.conftest import rows, signed_in
from tests.security.test_bots import guarded, person  # noqa: F401 - the fixture


@pytest.mark.parametrize(("remote", "counted"), [
    ("192.0.2.10", "192.0.2.10"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.10", "192.0.2.10"),
    ("not-an-address", "not-an-address"),
])
def test_an_ipv6_address_counts_as_its_64_network(app, remote, counted):
    with app.test_request_context(environ_base={"REMOTE_ADDR": remote}):
        assert client_address() == counted


def test_a_script_hopping_addresses_of_one_ipv6_network_holds_no_more_seats(
        event_factory, guarded):  # noqa: F811 - the fixture
    event = event_factory(capacity=10)
    for n in range(12):
        bot = signed_in(guarded)
        bot.environ_base["REMOTE_ADDR"] = f"2001:db8:7:7::{n + 1:x}"
        assert bot.post(f"/events/{event.slug}/register", data=person(n)).status_code == 200
    held = rows(Registration, Registration.status.in_(SEAT_HOLDING))
    assert len(held) == guarded.config["EVENTS_GUEST_HOLDS_PER_VISITOR"]


def test_sign_up_limits_count_an_ipv6_network_once(guarded):  # noqa: F811 - the fixture
    """The per-address limit of sign-up (60 a minute) is one budget for the whole /64."""
    statuses = []
    for n in range(62):
        client = signed_in(guarded)
        client.environ_base["REMOTE_ADDR"] = f"2001:db8:9:9::{n + 1:x}"
        statuses.append(client.post("/auth/register", data={
            "full_name": "Bot", "email": f"bot{n}@example.org", "password": "x"}).status_code)
    assert statuses.count(429) == 2


def test_a_form_stamp_cannot_be_reused_for_ever(event_factory, guarded, mailbox):  # noqa: F811
    """With the minimum fill time on, a stamp older than a working day is refused (and a
    new one given), so a script cannot wait once and replay it."""
    from tests.security.test_bots import shown_ago

    event = event_factory()
    client = signed_in(guarded)
    stale = client.post(f"/events/{event.slug}/register",
                        data={**person(1), "form_shown": shown_ago(13 * 3600)})
    assert "could not check when the form was shown" in stale.get_data(as_text=True)
    assert rows(Registration) == []
