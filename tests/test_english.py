"""English second: a browser set to any English locale gets English, and the site's name
can be given in English."""

import re

import pytest

ENGLISH_NAME = "Consultations and cooperation — a platform for NGOs and local governments"
POLISH_NAME = "Konsultacje i współpraca — platforma NGO i samorządów"


def language_of(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


@pytest.mark.parametrize("header", ["en-GB,en;q=0.9", "en-US", "en-IE", "en_AU",
                                    "de-DE,en;q=0.7", "fr-FR;q=0.9, en-GB;q=0.8, *;q=0.1"])
def test_a_browser_set_to_any_english_locale_gets_english(client, header):
    page = client.get("/events/", headers={"Accept-Language": header}).text
    assert language_of(page) == "en"
    assert "Trainings and meetings" in page


@pytest.mark.parametrize("header", [None, "pl-PL,en;q=0.8", "pl", "de-DE", "*"])
def test_other_browsers_get_polish(client, header):
    headers = {"Accept-Language": header} if header else {}
    assert language_of(client.get("/events/", headers=headers).text) == "pl"


def test_the_choice_on_the_page_wins_over_the_browser(client):
    client.post("/language", data={"language": "pl", "next": "/"})
    page = client.get("/events/", headers={"Accept-Language": "en-GB"}).text
    assert language_of(page) == "pl"


def test_english_pages_carry_the_english_site_name(client):
    english = client.get("/", headers={"Accept-Language": "en"}).text
    assert f"— {ENGLISH_NAME}</title>" in english
    assert f'<a class="brand" href="/">{ENGLISH_NAME}</a>' in english
    polish = client.get("/").text
    assert f'<a class="brand" href="/">{POLISH_NAME}</a>' in polish


def test_without_an_english_name_english_pages_show_the_polish_one_marked_polish(
        make_app):
    app = make_app(CONSULT_SITE_NAME="Sieć Współpracy", CONSULT_SITE_NAME_EN="")
    page = app.test_client().get("/", headers={"Accept-Language": "en"}).text
    assert '<a class="brand" href="/" lang="pl">Sieć Współpracy</a>' in page
