"""SQL metacharacters and Unicode oddities in the search boxes and in names.

Every search box gets quotes, LIKE wildcards, a backslash, a NUL byte, the right-to-left
override, a zero-width space, emoji and 4-byte characters. None may be a server error,
and the results must be what the text says: ``%`` finds the one name with a percent sign,
not everyone. Names with the same characters are stored and shown exactly as typed (a
NUL is dropped: PostgreSQL's text cannot hold it, so neither database keeps it).
"""

import secrets
from datetime import date

import pytest

from consult.auth.models import STAFF, User
from consult.core.timeutil import utcnow
from consult.events.models import Registration
from consult.extensions import db
from consult.institutions.models import URBAN_GMINA, Institution, Organisation
from consult.network import services as network_services
from consult.network.models import FIELDS, Member, MemberStatus
from tests.events.conftest import add
from tests.security.checks import visible_text
from tests.security.conftest import rows, signed_in

RTL, ZWSP = "\u202e", "\u200b"
NAMES = {
    "percent": "Alfa 100% Beta",
    "underscore": "Gamma_Delta",
    "plain": "Epsilon Zeta",
    "emoji": "Łucja 🦊 Ostrowska",
    "math": "𝕢uentin Kowal",  # 4 bytes in UTF-8; NFKD makes it "q", in no other text
    "zero-width": f"Zero{ZWSP}Width",
    "rtl": f"{RTL}anwoN annA",
    "quote": "O'Brien Kowalski",
    "backslash": "Back\\slash Nowak",
}
# What each search must find (names by key); None: anything, as long as it is no error.
SEARCHES = {
    "%": {"percent"},
    "_": {"underscore"},
    "%_%": set(),
    "' OR 1=1 --": set(),
    "' OR '1'='1": set(),
    '"; DROP TABLE users; --': set(),
    "\\": {"backslash"},
    "\\%": set(),
    "[a-z]*": set(),
    "🦊": {"emoji"},
    "𝕢": {"math"},
    ZWSP: {"zero-width"},
    RTL: {"rtl"},
    "O'Brien": {"quote"},
    "\x00": None,
    "Ep\x00silon": None,
}


def found(text: str) -> set[str]:
    return {key for key, name in NAMES.items() if name in text}


def check_searches(client, path: str, param: str = "q", method: str = "GET",
                   extra: dict | None = None, json_field: str | None = None) -> list[str]:
    problems = []
    for query, expected in SEARCHES.items():
        values = {**(extra or {}), param: query}
        response = (client.get(path, query_string=values) if method == "GET"
                    else client.post(path, data=values))
        if response.status_code != 200:
            problems.append(f"{path} {param}={query!r}: {response.status_code}")
            continue
        if json_field:
            text = " ".join(item[json_field] for item in response.get_json()["items"])
        else:
            text = visible_text(response.get_data(as_text=True))
        if expected is not None and found(text) != expected:
            problems.append(f"{path} {param}={query!r}: found {sorted(found(text))}, "
                            f"expected {sorted(expected)}")
    # The control: the plain name is found by a word of it.
    response = (client.get(path, query_string={**(extra or {}), param: "Epsilon"})
                if method == "GET" else client.post(path, data={**(extra or {}),
                                                                param: "Epsilon"}))
    text = (" ".join(item[json_field] for item in response.get_json()["items"]) if json_field
            else visible_text(response.get_data(as_text=True)))
    if found(text) != {"plain"}:
        problems.append(f"{path}: 'Epsilon' found {sorted(found(text))}")
    return problems


@pytest.fixture
def staff_client(app, user_factory):
    return signed_in(app, user_factory(role=STAFF, full_name="Pracownica Federacji"))


def test_user_search(staff_client, user_factory):
    for n, name in enumerate(NAMES.values()):
        user_factory(full_name=name, email=f"osoba{n}@example.org")
    assert not check_searches(staff_client, "/manage/users")


def test_event_search(staff_client, event_factory):
    for n, name in enumerate(NAMES.values()):
        event_factory(title=name, slug=f"wydarzenie-{n}")
    assert not check_searches(staff_client, "/manage/events/")


