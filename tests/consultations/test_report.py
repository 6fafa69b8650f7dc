"""The consultation report: its figures and table, who may see it before publishing,
publishing it (only once every comment has an answer) and the e-mails it sends, the text of
element 10 of the programme."""

import secrets
from datetime import timedelta

import pytest
from flask_babel import force_locale

from consult.consultations import services
from consult.consultations.models import Comment, CommentStatus, Subscription
from consult.consultations.report import build_report, element_10_text, publish_report
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.consultations.conftest import comment_on
from tests.consultations.reporting import ORGANISATION, closed_consultation
from tests.html import page_of


@pytest.fixture
def record(consultation_factory, user_factory):
    return closed_consultation(consultation_factory, user_factory)


def subscribe(consultation, email, user=None):
    subscription = Subscription(email=email, user_id=user.id if user else None,
                                consultation_id=consultation.id,
                                token=secrets.token_urlsafe(32), locale="en",
                                confirmed_at=utcnow())
    db.session.add(subscription)
    db.session.commit()
    return subscription


# ---------------------------------------------------------------- the figures and the table


def test_header_counts_people_organisations_and_decisions(record):
    with force_locale("en"):
        report = build_report(record.consultation)
        items = {key: value for key, _label, value in report.header_items()}
    assert report.comments == 3  # hidden and withdrawn ones are not in the table
    assert report.participants == 2  # Maria (twice, for her organisation) and Jan
    assert report.organisations == 1  # the same name typed in another case counts once
    assert (report.hidden, report.withdrawn, report.pending, report.unanswered) == (1, 1, 0, 0)
    assert report.decisions == {"accepted": 1, "partially_accepted": 0, "rejected": 1,
                                "not_applicable": 1}
    assert items["legal-basis"].startswith("Uchwała nr XII/85/2011")
    assert items["subject"] == record.consultation.title
    assert "Płońsk" in items["institution"]
    assert items["participants"] == "2" and items["organisations"] == "1"
    assert items["comments"] == "3"
    assert "1 hidden by the moderator" in items["left-out"]
    assert "1 withdrawn" in items["left-out"]
    assert items["prepared-by"] == "Anna Nowak, koordynatorka"
    assert "electronic form" in items["forms"]


def test_rows_follow_the_document_and_name_organisations_with_their_register(record):
    with force_locale("en"):
        rows = build_report(record.consultation).rows
    # The whole document first, then § 1, then § 2, whatever order they came in.
    assert [row.comment.id for row in rows] == [
        record.general_comment.id, record.org_comment.id, record.later_comment.id]
    assert [row.number for row in rows] == [3, 2, 1]  # the numbers they got as they came
    general, org, _later = rows
    assert general.fragment == "the whole document"
    assert general.author.startswith("Private person no.")
    assert "Jan Kowalski" not in general.author and "@" not in general.author
    assert org.fragment == "§ 1 Cel główny"
    assert org.author == f"{ORGANISATION} (KRS 0000123456)"
    assert org.cells[7:] == ["accepted", "Uwzględniono: dopisano rozwój wolontariatu."]


def test_meetings_held_are_listed_with_date_and_place(record, event_factory):
    past = event_factory(title="Spotkanie konsultacyjne", type="consultation_meeting",
                         starts_in=timedelta(days=-2))
    future = event_factory(title="Spotkanie za tydzień", type="consultation_meeting")
    record.consultation.meetings = [past, future]
    db.session.commit()
    with force_locale("en"):
        report = build_report(record.consultation)
        forms = report.forms
    assert [m.title for m in report.meetings] == ["Spotkanie konsultacyjne"]
    assert "Urząd Miasta Płońsk" in report.meetings[0].place
    assert "consultation meeting" in forms


# ---------------------------------------------------------------- who sees it


def test_report_is_hidden_from_the_public_until_published(client, record, login_as,
                                                          institution_factory):
    slug = record.consultation.slug
    urls = [f"/consultations/{slug}/report", f"/consultations/{slug}/report.csv",
            f"/consultations/{slug}/report.xlsx", f"/consultations/{slug}/report.docx"]
    for url in urls:
        assert client.get(url).status_code == 404
    login_as("user")
    assert client.get(urls[0]).status_code == 404
    other = institution_factory(teryt="1405011", name="Gostynin")
    login_as("manager", institutions=[other])
    for url in urls:
        assert client.get(url).status_code == 404


