"""Staff pages of the network: requests waiting, approval and rejection with e-mails, the
member list and its CSV, one member's full record, topics, coverage; staff only."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.network.models import MemberStatus, Topic, Visibility
from consult.network.topics import update_topic
from tests.conftest import counted_queries, text_of
from tests.html import Page
from tests.network.conftest import topic_named

GET_PAGES = ["/manage/network/", "/manage/network/members", "/manage/network/members.csv",
             "/manage/network/members/{id}", "/manage/network/members/{id}/reject",
             "/manage/network/topics", "/manage/network/announcements",
             "/manage/network/coverage"]
POSTS = ["/manage/network/members/{id}/approve", "/manage/network/members/{id}/reject",
         "/manage/network/topics", "/manage/network/topics/{topic}",
         "/manage/network/announcements"]


def test_visitors_sign_in_and_users_and_managers_get_403(client, login_as, member_factory):
    member = member_factory(status=MemberStatus.PENDING, topics=["Wolontariat"])
    topic = member.topics[0]
    urls = [u.format(id=member.id, topic=topic.id) for u in GET_PAGES]
    posts = [u.format(id=member.id, topic=topic.id) for u in POSTS]
    for url in urls + posts:
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    for role in ("user", "manager"):
        login_as(role, **({"institutions": [member.institution]} if role == "manager" else {}))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        for url in posts:
            assert client.post(url, data={"reason": "x", "new-name": "x"}).status_code == 403
    db.session.refresh(member)
    assert member.status == MemberStatus.PENDING and db.session.scalar(
        select(Topic).where(Topic.name == "x")) is None


# ---------------------------------------------------------------- requests waiting


def test_requests_waiting_show_the_domain_hint_and_old_unconfirmed_entries(
        client, staff, member_factory, mazowsze):
    plonsk, baboszewo = mazowsze["plonsk"], mazowsze["baboszewo"]
    private = member_factory(institution=plonsk, status=MemberStatus.PENDING,
                             full_name="Jan Prywatny",
                             work_email="jan.prywatny@example.com",
                             position="referent ds. sportu")
    unknown = member_factory(institution=baboszewo, status=MemberStatus.PENDING,
                             full_name="Ola Wiejska",
                             work_email="ola@ug-baboszewo.example.org")
    old = member_factory(institution=plonsk, status=MemberStatus.EMAIL_PENDING,
                         full_name="Stara Prośba",
                         work_email="stara@plonsk.pl",
                         created_at=utcnow() - timedelta(days=5))
    member_factory(institution=plonsk, status=MemberStatus.EMAIL_PENDING, full_name="Świeża Prośba",
                   work_email="swieza@plonsk.pl")
    member_factory(institution=plonsk, full_name="Już Przyjęta")

    page = Page(client.get("/manage/network/").get_data(as_text=True))
    pending = page.text_by_id("pending-table")
    assert "Jan Prywatny" in pending and "Ola Wiejska" in pending
    assert "referent ds. sportu" in pending and "jan.prywatny@example.com" in pending
    assert "not an official domain (plonsk.pl)" in page.text_by_id(f"request-{private.id}")
    assert "no official domain known" in page.text_by_id(f"request-{unknown.id}")
    unconfirmed = page.text_by_id("unconfirmed-table")
    assert "Stara Prośba" in unconfirmed and "official domain of the institution" in unconfirmed
    assert "Świeża Prośba" not in page.content and "Już Przyjęta" not in page.content
    assert page.by_id(f"request-{old.id}") is not None


def test_the_requests_page_runs_a_constant_number_of_queries(client, staff, member_factory,
                                                               mazowsze):
    def queries() -> int:
        with counted_queries() as statements:
            assert client.get("/manage/network/").status_code == 200
        return len(statements)

    for inst in (mazowsze["plonsk"], mazowsze["raciaz"]):
        member_factory(institution=inst, status=MemberStatus.PENDING)
    few = queries()
    for inst in (mazowsze["baboszewo"], mazowsze["plock_gmina"], mazowsze["plonski"]):
        member_factory(institution=inst, status=MemberStatus.PENDING)
        member_factory(institution=inst, status=MemberStatus.EMAIL_PENDING,
                       created_at=utcnow() - timedelta(days=10))
    assert queries() == few


def test_approving_a_request_lists_the_member_and_tells_them(client, staff, member_factory,
                                                              user_factory, mailbox, mazowsze):
    account = user_factory(email="jan@example.net", full_name="Jan Prywatny")
    member = member_factory(institution=mazowsze["plonsk"], status=MemberStatus.PENDING,
                            user=account,
                            full_name="Jan Prywatny", work_email="jan.prywatny@example.com")
    assert "Jan Prywatny" not in client.get("/network/?q=prywatny").get_data(as_text=True)

    response = client.post(f"/manage/network/members/{member.id}/approve",
                           data={"next": "/manage/network/"})
    assert response.status_code == 302 and response.headers["Location"] == "/manage/network/"
    db.session.refresh(member)
    assert member.status == MemberStatus.APPROVED and member.approved_at is not None
    assert "Jan Prywatny" in client.get("/network/?q=prywatny").get_data(as_text=True)
    message = mailbox.last_to("jan@example.net")
    assert "network" in message["Subject"].lower() or "sieci" in message["Subject"].lower()
    assert f"/network/{member.id}" in text_of(message)

    # Approving twice is refused with a message, and nothing is sent again.
    mailbox.clear()
    response = client.post(f"/manage/network/members/{member.id}/approve",
                           follow_redirects=True)
    assert "Only a waiting or rejected request can be approved." in response.get_data(
        as_text=True)
    assert mailbox.messages == []


def test_rejecting_needs_a_reason_which_is_mailed(client, staff, member_factory,
                                                   user_factory, mailbox, mazowsze):
    account = user_factory(email="ola@example.net")
    member = member_factory(institution=mazowsze["baboszewo"], status=MemberStatus.PENDING,
                            user=account,
                            full_name="Ola Wiejska")
    form = Page(client.get(f"/manage/network/members/{member.id}/reject").get_data(
        as_text=True))
    assert form.by_id("reason") is not None and "Ola Wiejska" in form.content

    page = Page(client.post(f"/manage/network/members/{member.id}/reject",
                            data={"reason": "  "}).get_data(as_text=True))
    assert "Give the reason" in page.text_by_id("reason-error")
    db.session.refresh(member)
    assert member.status == MemberStatus.PENDING and mailbox.messages == []

    reason = "Nie udało się potwierdzić zatrudnienia w urzędzie."
    response = client.post(f"/manage/network/members/{member.id}/reject",
                           data={"reason": reason})
    assert response.status_code == 302
    db.session.refresh(member)
    assert (member.status, member.rejection_reason) == (MemberStatus.REJECTED, reason)
    assert member.rejected_at is not None
    assert reason in text_of(mailbox.last_to("ola@example.net"))
    waiting = Page(client.get("/manage/network/").get_data(as_text=True))  # shows the flash
    assert "Ola Wiejska" not in waiting.text_by_id("pending-table")
    assert "Ola Wiejska" not in client.get("/network/").get_data(as_text=True)


# ---------------------------------------------------------------- members


def test_member_list_filters_by_status_powiat_topic_and_text(client, staff, member_factory,
                                                             mazowsze):
    member_factory(institution=mazowsze["plonsk"], full_name="Anna Płońska",
                   topics=["Wolontariat"])
    member_factory(institution=mazowsze["plock_gmina"], full_name="Bogdan Płocki",
                   topics=["Konsultacje"], work_phone="+48 24 111 22 33",
                   visibility={"work_phone": Visibility.STAFF_ONLY})
    member_factory(institution=mazowsze["raciaz"], full_name="Celina Czekająca",
                   status=MemberStatus.PENDING, topics=["Wolontariat"])
    volunteering = db.session.scalar(select(Topic).where(Topic.name == "Wolontariat"))

    def names(query: str) -> str:
        return Page(client.get("/manage/network/members" + query).get_data(
            as_text=True)).text_by_id("members-table")

    everyone = names("")
    assert all(n in everyone for n in ("Anna Płońska", "Bogdan Płocki", "Celina Czekająca"))
    waiting = names("?status=pending")
    assert "Celina Czekająca" in waiting and "Anna Płońska" not in waiting
    plonski = names("?powiat=1420")
    assert "Anna Płońska" in plonski and "Celina Czekająca" in plonski
    assert "Bogdan Płocki" not in plonski
    topic = names(f"?topic={volunteering.id}&status=approved")
    assert "Anna Płońska" in topic and "Celina Czekająca" not in topic
    assert "Bogdan Płocki" in names("?q=111 22 33")  # staff find a staff-only phone
    assert "Bogdan Płocki" in names("?q=plocki")


def test_member_list_runs_a_constant_number_of_queries(client, staff, member_factory,
                                                       mazowsze):
    def queries() -> int:
        with counted_queries() as statements:
            assert client.get("/manage/network/members?powiat=1420").status_code == 200
        return len(statements)

    member_factory(institution=mazowsze["plonsk"], topics=["Wolontariat"])
    few = queries()
    for n in range(6):
        member_factory(institution=mazowsze["raciaz"], topics=["Wolontariat", f"Temat {n}"],
                       status=MemberStatus.PENDING if n % 2 else MemberStatus.APPROVED)
    assert queries() == few


def test_the_full_record_shows_hidden_fields_dates_and_the_consent_log(
        client, staff, member_factory, mazowsze):
    from consult.network import services

    member = member_factory(institution=mazowsze["plonsk"], full_name="Ukryta Osoba",
                            work_phone="+48 23 555 66 77", status=MemberStatus.PENDING,
                            visibility={"work_phone": Visibility.STAFF_ONLY,
                                        "full_name": Visibility.MEMBERS})
    services.set_visibility(member, {"work_phone": Visibility.PUBLIC})
    db.session.commit()

    page = Page(client.get(f"/manage/network/members/{member.id}").get_data(as_text=True))
    assert "+48 23 555 66 77" in page.text_by_id("field-work_phone")
    assert "everyone" in page.text_by_id("field-work_phone")
    assert "network members only" in page.text_by_id("field-full_name")
    assert "waiting for approval" in page.text_by_id("member-status")
    log = page.by_id("consent-log")
    rows = [e for e in page.elements if e["tag"] == "tr" and log in e["parents"]]
    assert len(rows) == 1 + 2  # the header and two consents, newest first
    assert "everyone" in page.text(rows[1]) and "the federation's staff only" in page.text(
        rows[2])
    assert "Approve" in page.content and "Reject with a reason" in page.content


def test_csv_export_has_every_field_with_its_visibility_and_a_formula_guard(
        client, staff, member_factory, mazowsze):
    member_factory(institution=mazowsze["plonsk"], full_name="=HYPERLINK(\"http://x\")",
                   work_phone="+48 23 555 66 77", topics=["Wolontariat"],
                   visibility={"work_phone": Visibility.STAFF_ONLY})
    member_factory(institution=mazowsze["plock_gmina"], full_name="Inna Osoba",
                   status=MemberStatus.REJECTED, rejection_reason="brak potwierdzenia")

    response = client.get("/manage/network/members.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    today = utcnow().date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="network-members-{today}.csv"')
    client.post("/language", data={"language": "pl", "next": "/"})
    assert client.get("/manage/network/members.csv").headers["Content-Disposition"] == (
        f'attachment; filename="czlonkowie-sieci-{today}.csv"; '
        f"filename*=UTF-8''cz%C5%82onkowie-sieci-{today}.csv")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert "Work phone" in header and "Work phone: visible to" in header
    assert "Status" in header and "Approved" in header and "Reason for rejection" in header
    assert len(lines) == 3
    first = next(line for line in lines if "HYPERLINK" in line)
    assert first.startswith(tuple("0123456789"))
    assert ";'=HYPERLINK" in first.replace('"', "")
    cells = first.split(";")
    phone = header.index("Work phone")
    assert cells[phone] == "+48 23 555 66 77"
    assert cells[phone + 1] == "the federation's staff only"
    assert "Wolontariat" in first and "Płońsk" in first
    assert "brak potwierdzenia" in lines[1] + lines[2]

    filtered = client.get("/manage/network/members.csv?status=rejected").get_data()
    assert len(filtered.decode("utf-8-sig").splitlines()) == 2


# ---------------------------------------------------------------- topics


def test_topics_are_added_renamed_reordered_and_deactivated(client, staff):
    response = client.post("/manage/network/topics", data={"new-name": "Wolontariat"})
    assert response.status_code == 302
    client.post("/manage/network/topics", data={"new-name": "Konsultacje"})
    volunteering, consultations = db.session.scalars(
        select(Topic).order_by(Topic.position)).all()
    assert (volunteering.name, consultations.name) == ("Wolontariat", "Konsultacje")
    assert volunteering.position < consultations.position and consultations.active

    # A name differing only by case and Polish letters is refused next to the field.
    page = Page(client.post("/manage/network/topics",
                            data={"new-name": "wolontariat"}).get_data(as_text=True))
    assert "already exists" in page.text_by_id("new-name-error")
    page = Page(client.post(f"/manage/network/topics/{consultations.id}",
                            data={f"topic-{consultations.id}-name": "WOLONTARIAT",
                                  f"topic-{consultations.id}-position": "1"}).get_data(
        as_text=True))
    assert "already exists" in page.text_by_id(f"topic-{consultations.id}-name-error")
    assert page.by_id(f"topic-{volunteering.id}-name-error") is None
    db.session.refresh(consultations)
    assert consultations.name == "Konsultacje"

    prefix = f"topic-{consultations.id}-"
    response = client.post(f"/manage/network/topics/{consultations.id}",
                           data={prefix + "name": "Konsultacje społeczne",
                                 prefix + "position": "0", "action": "save"})
    assert response.status_code == 302
    db.session.refresh(consultations)
    assert (consultations.name, consultations.position) == ("Konsultacje społeczne", 0)
    listing = Page(client.get("/manage/network/topics").get_data(as_text=True))
    order = [e["attrs"]["id"] for e in listing.elements
             if e["tag"] == "li" and e["attrs"].get("id", "").startswith("topic-")]
    assert order == [f"topic-{consultations.id}", f"topic-{volunteering.id}"]

    client.post(f"/manage/network/topics/{consultations.id}",
                data={prefix + "name": "Konsultacje społeczne", prefix + "position": "0",
                      "action": "deactivate"})
    db.session.refresh(consultations)
    assert not consultations.active
    client.get("/manage/network/topics")  # shows the flash
    assert "Konsultacje społeczne" not in client.get("/network/").get_data(as_text=True)
    client.post(f"/manage/network/topics/{consultations.id}",
                data={prefix + "name": "Konsultacje społeczne", prefix + "position": "0",
                      "action": "activate"})
    db.session.refresh(consultations)
    assert consultations.active

    page = Page(client.post(f"/manage/network/topics/{consultations.id}",
                            data={prefix + "name": "", prefix + "position": "x"}).get_data(
        as_text=True))
    assert page.by_id(prefix + "name-error") and page.by_id(prefix + "position-error")


# ---------------------------------------------------------------- coverage


def test_staff_coverage_lists_jsts_without_members(client, staff, member_factory, mazowsze):
    member_factory(institution=mazowsze["plonsk"], is_coordinator=True)
    member_factory(institution=mazowsze["raciaz"], status=MemberStatus.PENDING)
    page = Page(client.get("/manage/network/coverage").get_data(as_text=True))
    row = page.text_by_id("powiat-1420")
    assert "Raciąż" in row and "Baboszewo" in row and "Powiat płoński" in row
    assert "Płońsk (" not in row  # reached
    assert "Płock (city with county rights, 1462)" in page.text_by_id("powiat-1462")
    assert any(e["tag"] == "a" and e["attrs"].get("href") == "/network/coverage"
               for e in page.elements)


@pytest.mark.parametrize("path", ["/manage/network/", "/manage/network/members",
                                  "/manage/network/topics", "/manage/network/announcements",
                                  "/manage/network/coverage"])
def test_staff_pages_render_empty(client, staff, path):
    assert client.get(path).status_code == 200


def test_staff_pages_have_unique_ids(client, staff, member_factory, mazowsze):
    for inst in ("plonsk", "raciaz", "baboszewo"):
        member = member_factory(institution=mazowsze[inst], status=MemberStatus.PENDING,
                                topics=["Wolontariat", "Konsultacje"])
        member_factory(institution=mazowsze[inst], status=MemberStatus.EMAIL_PENDING,
                       created_at=utcnow() - timedelta(days=4))
    for path in ("/manage/network/", "/manage/network/members",
                 f"/manage/network/members/{member.id}", "/manage/network/topics",
                 "/manage/network/coverage", "/manage/network/announcements"):
        page = Page(client.get(path).get_data(as_text=True))
        ids = [e["attrs"]["id"] for e in page.elements if e["attrs"].get("id")]
        assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))


def test_only_a_waiting_request_can_be_rejected(client, staff, member_factory, mailbox):
    member = member_factory(full_name="Już Przyjęta")
    response = client.post(f"/manage/network/members/{member.id}/reject",
                           data={"reason": "pomyłka"})
    assert response.headers["Location"] == f"/manage/network/members/{member.id}"
    db.session.refresh(member)
    assert member.status == MemberStatus.APPROVED and mailbox.messages == []
    page = client.get(f"/manage/network/members/{member.id}").get_data(as_text=True)
    assert "Only a request waiting for a decision can be rejected." in page
    assert f"/manage/network/members/{member.id}/reject" not in page


def test_renaming_a_topic_updates_what_search_finds(client, staff, member_factory):
    topic = topic_named("Wolontariat")
    member = member_factory(topics=[topic], user=None)
    update_topic(topic, "Wolontariat i aktywność obywatelska", topic.position)
    db.session.commit()
    found = client.get("/network/?q=aktywnosc+obywatelska").get_data(as_text=True)
    assert f"/network/{member.id}" in found