def test_registration_search_and_check_in(staff_client, event_factory):
    from datetime import timedelta

    event = event_factory(starts_in=timedelta(hours=1))
    for n, name in enumerate(NAMES.values()):
        add(event, name, f"r{n}@example.org", organisation="Stowarzyszenie")
    problems = check_searches(staff_client, f"/manage/events/{event.id}/registrations")
    problems += check_searches(staff_client, f"/manage/events/{event.id}/checkin")
    assert not problems, "\n".join(problems)


def test_institution_and_organisation_search(app, staff_client, user_factory):
    for n, name in enumerate(NAMES.values()):
        db.session.add(Institution(teryt=f"14{n:05d}", name=name, kind=URBAN_GMINA,
                                   email_domains="", register_date=date(2024, 1, 1)))
        db.session.add(Organisation(name=name))
    db.session.commit()
    problems = check_searches(staff_client, "/manage/institutions")
    problems += check_searches(staff_client, "/manage/organisations")
    # The join form's institution finder ("Find" posts the form back with the matches).
    problems += check_searches(signed_in(app, user_factory()), "/network/join",
                               param="institution_q", method="POST", extra={"find": "1"})
    assert not problems, "\n".join(problems)


@pytest.fixture
def members(app, user_factory, institution_factory):
    institution = institution_factory()
    for n, name in enumerate(NAMES.values()):
        member = Member(user_id=user_factory().id, institution=institution, full_name=name,
                        position="inspektor", work_email=f"czlonek{n}@plonsk.example.org",
                        status=MemberStatus.APPROVED, approved_at=utcnow(),
                        announcements_token=secrets.token_urlsafe(32))
        db.session.add(member)
        network_services.set_visibility(member, {name: "public" for name in FIELDS})
    db.session.commit()


def test_network_directory_search(app, staff_client, members):
    problems = check_searches(signed_in(app), "/network/")
    problems += check_searches(staff_client, "/manage/network/members")
    problems += check_searches(signed_in(app), "/api/v1/network/members",
                               json_field="full_name")
    assert not problems, "\n".join(problems)


# --- names round-trip -----------------------------------------------------------------------------

ROUND_TRIP = [*NAMES.values(), "𝕏 Zoë A\u0301ngström", "🦊" * 200, "名前 テスト",
              f"{RTL}exe.txt", "a\tb"]