def test_staff_and_the_institutions_manager_see_a_marked_preview(client, record, staff,
                                                                 login_as):
    response = client.get(f"/consultations/{record.consultation.slug}/report")
    assert response.status_code == 200
    page = page_of(response)
    assert "Preview." in page.text_by_id("preview-notice")
    assert "no-store" in response.headers["Cache-Control"]

    login_as("manager", institutions=[record.consultation.institution])
    client.post("/language", data={"language": "en", "next": "/"})
    response = client.get(f"/consultations/{record.consultation.slug}/report")
    assert response.status_code == 200
    assert page_of(response).by_id("preview-notice") is not None


def test_published_report_shows_every_answer_to_everyone(client, record):
    publish_report(record.consultation)
    db.session.commit()
    client.post("/language", data={"language": "en", "next": "/"})
    response = client.get(f"/consultations/{record.consultation.slug}/report")
    assert response.status_code == 200
    page = page_of(response)
    assert page.by_id("preview-notice") is None
    rows = page.table_rows()
    assert rows[1][:2] == ["2", f"{ORGANISATION} (KRS 0000123456)"]
    assert rows[1][2].endswith("through the platform")  # the date and how it came
    assert rows[1][3:5] == ["§ 1 Cel główny", "Dodać cel dotyczący wolontariatu."]
    assert rows[1][7:] == ["accepted", "Uwzględniono: dopisano rozwój wolontariatu."]
    assert page.text_by_id("report-participants") == "2"
    assert "maria@example.org" not in response.get_data(as_text=True)
    assert "Spam spam" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- publishing


def test_publishing_is_refused_while_a_comment_has_no_answer(
        client, consultation_factory, user_factory, staff, mailbox):
    record = closed_consultation(consultation_factory, user_factory, answer=False)
    services.answer_comment(record.org_comment, staff, "accepted", "Tak.")
    db.session.commit()
    consultation_id = record.consultation.id
    mailbox.clear()  # the commenters' receipts

    page = page_of(client.get(f"/manage/consultations/{consultation_id}/report"))
    assert "2 comments have no answer yet" in page.text_by_id("report-blockers")

    response = client.post(f"/manage/consultations/{consultation_id}/report/publish",
                           follow_redirects=True)
    assert "2 comments have no answer yet" in page_of(response).content
    db.session.expire_all()
    assert record.consultation.report_published_at is None
    assert mailbox.messages == []
    # Not public, and no answer leaked.
    client.post("/auth/logout")
    assert client.get(f"/consultations/{record.consultation.slug}/report").status_code == 404


def test_publishing_is_refused_while_a_comment_waits_for_moderation(
        consultation_factory, user_factory, staff):
    consultation = consultation_factory(moderation="pre")
    comment_on(consultation, user_factory(), body="Czeka na moderację.")
    consultation.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with force_locale("en"), pytest.raises(services.ConsultationError) as refused:
        publish_report(consultation)
    assert "1 comments wait for moderation" in str(refused.value)
    assert consultation.report_published_at is None


def test_publishing_is_refused_before_the_close(consultation_factory, staff):
    consultation = consultation_factory()
    with force_locale("en"), pytest.raises(services.ConsultationError, match="not closed"):
        publish_report(consultation)


