"""The register's rules: saving (numbers checked, the county follows the gmina, the
consent's date), linking by exact match only, merging, likely duplicates, the impact
figure counted through the links."""

from datetime import date

import pytest
from sqlalchemy import func, select

from consult.advice.models import AdviceSession
from consult.consultations.models import Comment
from consult.events import impact
from consult.events import services as event_services
from consult.events.models import Registration
from consult.extensions import db
from consult.institutions.models import Organisation, OrganisationMerge
from consult.organisations import merging, services
from consult.organisations.forms.manage import OrganisationForm
from tests.consultations.conftest import comment_on
from tests.events.test_impact import PAST, attendee, hand_counted_world


def register(event, organisation, email="ala@example.org", category="ngo"):
    registration = event_services.register(event, event_services.RegistrationData(
        full_name="Ala Kot", email=email, category=category, organisation=organisation),
        staff=object())
    db.session.commit()
    return registration


def test_form_checks_register_numbers(app):
    with app.test_request_context(method="POST", data={
            "name": "Fundacja", "legal_form": "foundation", "krs": "KRS 123",
            "nip": "526-025-02-75", "regon": "012345678", "gmina_id": "0"}):
        form = OrganisationForm(meta={"csrf": False})
        form.gmina_id.choices = [(0, "—")]
        assert not form.validate()
        assert set(form.errors) == {"krs", "nip", "regon"}
    with app.test_request_context(method="POST", data={
            "name": "Fundacja", "legal_form": "foundation", "krs": "KRS 0000123456",
            "nip": "526-025-02-74", "regon": "012345675", "gmina_id": "0"}):
        form = OrganisationForm(meta={"csrf": False})
        form.gmina_id.choices = [(0, "—")]
        assert form.validate(), form.errors
        assert (form.krs.data, form.nip.data, form.regon.data) == (
            "0000123456", "5260250274", "012345675")


def test_saving_sets_the_county_from_the_gmina_and_dates_the_consent(app, places):
    county, _plonsk, sochocin = places
    org = services.save_organisation(Organisation(), {
        "name": " Koło Gospodyń Wiejskich ", "legal_form": "kgw", "gmina_id": sochocin.id,
        "areas": ["culture", "unknown", "ecology"], "public_listing": True})
    db.session.commit()
    assert (org.name, org.gmina_id, org.powiat_id) == ("Koło Gospodyń Wiejskich", sochocin.id,
                                                       county.id)
    assert org.areas == "culture ecology"  # in the list's order, unknown ones dropped
    given = org.public_listing_at
    assert given is not None
    services.save_organisation(org, {"name": org.name, "public_listing": True,
                                     "gmina_id": sochocin.id})
    assert org.public_listing_at == given  # the date the consent was first given stays
    services.save_organisation(org, {"name": org.name, "public_listing": False})
    assert (org.public_listing, org.public_listing_at, org.powiat_id) == (False, None, None)


def test_a_county_is_not_a_seat_and_a_krs_is_unique(app, places, organisation_factory):
    county, _plonsk, _sochocin = places
    with pytest.raises(services.OrganisationError) as refused:
        services.save_organisation(Organisation(), {"name": "X", "gmina_id": county.id})
    assert refused.value.field == "gmina_id"
    organisation_factory("Pierwsza", krs="0000123456")
    with pytest.raises(services.OrganisationError) as refused:
        services.save_organisation(Organisation(), {"name": "Druga", "krs": "0000123456"})
    assert refused.value.field == "krs"


def test_a_registration_links_only_on_an_exact_match(app, event_factory,
                                                     organisation_factory):
    lodz = organisation_factory("Fundacja Łódź")
    organisation_factory("Stowarzyszenie Razem")
    organisation_factory("stowarzyszenie  razem")  # two with one key: ambiguous
    event = event_factory()
    assert register(event, "fundacja  LODZ", "a@example.org").organisation_id == lodz.id
    assert register(event, "Fundacja Łódź Oddział", "b@example.org").organisation_id is None
    assert register(event, "Stowarzyszenie Razem", "c@example.org").organisation_id is None
    typed = register(event, "", "d@example.org")
    assert typed.organisation_id is None and typed.organisation == ""


def test_a_comment_links_by_krs_or_name_and_unlinks_as_a_person(
        app, consultation_factory, user_factory, organisation_factory):
    krs = organisation_factory("Fundacja Dobry Start", krs="0000654321")
    consultation = consultation_factory()
    by_krs = comment_on(consultation, user_factory(), on_behalf="organisation",
                        organisation_name="FDS", organisation_krs="0000654321")
    assert by_krs.organisation_id == krs.id and by_krs.organisation_name == "FDS"
    by_name = comment_on(consultation, user_factory(), on_behalf="organisation",
                         organisation_name="fundacja dobry start")
    assert by_name.organisation_id == krs.id
    private = comment_on(consultation, user_factory())
    assert private.organisation_id is None


