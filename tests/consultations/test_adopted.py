"""The adopted version: staff enter the final wording, publish it after the report, and the
public page shows per section what changed and which accepted comments led to it."""

import pytest

from consult.consultations import services
from consult.consultations.adopted import adopted_version, publish_final
from consult.consultations.report import publish_report
from consult.extensions import db
from tests.consultations.reporting import ORGANISATION, closed_consultation
from tests.html import page_of

NEW_GOAL = "Celem głównym programu jest budowanie partnerstwa i rozwój wolontariatu."


@pytest.fixture
def record(consultation_factory, user_factory):
    return closed_consultation(consultation_factory, user_factory)


# ---------------------------------------------------------------- the comparison


def test_sections_without_a_final_text_are_unchanged(record):
    version = adopted_version(record.consultation)
    assert [change.changed for change in version.sections] == [False, False, False]
    assert version.changed_count == 0


# ---------------------------------------------------------------- staff


def test_final_form_starts_from_the_draft_and_saves_the_adopted_wording(client, record, staff):
    consultation = record.consultation
    chapter, first, second = consultation.sections
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/final"))
    assert page.text_by_id(f"section_{first.id}") == first.text
    assert "no-changes" in {e["attrs"].get("id") for e in page.elements}

    response = client.post(f"/manage/consultations/{consultation.id}/final", data={
        f"section_{chapter.id}": "", f"section_{first.id}": NEW_GOAL,
        f"section_{second.id}": second.text, "final_note": "Uchwała nr XV/120/2026",
    }, follow_redirects=True)
    assert "1 part differs from the draft" in page_of(response).content
    db.session.expire_all()
    assert first.final_text == NEW_GOAL
    assert second.final_text == second.text
    assert consultation.final_note == "Uchwała nr XV/120/2026"
    assert consultation.final_published_at is None


def test_the_adopted_version_is_published_only_after_the_report(client, record, staff):
    consultation = record.consultation
    response = client.post(f"/manage/consultations/{consultation.id}/final/publish",
                           follow_redirects=True)
    assert "Publish the consultation report first" in page_of(response).content
    db.session.expire_all()
    assert consultation.final_published_at is None

    publish_report(consultation)
    db.session.commit()
    response = client.post(f"/manage/consultations/{consultation.id}/final/publish")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/consultations/{consultation.slug}/adopted")
    db.session.expire_all()
    assert consultation.final_published_at is not None
    # Sections staff left alone take the draft's wording.
    assert all(section.final_text == section.text for section in consultation.sections)


def test_a_manager_of_another_institution_cannot_touch_the_final_text(
        client, record, login_as, institution_factory):
    login_as("manager", institutions=[institution_factory(teryt="1405011", name="Gostynin")])
    consultation_id = record.consultation.id
    assert client.get(f"/manage/consultations/{consultation_id}/final").status_code == 403
    assert client.post(f"/manage/consultations/{consultation_id}/final/publish").status_code == 403


# ---------------------------------------------------------------- the public page


def adopt(record, staff):
    consultation = record.consultation
    first = consultation.sections[1]
    first.final_text = NEW_GOAL
    publish_report(consultation)
    consultation.final_note = "Uchwała nr XV/120/2026"
    publish_final(consultation)
    db.session.commit()
    return first


def test_public_page_shows_changes_and_the_comments_behind_them(client, record, user_factory):
    first = adopt(record, user_factory(role="staff"))
    second = record.consultation.sections[2]
    client.post("/language", data={"language": "en", "next": "/"})
    response = client.get(f"/consultations/{record.consultation.slug}/adopted")
    assert response.status_code == 200
    page = page_of(response)
    assert page.by_id("preview-notice") is None
    assert "1 of the 3 parts of the document changed." in page.text_by_id("changed-count")
    changed = page.text_by_id(first.anchor)
    assert "changed" in changed and NEW_GOAL in changed
    diff = page.text_by_id(f"{first.anchor}-diff")
    assert "added: i rozwój wolontariatu" in diff
    comment = page.text_by_id(f"adopting-comment-{record.org_comment.id}")
    assert ORGANISATION in comment and "accepted" in comment
    assert "Uwzględniono: dopisano rozwój wolontariatu." in comment
    unchanged = page.text_by_id(second.anchor)
    assert "unchanged" in unchanged
    assert page.by_id(f"{second.anchor}-diff") is None
    # Rejected and not applicable comments are not among those that changed the text.
    assert f"adopting-comment-{record.later_comment.id}" not in response.get_data(as_text=True)
    assert "Uchwała nr XV/120/2026" in page.text_by_id("adopted-summary")


def test_adopted_page_is_hidden_until_published_but_staff_see_a_preview(
        client, record, login_as):
    url = f"/consultations/{record.consultation.slug}/adopted"
    assert client.get(url).status_code == 404
    login_as("user")
    assert client.get(url).status_code == 404
    login_as("manager", institutions=[record.consultation.institution])
    response = client.get(url)
    assert response.status_code == 200
    assert page_of(response).by_id("preview-notice") is not None
    assert "no-store" in response.headers["Cache-Control"]


def test_publishing_twice_is_refused(record, user_factory):
    adopt(record, user_factory(role="staff"))
    with pytest.raises(services.ConsultationError):
        publish_final(record.consultation)


def test_after_publishing_staff_see_the_changes_without_the_form(client, record, staff):
    first = adopt(record, staff)
    page = page_of(client.get(f"/manage/consultations/{record.consultation.id}/final"))
    assert "The adopted version was published on" in page.text_by_id("final-status")
    assert page.by_id("final-form") is None
    assert page.text_by_id(f"change-{first.id}") == "§ 1 Cel główny"
    assert page.by_id(f"adopting-comment-{record.org_comment.id}") is not None