def test_publishing_notifies_commenters_and_followers_once_each(client, record, staff, mailbox):
    consultation = record.consultation
    follower = subscribe(consultation, "obserwator@example.org")
    both = subscribe(consultation, "maria@example.org", user=record.maria)
    record.maria.locale = record.jan.locale = "en"
    db.session.commit()

    response = client.post(f"/manage/consultations/{consultation.id}/report/publish",
                           follow_redirects=True)
    assert "The report is published; 3 e-mails" in page_of(response).content
    db.session.expire_all()
    assert consultation.report_published_at is not None

    assert sorted(m["To"] for m in mailbox.messages) == [
        "jan@example.org", "maria@example.org", "obserwator@example.org"]
    maria = mailbox.last_to("maria@example.org")
    text = text_of(maria)
    assert "Dodać cel dotyczący wolontariatu." in text
    assert "accepted" in text and "Uwzględniono: dopisano rozwój wolontariatu." in text
    assert f"/consultations/{consultation.slug}/report" in text
    # Maria follows the consultation too: one e-mail, with her unsubscribe link.
    assert maria["List-Unsubscribe"] == (
        f"<http://127.0.0.1:5000/consultations/subscriptions/{both.token}/unsubscribe>")
    assert maria["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    jan = text_of(mailbox.last_to("jan@example.org"))
    assert "Program powinien mieć harmonogram." in jan and "not accepted" in jan
    assert "Dodać cel" not in jan  # only his own comments
    assert mailbox.last_to("jan@example.org")["List-Unsubscribe"] is None

    watcher = mailbox.last_to("obserwator@example.org")
    assert follower.token in watcher["List-Unsubscribe"]
    assert watcher["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Your comment" not in text_of(watcher)


def test_answers_cannot_change_after_publishing(record, staff):
    publish_report(record.consultation)
    db.session.commit()
    with pytest.raises(services.ConsultationError):
        services.answer_comment(record.org_comment, staff, "rejected", "Jednak nie.")


def test_the_published_record_no_longer_changes(client, record, staff):
    """Moderation, the draft and the consultation's details are frozen with the report."""
    consultation = record.consultation
    publish_report(consultation)
    db.session.commit()
    hidden = db.session.scalar(db.select(Comment).where(Comment.status == CommentStatus.HIDDEN))
    with pytest.raises(services.ConsultationError):
        services.publish_comment(hidden, staff)
    with pytest.raises(services.ConsultationError):
        services.hide_comment(record.org_comment, staff, "Za późno")
    base = f"/manage/consultations/{consultation.id}"
    section = consultation.sections[1]
    for path, data in ((f"{base}/comments/{hidden.id}/publish", {}),
                       (f"{base}/comments/{record.org_comment.id}/hide", {"reason": "x"}),
                       (f"{base}/sections/{section.id}/edit",
                        {"level": "2", "number": "§ 9", "title": "Zmienione", "text": "x"}),
                       (f"{base}/edit", {"title": "Nowy tytuł"})):
        client.post(path, data=data)
    db.session.expire_all()
    assert hidden.status == CommentStatus.HIDDEN
    assert record.org_comment.status == CommentStatus.PUBLISHED
    assert (section.number, section.title) == ("§ 1", "Cel główny")
    assert consultation.title.startswith("Program współpracy Gminy Płońsk")
    page = page_of(client.get(f"{base}/comments"))
    assert not page.by_id(f"hide-{record.org_comment.id}")


def test_publishing_twice_sends_the_mail_once(record, staff, mailbox):
    assert publish_report(record.consultation) == 2  # Maria and Jan
    db.session.commit()
    with pytest.raises(services.ConsultationError):
        publish_report(record.consultation)
    db.session.commit()
    assert len(mailbox.messages) == 2


def test_an_edited_comment_loses_its_answer(consultation_factory, user_factory, staff):
    consultation = consultation_factory()
    author = user_factory()
    comment = comment_on(consultation, author, section=consultation.sections[1])
    services.answer_comment(comment, staff, "accepted", "Uwzględniono.")
    services.edit_comment(comment, author, services.CommentData(
        section_id=consultation.sections[2].id, body="Zupełnie inna treść."))
    db.session.commit()
    assert comment.decision is None and comment.decision_text == ""
    assert services.unanswered_count(consultation) == 1


def test_draft_meetings_stay_out_of_the_report(record, event_factory):
    draft = event_factory(title="Tajne spotkanie robocze", type="consultation_meeting",
                          starts_in=timedelta(days=-2), status="draft")
    record.consultation.meetings = [draft]
    db.session.commit()
    assert build_report(record.consultation).meetings == []


def test_participants_are_organisations_and_private_people(consultation_factory,
                                                           user_factory):
    consultation = consultation_factory()
    anna, piotr = user_factory(), user_factory()
    for name in ("Fundacja A", "Stowarzyszenie B"):  # Anna writes for two organisations
        comment_on(consultation, anna, on_behalf="organisation", organisation_name=name)
    comment_on(consultation, piotr, on_behalf="organisation", organisation_name="fundacja a")
    comment_on(consultation, piotr)  # and once as a private person
    report = build_report(consultation)
    assert (report.participants, report.organisations) == (3, 2)


# ---------------------------------------------------------------- the staff page


def test_staff_save_the_header_and_see_the_preview_and_element_10(client, record, staff):
    consultation_id = record.consultation.id
    response = client.post(f"/manage/consultations/{consultation_id}/report", data={
        "report_forms": "formularz elektroniczny i spotkanie",
        "report_conclusion": "Projekt zostanie przedłożony Radzie Miejskiej.",
        "report_prepared_by": "Jan Urzędnik",
    }, follow_redirects=True)
    assert response.status_code == 200
    page = page_of(response)
    assert page.text_by_id("report-conclusion") == "Projekt zostanie przedłożony Radzie Miejskiej."
    assert page.text_by_id("report-forms") == "formularz elektroniczny i spotkanie"
    assert page.by_id("report-ready") is not None
    element_10 = page.text_by_id("element-10")
    assert "3 comments" in element_10
    assert "readonly" in page.by_id("element-10")["attrs"]


def test_the_report_page_of_staff_belongs_to_the_institutions_managers(
        client, record, login_as, institution_factory):
    other = institution_factory(teryt="1405011", name="Gostynin")
    login_as("manager", institutions=[other])
    consultation_id = record.consultation.id
    assert client.get(f"/manage/consultations/{consultation_id}/report").status_code == 403
    assert client.post(
        f"/manage/consultations/{consultation_id}/report/publish").status_code == 403
    db.session.expire_all()
    assert record.consultation.report_published_at is None


# ---------------------------------------------------------------- element 10


def test_element_10_text_states_the_figures(record, event_factory):
    meeting = event_factory(title="Spotkanie konsultacyjne", type="consultation_meeting",
                            starts_in=timedelta(days=-2))
    record.consultation.meetings = [meeting]
    db.session.commit()
    with force_locale("en"):
        text = element_10_text(record.consultation)
    assert record.consultation.title in text
    assert "Uchwała nr XII/85/2011" in text
    assert "3 comments" in text and "2 participants" in text and "1 organisation" in text
    assert "accepted – 1" in text and "not accepted – 1" in text
    assert "1 consultation meeting was held" in text and "Urząd Miasta Płońsk" in text
    assert f"/consultations/{record.consultation.slug}/report" in text


def test_element_10_text_when_nobody_commented(consultation_factory):
    consultation = consultation_factory()
    with force_locale("en"):
        text = element_10_text(consultation)
    assert "No comments were submitted during the consultation." in text


def test_after_publishing_the_staff_page_shows_the_record_without_the_form(client, record,
                                                                             staff):
    publish_report(record.consultation)
    db.session.commit()
    page = page_of(client.get(f"/manage/consultations/{record.consultation.id}/report"))
    assert "The report was published on" in page.text_by_id("report-status")
    assert page.by_id("report-form") is None
    assert len(page.table_rows()) == 3
    # Saving the header is ignored once published.
    client.post(f"/manage/consultations/{record.consultation.id}/report",
                data={"report_conclusion": "Zmiana po publikacji"})
    db.session.expire_all()
    assert record.consultation.report_conclusion == ""


def test_report_page_runs_the_same_queries_for_many_comments(client, record, staff):
    from consult.consultations.models import Comment
    from tests.conftest import counted_queries

    consultation = record.consultation

    def add_comments(count):
        for n in range(count):
            db.session.add(Comment(
                consultation_id=consultation.id, section_id=consultation.sections[n % 3].id,
                author_id=record.jan.id, author_name="Jan Kowalski", private_number=2,
                body=f"Uwaga {n}", decision="rejected", decision_text="Nie."))
        db.session.commit()

    url = f"/consultations/{consultation.slug}/report"
    add_comments(2)  # commits: what the session holds is expired, as in a fresh request
    with counted_queries() as few:
        client.get(url)
    add_comments(40)
    with counted_queries() as many:
        response = client.get(url)
    assert len(page_of(response).table_rows()) == 45
    assert len(many) == len(few)
