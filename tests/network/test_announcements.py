"""Announcements to the network: only approved members who did not opt out, of the chosen
powiat and topic, one e-mail each to the work address with a one-click unsubscribe."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.network import announcements, membership, services
from consult.network.models import Announcement, ConsentLog, MemberStatus, Topic
from tests.conftest import text_of
from tests.html import Page


def _network(member_factory, mazowsze):
    """Members of both powiats; only ``hit`` matches powiat płoński + Wolontariat."""
    make = member_factory
    return {
        "hit": make(institution=mazowsze["plonsk"], topics=["Wolontariat"],
                    full_name="Anna Trafiona", work_email="anna@plonsk.pl"),
        "hit_gmina": make(institution=mazowsze["raciaz"], topics=["Wolontariat", "Konsultacje"],
                          full_name="Bartek Raciąski", work_email="bartek@raciaz.pl"),
        "opted_out": make(institution=mazowsze["plonsk"], topics=["Wolontariat"],
                          work_email="wypisana@plonsk.pl", announcements_opt_out=True),
        "pending": make(institution=mazowsze["plonsk"], topics=["Wolontariat"],
                        status=MemberStatus.PENDING, work_email="czeka@plonsk.pl"),
        "rejected": make(institution=mazowsze["plonsk"], topics=["Wolontariat"],
                         status=MemberStatus.REJECTED, work_email="odrzucona@plonsk.pl"),
        "other_topic": make(institution=mazowsze["plonsk"], topics=["Konsultacje"],
                            work_email="inny.temat@plonsk.pl"),
        "other_powiat": make(institution=mazowsze["plock_gmina"], topics=["Wolontariat"],
                             work_email="plock@plock.eu"),
    }


def test_recipients_are_approved_members_not_opted_out_matching_the_filters(
        app, member_factory, mazowsze):
    people = _network(member_factory, mazowsze)
    volunteering = db.session.scalar(select(Topic).where(Topic.name == "Wolontariat"))
    plonski = mazowsze["plonski"]

    def emails(powiat_id=None, topic_id=None):
        return {m.work_email for m in db.session.scalars(
            announcements.recipients_query(powiat_id, topic_id))}

    assert emails() == {people[k].work_email
                        for k in ("hit", "hit_gmina", "other_topic", "other_powiat")}
    assert emails(plonski.id) == {people[k].work_email
                                  for k in ("hit", "hit_gmina", "other_topic")}
    assert emails(plonski.id, volunteering.id) == {"anna@plonsk.pl", "bartek@raciaz.pl"}
    assert announcements.count_recipients(plonski.id, volunteering.id) == 2
    assert emails(topic_id=volunteering.id) == {"anna@plonsk.pl", "bartek@raciaz.pl",
                                                "plock@plock.eu"}


def test_staff_preview_then_send_to_a_filter(client, staff, member_factory, mazowsze,
                                             mailbox):
    people = _network(member_factory, mazowsze)
    volunteering = db.session.scalar(select(Topic).where(Topic.name == "Wolontariat"))
    form = {"subject": "Spotkanie sieci w Płońsku",
            "body": "Zapraszamy na **spotkanie** sieci.\n\n<script>alert(1)</script>\n\n"
                    "- program współpracy\n- małe granty",
            "powiat": str(mazowsze["plonski"].id), "topic": str(volunteering.id)}

    page = Page(client.post("/manage/network/announcements",
                            data={**form, "preview": "1"}).get_data(as_text=True))
    assert "will go to 2 members" in page.text_by_id("preview-heading")
    assert "spotkanie" in page.text_by_id("preview-body")
    assert page.by_id("previewed")["attrs"]["value"] == f"{mazowsze['plonski'].id}:" \
                                                        f"{volunteering.id}"
    assert not any(e["tag"] == "script" for e in page.elements
                   if page.by_id("preview-body") in e["parents"])
    assert mailbox.messages == [] and db.session.scalar(select(Announcement)) is None

    # "Send" with filters other than the previewed ones shows the new count first.
    changed = {**form, "topic": "0", "send": "1",
               "previewed": f"{mazowsze['plonski'].id}:{volunteering.id}"}
    page = Page(client.post("/manage/network/announcements", data=changed).get_data(
        as_text=True))
    assert "will go to 3 members" in page.text_by_id("preview-heading")
    assert mailbox.messages == [] and db.session.scalar(select(Announcement)) is None

    response = client.post("/manage/network/announcements", data={
        **form, "send": "1", "previewed": f"{mazowsze['plonski'].id}:{volunteering.id}"})
    assert response.status_code == 302
    assert sorted(m["To"] for m in mailbox.messages) == ["anna@plonsk.pl", "bartek@raciaz.pl"]
    message = mailbox.last_to("anna@plonsk.pl")
    assert message["Subject"] == "Spotkanie sieci w Płońsku"
    token = people["hit"].announcements_token
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.endswith(
        f"/network/announcements/unsubscribe/{token}>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(message)
    assert "Zapraszamy na **spotkanie** sieci." in text
    assert f"/network/announcements/unsubscribe/{token}" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<strong>spotkanie</strong>" in html and "<script>" not in html
    assert f"/network/announcements/unsubscribe/{token}" in html

    announcement = db.session.scalar(select(Announcement))
    assert announcement.recipients == 2 and announcement.sent_by_id == staff.id
    assert (announcement.powiat_id, announcement.topic_id) == (mazowsze["plonski"].id,
                                                               volunteering.id)
    listing = Page(client.get("/manage/network/announcements").get_data(as_text=True))
    row = listing.text_by_id("announcements-table")
    assert "Spotkanie sieci w Płońsku" in row and "Anna Organizatorka" in row
    assert "Wolontariat" in row


def test_nobody_matching_means_no_send_button(client, staff, member_factory, mazowsze,
                                              mailbox):
    member_factory(institution=mazowsze["plonsk"], topics=["Konsultacje"])
    page = Page(client.post("/manage/network/announcements", data={
        "subject": "S", "body": "B", "powiat": str(mazowsze["plock"].id), "topic": "0",
        "preview": "1"}).get_data(as_text=True))
    assert "No member matches" in page.text_by_id("preview-heading")
    assert not any(e["tag"] == "button" and e["attrs"].get("name") == "send"
                   for e in page.elements)
    client.post("/manage/network/announcements", data={
        "subject": "S", "body": "B", "powiat": str(mazowsze["plock"].id), "topic": "0",
        "send": "1", "previewed": f"{mazowsze['plock'].id}:0"})
    assert mailbox.messages == [] and db.session.scalar(select(Announcement)) is None


def test_a_member_who_unsubscribes_gets_no_further_announcement(client, staff, member_factory,
                                                                mazowsze, mailbox):
    member = member_factory(institution=mazowsze["plonsk"], work_email="anna@plonsk.pl")
    data = {"subject": "Pierwsza", "body": "Treść", "powiat": "0", "topic": "0",
            "send": "1", "previewed": "0:0"}
    client.post("/manage/network/announcements", data=data)
    assert [m["To"] for m in mailbox.messages] == ["anna@plonsk.pl"]

    mailbox.clear()
    response = client.post(f"/network/announcements/unsubscribe/{member.announcements_token}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code in (200, 302)
    db.session.refresh(member)
    assert member.announcements_opt_out
    page = Page(client.post("/manage/network/announcements", data={
        **data, "subject": "Druga"}).get_data(as_text=True))
    assert "No member matches" in page.text_by_id("preview-heading")
    assert mailbox.messages == []


def test_announcements_need_their_own_consent_and_changes_are_logged(app, member_factory):
    member = member_factory(user=None)
    before = db.session.scalar(select(func.count(ConsentLog.id)))
    membership.stop_announcements(member)
    membership.set_announcements(member, True)
    db.session.commit()
    logs = db.session.scalars(select(ConsentLog).order_by(ConsentLog.id)).all()
    assert len(logs) == before + 2
    assert [log.choices["announcements"] for log in logs[-2:]] == [False, True]


def test_joining_without_ticking_announcements_sends_none(app, user_factory,
                                                         institution_factory):
    user = user_factory()
    member = services.join(user, services.MemberData(
        institution=institution_factory(), full_name="Ola", position="inspektorka",
        work_email="ola@example.org"))
    assert member.announcements_opt_out is True
    assert member.consents[-1].choices["announcements"] is False