@pytest.mark.parametrize("name", ROUND_TRIP, ids=range(len(ROUND_TRIP)))
def test_names_round_trip(app, staff_client, event_factory, name):
    """Sign-up, event registration and the network: stored and shown exactly as typed."""
    from tests.test_security_baseline import NEW_PASSWORD

    visitor = signed_in(app)
    email = "nowa@example.org"
    response = visitor.post("/auth/register", data={
        "full_name": name, "email": email, "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD, "consent_rodo": "y"})
    assert response.status_code == 200
    [user] = rows(User, User.email == email)
    assert user.full_name == name.strip()
    user.email_verified_at = utcnow()
    db.session.commit()
    account = signed_in(app, user).get("/account").get_data(as_text=True)
    from tests.test_security_baseline import InputValues

    assert InputValues(account).values["full_name"] == name.strip()

    event = event_factory()
    response = visitor.post(f"/events/{event.slug}/register", data={
        "full_name": name, "email": "gosc@example.org", "category": "resident",
        "consent_rodo": "y"})
    assert response.status_code == 200
    [registration] = rows(Registration)
    assert registration.full_name == name.strip()
    page = staff_client.get(f"/manage/events/{event.id}/registrations/{registration.id}")
    assert name.strip() in visible_text(page.get_data(as_text=True))


@pytest.mark.parametrize("typed, stored", [("Anna\x00 Nowak", "Anna Nowak"),
                                           ("\x00Jan Kowalski\x00", "Jan Kowalski")])
def test_a_nul_character_is_dropped_from_names(app, event_factory, typed, stored):
    event = event_factory()
    response = signed_in(app).post(f"/events/{event.slug}/register", data={
        "full_name": typed, "email": "gosc@example.org", "category": "resident",
        "consent_rodo": "y"})
    assert response.status_code == 200
    assert rows(Registration)[0].full_name == stored


@pytest.mark.parametrize("path", ["/events/a%00b/", "/registrations/abc%00def",
                                  "/consultations/x%00/", "/network/verify/a%00b",
                                  "/static/css/site.css%00", "/events/%0a/",
                                  "/api/v1/events/a%00"])
def test_a_nul_character_in_the_path_is_not_found(app, path):
    assert signed_in(app).get(path).status_code == 404


# --- search terms of any length (issue 18, finding 13) -----------------------------------------

LONG_SEARCHES = {
    "one word": "plonsk" * 17_000,  # 100 KB: SQLite refused the LIKE pattern ("too complex")
    "many words": "a " * 50_000,  # 50,000 conditions
}


def search_pages(app, user_factory, event_factory):
    """Every search box of the site: (client, path, parameter, method, extra form data)."""
    from datetime import timedelta

    # SQLite compiles a LIKE pattern only for a row to compare: every list has one.
    event = event_factory(starts_in=timedelta(hours=1), title="Epsilon Zeta")
    add(event, "Epsilon Zeta", "r@example.org")
    db.session.add(Institution(teryt="1499999", name="Epsilon Zeta", kind=URBAN_GMINA,
                               email_domains="", register_date=date(2024, 1, 1)))
    db.session.add(Organisation(name="Epsilon Zeta"))
    db.session.commit()
    staff = signed_in(app, user_factory(role=STAFF, full_name="Pracownica Federacji"))
    return [
        (signed_in(app), "/network/", "q", "GET", {}),
        (signed_in(app), "/api/v1/network/members", "q", "GET", {}),
        (signed_in(app, user_factory()), "/network/join", "institution_q", "POST",
         {"find": "1"}),
        (staff, "/manage/users", "q", "GET", {}),
        (staff, "/manage/institutions", "q", "GET", {}),
        (staff, "/manage/organisations", "q", "GET", {}),
        (staff, "/manage/events/", "q", "GET", {}),
        (staff, f"/manage/events/{event.id}/registrations", "q", "GET", {}),
        (staff, f"/manage/events/{event.id}/checkin", "q", "GET", {}),
        (staff, "/manage/network/members", "q", "GET", {}),
    ]


@pytest.mark.parametrize("kind", LONG_SEARCHES)
def test_a_search_of_any_length_is_no_server_error(app, user_factory, event_factory, members,
                                                   kind):
    query = LONG_SEARCHES[kind]
    problems = []
    for client, path, param, method, extra in search_pages(app, user_factory, event_factory):
        values = {**extra, param: query}
        try:
            response = (client.get(path, query_string=values) if method == "GET"
                        else client.post(path, data=values))
        except Exception as exc:  # noqa: BLE001 - TESTING lets the server error through
            problems.append(f"{path}: {type(exc).__name__}: {str(exc)[:80]}")
            db.session.rollback()
            continue
        # The API refuses a search longer than its description allows (maxLength 200).
        expected = 400 if path.startswith("/api/") else 200
        if response.status_code != expected:
            problems.append(f"{path}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_a_cut_search_says_so_and_still_finds(app, staff_client, user_factory):
    user_factory(full_name="Epsilon Zeta", email="epsilon@example.org")
    response = staff_client.get("/manage/users", query_string={"q": "Epsilon" + " " * 300 + "x"})
    text = visible_text(response.get_data(as_text=True))
    assert "only its first 200 characters were searched for" in text
    assert "Epsilon Zeta" in text  # the first 200 characters are "Epsilon"
    response = staff_client.get("/manage/users", query_string={"q": "Epsilon"})
    assert "were searched for" not in visible_text(response.get_data(as_text=True))


def test_the_institution_finder_tells_a_too_long_search(app, user_factory):
    client = signed_in(app, user_factory())
    response = client.post("/network/join", data={"institution_q": "x" * 5000, "find": "1"})
    assert response.status_code == 200
    assert "only its first 200 characters were searched for" in visible_text(
        response.get_data(as_text=True))


def test_the_public_directory_says_a_search_was_cut_and_the_api_refuses_it(app):
    """A program would not see a note, and a cut search answers another question."""
    response = signed_in(app).get("/network/", query_string={"q": "x" * 500})
    assert "only its first 200 characters were searched for" in visible_text(
        response.get_data(as_text=True))
    response = signed_in(app).get("/api/v1/network/members", query_string={"q": "x" * 500})
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "q"
    assert "Set-Cookie" not in response.headers  # no message stored for a JSON client
