"""The consultation page that visitors who are not signed in see is cached between changes;
every change shows on their next view, and what is personal never reaches them."""

from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import CommentStatus
from consult.extensions import db
from tests.consultations.conftest import comment_on


def test_a_new_comment_and_its_approval_show_at_once(client, consultation_factory, login_as):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    url = f"/consultations/{consultation.slug}/"
    visitor = client.application.test_client()
    assert "Proponujemy doprecyzować" not in visitor.get(url).get_data(as_text=True)

    author = login_as("user")
    comment = comment_on(consultation, author, section=consultation.sections[1])
    own = client.get(url).get_data(as_text=True)
    assert "Proponujemy doprecyzować" in own  # the author sees it waiting for moderation
    assert "Proponujemy doprecyzować" not in visitor.get(url).get_data(as_text=True)

    comment.status = CommentStatus.PUBLISHED  # approved by the moderator
    db.session.commit()
    assert "Proponujemy doprecyzować" in visitor.get(url).get_data(as_text=True)


def test_edits_of_the_draft_show_at_once(client, consultation_factory):
    consultation = consultation_factory()
    url = f"/consultations/{consultation.slug}/"
    assert "Cel główny" in client.get(url).get_data(as_text=True)
    consultation.sections[1].title = "Cel strategiczny"
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Cel strategiczny" in page and "Cel główny" not in page


def test_an_unannounced_consultation_stays_hidden(client, consultation_factory):
    consultation = consultation_factory(announced=False)
    assert client.get(f"/consultations/{consultation.slug}/").status_code == 404


def test_the_comment_form_lists_a_new_section_at_once(client, consultation_factory, login_as):
    """The form's list of sections is cached between changes of the sections."""
    from consult.consultations.models import Section
    from tests.conftest import counted_queries

    consultation = consultation_factory()
    url = f"/consultations/{consultation.slug}/comment"
    login_as("user")
    assert "§ 3 Formy współpracy" not in client.get(url).get_data(as_text=True)
    consultation.sections.append(Section(position=3, level=2, number="§ 3",
                                         title="Formy współpracy", text="Współpraca ma formy."))
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert page.count("§ 3 Formy współpracy") == 2  # both lists: the wording and the form
    with counted_queries() as statements:
        client.get(url)
    assert not any("consultation_sections" in statement for statement in statements)


def test_the_comment_form_shows_a_changed_wording_at_once(client, consultation_factory,
                                                          login_as):
    """The chosen section's wording comes from the cached sections too."""
    from tests.conftest import counted_queries

    consultation = consultation_factory()
    section = consultation.sections[1]
    url = f"/consultations/{consultation.slug}/comment?section={section.id}"
    login_as("user")
    assert "budowanie partnerstwa" in client.get(url).get_data(as_text=True)
    section.text = "Celem programu jest wzmacnianie organizacji."
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "wzmacnianie organizacji" in page and "budowanie partnerstwa" not in page
    with counted_queries() as statements:
        client.get(url)
    # Neither the sections nor the person's comments (the remembered organisation is on
    # the account) are read for a form.
    assert not any("consultation_sections" in statement
                   or "consultation_comments" in statement for statement in statements)


def test_a_comment_leaves_what_is_cached_of_the_consultation(client, consultation_factory,
                                                             login_as):
    """The comment lock changes no data: the consultation keeps its version (its cached
    form and wording stay), while its comments get a new one."""
    from sqlalchemy import select

    from consult.caching import TableVersion
    from tests.consultations.test_comments import comments_of, form_data

    def table_versions() -> dict[str, int]:
        db.session.expire_all()
        return dict(db.session.execute(select(TableVersion.table_name, TableVersion.version)).all())

    consultation = consultation_factory()
    login_as("user")
    before = table_versions()
    response = client.post(f"/consultations/{consultation.slug}/comments", data=form_data())
    assert response.status_code == 302 and len(comments_of(consultation)) == 1
    after = table_versions()
    assert after.get("consultations") == before.get("consultations")
    assert after["consultation_comments"] != before.get("consultation_comments")
