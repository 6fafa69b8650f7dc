"""Staff edit a project's page: amounts as written in Poland, dates in order, partners
linked to the register, and the question the funder's report counts sex by."""

from decimal import Decimal

from sqlalchemy import select

from consult.events.funding import FundingProject, ProjectPartner
from consult.extensions import db
from consult.institutions.models import Organisation
from tests.html import page_of

FORM = {"name": "Koalicja dialogu", "funder": "Fundusze EOG", "currency": "EUR",
        "programme": "Aktywni Obywatele – Fundusz Krajowy", "starts_on": "2021-03-20",
        "ends_on": "2024-01-15", "total_cost": "135 940,00", "grant_amount": "135940.00",
        "published": "y", "blank_rows": "5"}


def test_staff_publish_a_project_page_with_amounts_typed_the_polish_way(client, staff):
    response = client.post("/manage/events/projects/new", data=FORM)
    assert response.status_code == 302
    project = db.session.scalar(select(FundingProject))
    assert (project.total_cost, project.grant_amount) == (Decimal("135940.00"),
                                                          Decimal("135940.00"))
    assert project.slug == "koalicja-dialogu" and project.published
    page = page_of(client.get(response.headers["Location"]))
    assert page.by_id("public-page-link").get("attrs", {}).get("href") == \
        "/projects/koalicja-dialogu/"
    client.post(f"/manage/events/projects/{project.id}", data=FORM | {"name": "Nowa nazwa"})
    assert project.slug == "koalicja-dialogu"  # the address stays when the name changes


def test_wrong_dates_and_amounts_are_told_next_to_their_fields(client, staff):
    response = client.post("/manage/events/projects/new", data=FORM | {
        "ends_on": "2020-01-01", "grant_amount": "200 000,00", "total_cost": "dużo"})
    page = page_of(response)
    assert "The end cannot come before the start." in page.text_by_id("ends_on-error")
    assert "Enter an amount" in page.text_by_id("total_cost-error")
    assert db.session.scalar(select(FundingProject)) is None
    response = client.post("/manage/events/projects/new", data=FORM | {
        "grant_amount": "200 000,00"})
    assert "more than the total cost" in page_of(response).text_by_id("grant_amount-error")


def test_partners_link_to_the_register_and_to_the_jst(client, staff, project_factory,
                                                     institution_factory):
    project = project_factory()
    powiat = institution_factory(teryt="1420", name="płoński", kind="powiat")
    db.session.add(Organisation(name="Federacja ROSA", search_name="federacja rosa"))
    db.session.commit()
    url = f"/manage/projects/{project.id}/partners"
    client.post(url, data={"partner_name": "Starostwo Powiatowe w Płońsku", "teryt": "1420"})
    client.post(url, data={"partner_name": "federacja rosa"})
    partners = db.session.scalars(select(ProjectPartner).order_by(ProjectPartner.id)).all()
    assert partners[0].institution_id == powiat.id and partners[1].organisation_id
    response = client.post(url, data={"partner_name": "Gmina Nieznana", "teryt": "9999999"})
    page = page_of(response)
    assert "No local government has the TERYT code 9999999." in page.text_by_id("teryt-error")
    assert page.by_id("partner_name").get("attrs", {}).get("value") == "Gmina Nieznana"
    assert len(project.partners) == 2
    other = project_factory(name="Inny", slug="inny")
    assert client.post(f"/manage/projects/{other.id}/partners/{partners[0].id}/delete"
                       ).status_code == 404
    client.post(f"/manage/projects/{project.id}/partners/{partners[0].id}/delete")
    assert [p.name for p in project.partners] == ["federacja rosa"]


def test_the_sex_question_is_a_single_choice_one_per_event(client, staff, event_factory):
    event = event_factory(questions=[{"kind": "choice", "label": "Płeć",
                                      "options": "kobieta\nmężczyzna"}])
    url = f"/manage/events/{event.id}/questions"
    response = client.post(url, data={"kind": "text", "label": "Płeć?", "reports_sex": "y"})
    assert "Only a single-choice question" in page_of(response).text_by_id("reports_sex-error")
    client.post(url, data={"kind": "choice", "label": "Płeć (2)", "options": "k\nm",
                           "reports_sex": "y"})
    first, second = event.questions
    edit = f"/manage/events/{event.id}/questions/{first.id}/edit"
    client.post(edit, data={"kind": "choice", "label": "Płeć", "options": "kobieta\nmężczyzna",
                            "reports_sex": "y"})
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.reports_sex, second.reports_sex) == (True, False)


def test_a_logo_needs_what_it_shows(client, staff, project_factory):
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    project = project_factory()
    url = f"/manage/events/projects/{project.id}/logos"
    page = page_of(client.post(url, data={"logo": (io.BytesIO(buffer.getvalue()), "eog.png")},
                               content_type="multipart/form-data"))
    assert "Say what the logo shows" in page.text_by_id("alt_text-error")
    assert project.logos == []
    client.post(url, data={"logo": (io.BytesIO(buffer.getvalue()), "eog.png"),
                           "alt_text": "Fundusze EOG"}, content_type="multipart/form-data")
    db.session.refresh(project)
    assert [logo.alt_text for logo in project.logos] == ["Fundusze EOG"]