def test_merge_moves_every_link_and_logs_it(app, event_factory, consultation_factory,
                                            user_factory, organisation_factory, staff):
    kept = organisation_factory("Fundacja Łódź", areas="education")
    duplicate = organisation_factory("Fundacja Lodz Bis", krs="0000111111",
                                     nip="5260250274", areas="culture")
    event = event_factory()
    registrations = [register(event, "Fundacja Lodz Bis", f"p{n}@example.org")
                     for n in range(3)]
    comment = comment_on(consultation_factory(), user_factory(), on_behalf="organisation",
                         organisation_name="Fundacja Lodz Bis")
    assert {r.organisation_id for r in registrations} == {comment.organisation_id} == {
        duplicate.id}
    advice = AdviceSession(held_on=date(2026, 5, 4), minutes=90, topic="Statut",
                           category="statute", form="phone", organisation_id=duplicate.id)
    db.session.add(advice)
    db.session.commit()
    log = merging.merge_organisations(kept, duplicate, staff)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Organisation, duplicate.id) is None
    assert set(db.session.scalars(select(Registration.organisation_id))) == {kept.id}
    assert db.session.get(Comment, comment.id).organisation_id == kept.id
    assert db.session.get(AdviceSession, advice.id).organisation_id == kept.id
    assert (log.merged_name, log.moved_registrations, log.moved_comments, log.moved_advice,
            log.merged_by_id) == ("Fundacja Lodz Bis", 3, 1, 1, staff.id)
    kept = db.session.get(Organisation, kept.id)
    assert (kept.krs, kept.nip, kept.areas) == ("0000111111", "5260250274", "education culture")
    # The typed text of each registration is kept as it was.
    assert {r.organisation for r in db.session.scalars(select(Registration))} == {
        "Fundacja Lodz Bis"}
    assert db.session.scalar(select(func.count()).select_from(OrganisationMerge)) == 1


def test_an_organisation_is_not_merged_into_itself(app, organisation_factory):
    org = organisation_factory()
    with pytest.raises(services.OrganisationError):
        merging.merge_organisations(org, org)


def test_likely_duplicates_by_search_key_and_nip(app, organisation_factory):
    lodz = organisation_factory("Fundacja Łódź")
    lodz_typed = organisation_factory("fundacja  lodz")
    first = organisation_factory("Stowarzyszenie A", nip="5260250274")
    second = organisation_factory("Stowarzyszenie B", nip="5260250274")
    organisation_factory("Fundacja Inna")
    groups = [{org.id for org in group} for group in services.duplicate_groups()]
    assert sorted(groups, key=min) == [{lodz.id, lodz_typed.id}, {first.id, second.id}]


def test_organisations_reached_counted_through_links_and_once_after_a_merge(
        app, event_factory, organisation_factory):
    """Hand count: the world of test_impact has 2 organisations by name. Here the
    association is in the register under another typed name too ("SAR", linked by
    staff), and two register entries of one foundation attended a third event and are
    merged: still one organisation each."""
    training, workshop = hand_counted_world(event_factory)
    assert impact.figures().organisations == 2
    association = organisation_factory("Stowarzyszenie Aktywni Razem")
    alias = attendee(training, "bartek@example.org", "ngo", "SAR")
    alias.organisation_id = association.id
    for registration in db.session.scalars(select(Registration).where(
            Registration.organisation == "Stowarzyszenie Aktywni Razem")):
        registration.organisation_id = association.id
    db.session.commit()
    # "SAR" is linked to the association, and its typed name no longer counts apart.
    assert impact.figures().organisations == 2
    third = event_factory(title="Szkolenie C", starts_in=PAST)
    one = organisation_factory("Fundacja Nowa")
    other = organisation_factory("Fundacja Nowa Oddział")
    attendee(third, "x@example.org", "other", "Fundacja Nowa", organisation_id=one.id)
    attendee(third, "y@example.org", "ngo", "Fundacja Nowa Oddział", organisation_id=other.id)
    attendee(third, "z@example.org", "ngo", "Fundacja Nowa Oddział", days=0,
             organisation_id=organisation_factory("Nieobecna").id)
    assert impact.figures().organisations == 4
    merging.merge_organisations(one, other)
    db.session.commit()
    assert impact.figures().organisations == 3
