"""Required means required: the organisation of NGO and JST participants, register numbers
(KRS, NIP, REGON) checked the same way in every form that asks for them."""

from sqlalchemy import func, select

from consult.consultations.models import Comment
from consult.events.models import Registration
from consult.extensions import db
from consult.institutions.models import Organisation
from tests.conftest import REGISTRATION_FORM
from tests.html import page_of

TYPED = {**REGISTRATION_FORM, "organisation": "", "position": "koordynatorka projektu",
         "phone": "+48 600 100 200", "needs": "Pętla indukcyjna", "consent_needs": "y",
         "consent_image": "y"}


def english(client):
    client.set_cookie("lang", "en")


def registrations() -> int:
    return db.session.scalar(select(func.count()).select_from(Registration))


def checked(page, name: str) -> list[str]:
    return [e["attrs"].get("value", "y") for e in page.elements
            if e["tag"] == "input" and e["attrs"].get("name") == name
            and "checked" in e["attrs"]]


def textarea(page, name: str) -> str:
    element = next(e for e in page.elements
                   if e["tag"] == "textarea" and e["attrs"].get("name") == name)
    return "".join(element["text"]).strip()


def test_ngo_registration_without_organisation_is_refused_keeping_everything_typed(
        client, event_factory):
    event = event_factory()
    response = client.post(f"/events/{event.slug}/register", data=TYPED)
    assert response.status_code == 200
    page = page_of(response)
    assert "Wpisz nazwę swojej organizacji lub instytucji" in page.text_by_id("organisation-error")
    assert page.by_id("organisation")["attrs"]["aria-invalid"] == "true"
    assert page.value_of("full_name") == TYPED["full_name"]
    assert page.value_of("email") == TYPED["email"]
    assert checked(page, "category") == ["ngo"]
    assert page.value_of("position") == TYPED["position"]
    assert page.value_of("phone") == TYPED["phone"]
    assert textarea(page, "needs") == TYPED["needs"]
    assert checked(page, "consent_needs") and checked(page, "consent_rodo")
    assert checked(page, "consent_image")
    assert registrations() == 0

    response = client.post(f"/events/{event.slug}/register",
                           data={**TYPED, "organisation": "Stowarzyszenie Aktywni Razem"})
    assert response.status_code == 200 and registrations() == 1


def test_jst_participant_needs_an_institution_and_a_resident_does_not(client, event_factory):
    english(client)
    event = event_factory()
    response = client.post(f"/events/{event.slug}/register",
                           data={**TYPED, "category": "jst", "organisation": "   "})
    assert "required when you take part for an NGO or a local government" in page_of(
        response).text_by_id("organisation-error")
    assert registrations() == 0
    response = client.post(f"/events/{event.slug}/register",
                           data={**TYPED, "category": "resident"})
    assert page_of(response).by_id("organisation-error") is None
    assert registrations() == 1


def test_the_organisation_field_is_not_marked_required_for_everyone(client, event_factory):
    """Residents leave it empty: the browser must not demand it."""
    event = event_factory()
    page = page_of(client.get(f"/events/{event.slug}/register"))
    assert "required" not in page.by_id("organisation")["attrs"]


def test_staff_cannot_add_an_ngo_participant_without_organisation(client, staff, event_factory):
    event = event_factory()
    form = {"full_name": "Jan Dopisany", "email": "jan@example.org", "category": "ngo",
            "organisation": "", "position": "prezes", "phone": "", "note": "telefonicznie"}
    response = client.post(f"/manage/events/{event.id}/registrations/add", data=form)
    assert response.status_code == 200
    page = page_of(response)
    assert "required for NGO and local government participants" in page.text_by_id(
        "organisation-error")
    assert page.value_of("full_name") == "Jan Dopisany" and page.value_of("position") == "prezes"
    assert registrations() == 0
    response = client.post(f"/manage/events/{event.id}/registrations/add",
                           data={**form, "organisation": "Fundacja Razem"})
    assert response.status_code == 302 and registrations() == 1


# ---------------------------------------------------------------- register numbers


def comment_form(**changes) -> dict:
    return {"section": "", "body": "Proponujemy zwiększyć środki na zadania priorytetowe.",
            "proposed_text": "", "justification": "", "on_behalf": "organisation",
            "organisation_name": "Stowarzyszenie Razem", "organisation_krs": "", **changes}


def comments() -> list[Comment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def test_comment_krs_must_have_ten_digits(client, consultation_factory, login_as):
    english(client)
    consultation = consultation_factory()
    login_as("user")
    url = f"/consultations/{consultation.slug}/comments"
    response = client.post(url, data=comment_form(organisation_krs="123456"))
    page = page_of(response)
    assert "A KRS number has 10 digits" in page.text_by_id("organisation_krs-error")
    assert page.value_of("organisation_krs") == "123456"
    assert page.value_of("organisation_name") == "Stowarzyszenie Razem"
    assert comments() == []

    client.post(url, data=comment_form(organisation_krs="KRS 0000 123 456"))
    assert [c.organisation_krs for c in comments()] == ["0000123456"]


def test_comment_names_another_register_in_its_own_field(client, consultation_factory,
                                                         login_as):
    english(client)
    consultation = consultation_factory()
    login_as("user")
    url = f"/consultations/{consultation.slug}/comments"
    register = "Ewidencja stowarzyszeń zwykłych starosty płońskiego, nr 12"
    response = client.post(url, data=comment_form(organisation_krs="0000123456",
                                                  organisation_register=register))
    assert "either the KRS number or another register" in page_of(response).text_by_id(
        "organisation_register-error")
    assert comments() == []

    client.post(url, data=comment_form(organisation_register=register))
    (comment,) = comments()
    assert comment.organisation_krs == register
    # Editing it shows the register in its own field, not as a wrong KRS number.
    page = page_of(client.get(f"/consultations/{consultation.slug}/comments/{comment.id}/edit"))
    assert page.value_of("organisation_krs") == ""
    assert page.value_of("organisation_register") == register


def test_organisation_numbers_are_checked_and_stored_compact(client, login_as):
    english(client)
    login_as("staff")
    form = {"name": "Fundacja Numerów", "legal_form": "foundation", "krs": "000012345",
            "other_register": "", "nip": "PL 526 025 02 75", "regon": "12345678512347",
            "gmina_id": "0", "seat": "Płońsk", "website": ""}
    page = page_of(client.post("/manage/organisations/new", data=form))
    assert "A KRS number has 10 digits" in page.text_by_id("krs-error")
    assert "not a valid NIP number" in page.text_by_id("nip-error")
    assert page.by_id("regon-error") is None
    assert page.value_of("nip") == "PL 526 025 02 75"

    response = client.post("/manage/organisations/new", data={
        **form, "krs": "0000-012-345", "nip": "PL 526-025-02-74"})
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.krs, organisation.nip, organisation.regon) == (
        "0000012345", "5260250274", "12345678512347")
