"""The register's pages: staff only for the list, history, edit and merge; the public
listing shows only consenting organisations and never their contact details; the list and
history pages take the same number of queries however many rows they show."""

from datetime import date

from sqlalchemy import select

from consult.advice.models import AdviceSession
from consult.extensions import db
from consult.institutions.models import Organisation, OrganisationMerge
from consult.organisations import merging
from tests.events.test_impact import PAST, attendee
from tests.html import page_of


def test_staff_pages_refuse_everyone_else(client, login_as, organisation_factory):
    org = organisation_factory()
    paths = ("/manage/organisations", f"/manage/organisations/{org.id}",
             f"/manage/organisations/{org.id}/edit", "/manage/organisations/new",
             "/manage/organisations/merge")
    for path in paths:
        assert client.get(path).status_code == 302  # to sign in
    login_as("user")
    for path in paths:
        assert client.get(path).status_code == 403
    assert client.post("/manage/organisations/merge", data={
        "kept_id": org.id, "duplicate_id": org.id}).status_code == 403


def test_staff_add_an_organisation_and_errors_keep_what_was_typed(client, staff, places):
    _county, plonsk, _sochocin = places
    response = client.post("/manage/organisations/new", data={
        "name": "Fundacja Nowa", "legal_form": "foundation", "krs": "123", "nip": "",
        "regon": "", "gmina_id": str(plonsk.id), "seat": "Płońsk", "areas": ["health"],
        "email": "biuro@nowa.example.org", "phone": "600 100 200", "website": ""})
    assert response.status_code == 200
    page = page_of(response)
    assert page.by_id("krs-error") is not None
    assert page.value_of("name") == "Fundacja Nowa"
    assert page.value_of("email") == "biuro@nowa.example.org"
    assert page.value_of("gmina_id") == str(plonsk.id)
    assert db.session.scalar(select(Organisation)) is None
    response = client.post("/manage/organisations/new", data={
        "name": "Fundacja Nowa", "legal_form": "foundation", "krs": "0000999999",
        "gmina_id": str(plonsk.id), "areas": ["health"], "public_listing": "y"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert (org.krs, org.gmina_id, org.areas, org.public_listing) == (
        "0000999999", plonsk.id, "health", True)


def test_the_list_filters_by_legal_form_county_and_area(client, staff, places,
                                                        organisation_factory):
    county, plonsk, _sochocin = places
    organisation_factory("Fundacja Zdrowie", legal_form="foundation", areas="health",
                         gmina_id=plonsk.id, powiat_id=county.id)
    organisation_factory("Stowarzyszenie Kultura", legal_form="association",
                         areas="culture")
    html = client.get("/manage/organisations?legal_form=foundation").get_data(as_text=True)
    assert "Fundacja Zdrowie" in html and "Stowarzyszenie Kultura" not in html
    html = client.get(f"/manage/organisations?powiat={county.id}").get_data(as_text=True)
    assert "Fundacja Zdrowie" in html and "Stowarzyszenie Kultura" not in html
    html = client.get("/manage/organisations?area=culture").get_data(as_text=True)
    assert "Fundacja Zdrowie" not in html and "Stowarzyszenie Kultura" in html
    html = client.get("/manage/organisations?area=cult").get_data(as_text=True)
    assert "Fundacja Zdrowie" in html and "Stowarzyszenie Kultura" in html  # unknown: all


def test_history_shows_trainings_comments_and_merges(client, staff, event_factory,
                                                     consultation_factory, user_factory,
                                                     organisation_factory):
    from tests.consultations.conftest import comment_on

    org = organisation_factory("Fundacja Łódź")
    held = event_factory(title="Szkolenie z dotacji", starts_in=PAST)
    attendee(held, "ala@example.org", full_name="Ala Obecna", organisation_id=org.id)
    attendee(held, "ola@example.org", full_name="Ola Nieobecna", days=0,
             organisation_id=org.id)
    consultation = consultation_factory(title="Program współpracy 2027")
    comment_on(consultation, user_factory(), on_behalf="organisation",
               organisation_name="fundacja lodz")
    db.session.add(AdviceSession(held_on=date(2026, 5, 4), minutes=90, topic="Statut fundacji",
                                 category="statute", form="phone", organisation_id=org.id))
    duplicate = organisation_factory("Fundacja Lodz")
    merging.merge_organisations(org, duplicate, staff)
    db.session.commit()
    html = client.get(f"/manage/organisations/{org.id}").get_data(as_text=True)
    for text in ("Ala Obecna", "Ola Nieobecna", "Szkolenie z dotacji",
                 "Program współpracy 2027", "Fundacja Lodz", "Statut fundacji", "1 h 30 min"):
        assert text in html


def test_staff_merge_through_the_page(client, staff, organisation_factory):
    kept = organisation_factory("Fundacja Łódź")
    duplicate = organisation_factory("fundacja lodz")
    html = client.get("/manage/organisations").get_data(as_text=True)
    assert "Likely duplicates" in html
    response = client.post("/manage/organisations/merge", data={
        "kept_id": kept.id, "duplicate_id": kept.id})
    assert response.status_code == 409
    response = client.post("/manage/organisations/merge", data={
        "kept_id": kept.id, "duplicate_id": duplicate.id})
    assert response.status_code == 302
    assert db.session.scalars(select(Organisation.name)).all() == ["Fundacja Łódź"]
    assert db.session.scalar(select(OrganisationMerge.merged_name)) == "fundacja lodz"


def test_public_listing_shows_only_consenting_ones_without_contact(client, places,
                                                                  organisation_factory):
    county, plonsk, _sochocin = places
    listed = organisation_factory(
        "Fundacja Jawna", legal_form="foundation", areas="education", gmina_id=plonsk.id,
        powiat_id=county.id, website="https://jawna.example.org", email="biuro@jawna.pl",
        phone="600 111 222", nip="5260250274", public_listing=True)
    hidden = organisation_factory("Fundacja Ukryta", public_listing=False)
    html = client.get("/organisations/").get_data(as_text=True)
    assert "Fundacja Jawna" in html and "Fundacja Ukryta" not in html
    html = client.get(f"/organisations/{listed.id}").get_data(as_text=True)
    assert "https://jawna.example.org" in html and "Płońsk" in html
    for private in ("biuro@jawna.pl", "600 111 222", "5260250274"):
        assert private not in html
    assert client.get(f"/organisations/{hidden.id}").status_code == 404
    assert client.get("/organisations/999999").status_code == 404


def test_forms_suggest_only_publicly_listed_names(client, event_factory,
                                                  organisation_factory):
    organisation_factory("Fundacja Jawna", public_listing=True)
    organisation_factory("Fundacja Ukryta")
    event = event_factory()
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert 'list="organisation-names"' in html
    assert '<option>Fundacja Jawna</option>' in html and "Fundacja Ukryta" not in html


def test_list_and_history_take_the_same_queries_however_many_rows(
        client, staff, places, event_factory, organisation_factory, count_queries):
    county, plonsk, _sochocin = places
    org = organisation_factory("Fundacja Pierwsza", gmina_id=plonsk.id, powiat_id=county.id)
    held = event_factory(title="Szkolenie", starts_in=PAST)

    def counted(path: str) -> int:
        db.session.expire_all()
        with count_queries:
            assert client.get(path).status_code == 200
        return count_queries.count

    attendee(held, "a0@example.org", organisation_id=org.id)
    list_one, history_one = counted("/manage/organisations"), counted(
        f"/manage/organisations/{org.id}")
    for n in range(1, 6):
        organisation_factory(f"Fundacja {n}", gmina_id=plonsk.id, powiat_id=county.id)
        other = event_factory(title=f"Szkolenie {n}", starts_in=PAST)
        attendee(other, f"a{n}@example.org", organisation_id=org.id)
    assert counted("/manage/organisations") == list_one
    assert counted(f"/manage/organisations/{org.id}") == history_one
