"""Keeping people's place: the page a person came from survives signing in, signing up and
the e-mailed confirmation link, so a resident who pressed "Comment on this part" ends on
that part's comment form."""

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from consult.consultations.models import Section
from consult.extensions import db
from tests.auth.test_auth import SIGNUP, link_in
from tests.conftest import PASSWORD, text_of


def section_link(consultation_factory):
    consultation = consultation_factory()
    section = db.session.scalar(select(Section).where(Section.title == "Zasady współpracy"))
    return f"/consultations/{consultation.slug}/comment?section={section.id}", section


def href(page, text):
    match = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', page)
    assert match, f"no link {text!r}"
    return match.group(1).replace("&amp;", "&")


def chosen_section(page) -> str:
    match = re.search(r'<option[^>]*selected[^>]*>([^<]*)</option>', page)
    return match.group(1) if match else ""


def test_sign_up_from_a_section_link_ends_on_that_sections_comment_form(
        client, mailbox, consultation_factory):
    form_url, section = section_link(consultation_factory)

    to_login = client.get(form_url)
    assert to_login.status_code == 302
    login_page = client.get(to_login.location).text
    register_url = href(login_page, "Załóż konto")
    register_page = client.get(register_url).text
    action = re.search(r'<form method="post" novalidate class="form" action="([^"]+)"',
                       register_page).group(1).replace("&amp;", "&")
    assert client.post(action, data=SIGNUP).status_code == 200

    link = link_in(mailbox.last_to("zofia@example.org"), "/auth/verify/")
    assert client.get(link).status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed.location == form_url

    form_page = client.get(confirmed.location).text
    assert "Zasady współpracy" in chosen_section(form_page)
    assert section.text in form_page  # the part's current wording beside the form


def test_an_unverified_account_signing_in_from_a_section_gets_a_link_back_to_it(
        client, mailbox, user_factory, consultation_factory):
    form_url, _ = section_link(consultation_factory)
    user_factory(email="nowa@example.org", verified=False)
    client.post(f"/auth/login?next={form_url}",
                data={"email": "nowa@example.org", "password": PASSWORD})
    link = link_in(mailbox.last_to("nowa@example.org"), "/auth/verify/")
    assert client.post(link).location == form_url


def test_asking_for_a_new_link_from_the_comment_form_keeps_the_section(
        client, mailbox, login_as, consultation_factory):
    """A signed-in person whose address is not confirmed (e.g. after changing it)."""
    form_url, _ = section_link(consultation_factory)
    login_as(email="nowa@example.org", verified=False)
    page = client.get(form_url).text
    action = re.search(r'action="([^"]*verify-email[^"]*)"', page).group(1).replace("&amp;", "&")
    assert client.post(action).location == form_url
    assert client.post(link_in(mailbox.last_to("nowa@example.org"), "/auth/verify/")
                       ).location == form_url


def test_a_link_cannot_be_made_to_lead_to_another_site(client, mailbox):
    client.post("/auth/register?next=//evil.example/phish", data=SIGNUP)
    link = link_in(mailbox.last_to("zofia@example.org"), "/auth/verify/")
    assert urlsplit(client.post(link).location).path == "/account"


def test_the_owner_of_a_taken_address_is_offered_a_sign_in_that_leads_back(
        client, mailbox, user_factory, consultation_factory):
    form_url, _ = section_link(consultation_factory)
    user_factory(email="zofia@example.org")
    client.post(f"/auth/register?next={form_url}", data=SIGNUP)
    notice = text_of(mailbox.last_to("zofia@example.org"))
    assert "/auth/verify/" not in notice
    login = re.search(r"https?://\S+/auth/login\?next=\S+", notice).group(0)
    assert "section" in login


def test_signing_in_from_the_header_returns_to_the_page(client, user_factory):
    user_factory(email="ela@example.org")
    page = client.get("/events/?past=1").text
    login_url = href(page, "Zaloguj się")
    response = client.post(login_url, data={"email": "ela@example.org", "password": PASSWORD})
    assert response.location == "/events/?past=1"
