"""Recording the cycle: staff for any JST of the region, an institution manager for their own
(refused on the server for another, GET and POST), every value with its source, corrections
and withdrawals kept in the history, errors next to their fields with what was typed."""

import io
import re
from datetime import date, timedelta

import pytest

from consult.auth.models import MANAGER, USER
from consult.cooperation import cycle
from consult.cooperation.models import CycleRecord, Step, Timeliness
from consult.cooperation.services import warsaw_today
from consult.extensions import db

SOURCE = "https://bip.plonsk.pl/uchwala-xii-85"


def records(institution=None) -> list[CycleRecord]:
    query = db.select(CycleRecord).order_by(CycleRecord.id)
    if institution is not None:
        query = query.where(CycleRecord.institution_id == institution.id)
    return list(db.session.scalars(query))


def fields(key: str, **values) -> dict:
    """The post of the form ``key``: its key and its prefixed fields."""
    return {"form": key, **{f"{key}-{name}": value for name, value in values.items()}}


def adopted(year: int, **values) -> dict:
    return fields(f"adopted-{year}", **{"happened_on": f"{year - 1}-11-27",
                                        "reference": f"XII/85/{year - 1}",
                                        "source_url": SOURCE, "note": "", **values})


def current(institution, year: int) -> cycle.CycleRow:
    db.session.expire_all()
    return cycle.cycle_rows([institution], year)[0]


def input_value(html: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if found is None:
        return None
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_staff_record_an_adopted_programme_and_the_public_page_shows_it(
        client, staff, jst, this_year):
    plonsk = jst["plonsk"]
    page = client.get(f"/manage/cooperation/{plonsk.teryt}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for year in (this_year, this_year - 1, this_year - 2):  # and the standing facts
        assert f'name="form" value="adopted-{year}"' in html
    assert 'name="form" value="benefit_council"' in html
    assert 'name="form" value="other"' in html

    response = client.post(f"/manage/cooperation/{plonsk.teryt}/record",
                           data=adopted(this_year))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/manage/cooperation/{plonsk.teryt}/#year-{this_year}")
    [record] = records(plonsk)
    assert (record.step, record.year, record.happened_on, record.reference,
            record.source_url, record.entered_by_id, record.withdrawn) == (
        Step.ADOPTED, this_year, date(this_year - 1, 11, 27), f"XII/85/{this_year - 1}",
        SOURCE, staff.id, False)

    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The new value is recorded: Programme adopted." in shown
    history = shown.split('id="history-table"', 1)[1]
    assert "Anna Organizatorka" in history and "bip.plonsk.pl" in history

    row = current(plonsk, this_year)
    assert row.adopted.id == record.id and row.adoption == Timeliness.ON_TIME
    public = client.get(f"/cooperation/?year={this_year}")
    assert public.status_code == 200
    assert f'href="{SOURCE}"' in public.get_data(as_text=True)


def test_a_correction_is_a_new_record_and_the_history_keeps_the_first(
        client, staff, jst, this_year):
    raciaz = jst["raciaz"]
    url = f"/manage/cooperation/{raciaz.teryt}/record"
    client.post(url, data=adopted(this_year, reference="BŁĄD/1"))
    client.post(url, data=adopted(this_year, happened_on=f"{this_year - 1}-12-15",
                                  reference=f"XV/100/{this_year - 1}"))
    first, correction = records(raciaz)
    assert first.reference == "BŁĄD/1"
    row = current(raciaz, this_year)
    assert row.adopted.id == correction.id and row.adoption == Timeliness.LATE

    html = client.get(f"/manage/cooperation/{raciaz.teryt}/").get_data(as_text=True)
    history = html.split('id="history-table"', 1)[1]
    assert "BŁĄD/1" in history and f"XV/100/{this_year - 1}" in history
    assert history.index(f"XV/100/{this_year - 1}") < history.index("BŁĄD/1")  # newest first


def test_withdrawing_a_value_needs_a_note(client, staff, jst, this_year):
    plonsk = jst["plonsk"]
    url = f"/manage/cooperation/{plonsk.teryt}/record"
    client.post(url, data=adopted(this_year))
    key = f"adopted-{this_year}"

    refused = client.post(url, data=fields(key, withdrawn="y", note="  "))
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert f'id="{key}-note-error"' in html
    assert "Say why the earlier entry no longer holds." in html
    assert '<details class="record-form" open>' in html
    assert len(records(plonsk)) == 1

    done = client.post(url, data=fields(key, withdrawn="y",
                                        note="Uchwała unieważniona przez wojewodę."))
    assert done.status_code == 302
    assert records(plonsk)[-1].withdrawn and records(plonsk)[-1].happened_on is None
    row = current(plonsk, this_year)
    assert row.adopted is None and row.adoption == Timeliness.MISSING
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "The value is withdrawn: Programme adopted." in shown
    assert "Uchwała unieważniona przez wojewodę." in shown.split('id="history-table"', 1)[1]


def test_a_bad_date_or_address_is_shown_next_to_its_field_with_what_was_typed(
        client, staff, jst, this_year):
    plonsk = jst["plonsk"]
    url = f"/manage/cooperation/{plonsk.teryt}/record"
    key = f"adopted-{this_year}"

    bad_date = client.post(url, data=adopted(this_year, happened_on="31.02.2025",
                                             note="z BIP"))
    assert bad_date.status_code == 200
    html = bad_date.get_data(as_text=True)
    assert f'id="{key}-happened_on-error"' in html
    assert f'href="#{key}-happened_on"' in html  # the summary links to the field
    assert input_value(html, f"{key}-happened_on") == "31.02.2025"
    assert input_value(html, f"{key}-source_url") == SOURCE
    assert input_value(html, f"{key}-reference") == f"XII/85/{this_year - 1}"
    assert "z BIP</textarea>" in html

    bad_address = client.post(url, data=adopted(this_year, source_url="bip.plonsk.pl/uchwala"))
    assert bad_address.status_code == 409
    html = bad_address.get_data(as_text=True)
    assert f'id="{key}-source_url-error"' in html
    assert "starting with https://" in html
    assert input_value(html, f"{key}-source_url") == "bip.plonsk.pl/uchwala"
    assert input_value(html, f"{key}-happened_on") == f"{this_year - 1}-11-27"
    # Only the form that was sent shows errors; the others on the page stay blank.
    assert html.count('class="field-error"') == 1
    assert input_value(html, f"report-{this_year}-source_url") == ""

    missing_date = client.post(url, data=adopted(this_year, happened_on=""))
    assert missing_date.status_code == 409
    assert f'id="{key}-happened_on-error"' in missing_date.get_data(as_text=True)

    tomorrow = str(warsaw_today() + timedelta(days=1))
    future = client.post(url, data=adopted(this_year, happened_on=tomorrow))
    assert future.status_code == 409
    assert "The date is in the future" in future.get_data(as_text=True)
    assert input_value(future.get_data(as_text=True), f"{key}-happened_on") == tomorrow
    assert records(plonsk) == []


def test_a_standing_fact_and_a_year_the_page_does_not_show(client, staff, jst, this_year):
    plonsk = jst["plonsk"]
    url = f"/manage/cooperation/{plonsk.teryt}/record"
    council = client.post(url, data=fields("benefit_council", happened_on="",
                                           source_url="https://bip.plonsk.pl/rada"))
    assert council.status_code == 302 and council.headers["Location"].endswith("#standing")

    next_year = this_year + 1
    other = client.post(url, data=fields("other", step=Step.ADOPTED, year=str(next_year),
                                         happened_on=str(warsaw_today()),
                                         source_url=SOURCE))
    assert other.status_code == 302
    assert other.headers["Location"].endswith(f"#year-{next_year}")
    html = client.get(other.headers["Location"]).get_data(as_text=True)
    assert f'id="year-{next_year}"' in html  # a year with records is shown
    assert [(r.step, r.year) for r in records(plonsk)] == [
        (Step.BENEFIT_COUNCIL, None), (Step.ADOPTED, next_year)]

    too_early = client.post(url, data=fields("other", step=Step.ADOPTED, year="1999",
                                             happened_on="1998-11-20", source_url=SOURCE))
    assert too_early.status_code == 200
    assert 'id="other-year-error"' in too_early.get_data(as_text=True)
    # A key no page sends: a step of no year, a year too far, a made-up step.
    for key in ("adopted", f"adopted-{this_year + 5}", "benefit_council-2025", "nothing", ""):
        assert client.post(url, data=fields(key, source_url=SOURCE)).status_code == 400, key
    assert len(records(plonsk)) == 2


def test_staff_find_a_jst_by_name_or_code_and_see_the_year(client, staff, jst, this_year,
                                                           record_factory):
    record_factory(jst["raciaz"], Step.ADOPTED, this_year, date(this_year - 1, 12, 15))
    html = client.get("/manage/cooperation/").get_data(as_text=True)
    assert "/manage/cooperation/1420043/" in html and "/manage/cooperation/1462/" in html
    assert "/manage/cooperation/1462011/" not in html  # the city once, as the city
    assert "/manage/cooperation/3021/" not in html  # another województwo
    assert 'aria-current="page">Programmes of cooperation' in html

    found = client.get("/manage/cooperation/?q=racia").get_data(as_text=True)
    assert "/manage/cooperation/1420043/" in found
    assert "/manage/cooperation/1420011/" not in found
    by_code = client.get("/manage/cooperation/?q=1420").get_data(as_text=True)
    assert "/manage/cooperation/1420022/" in by_code and "/manage/cooperation/1462/" not in by_code
    year_page = client.get(f"/manage/cooperation/?q=racia&year={this_year}")
    assert 'badge-warn">late</span>' in year_page.get_data(as_text=True)


def test_a_manager_records_their_own_report_and_is_refused_another_jst(
        client, login_as, jst, this_year):
    plonsk, raciaz = jst["plonsk"], jst["raciaz"]
    manager = login_as(MANAGER, institutions=[plonsk])
    listed = client.get("/manage/cooperation/").get_data(as_text=True)
    assert "/manage/cooperation/1420011/" in listed
    assert "/manage/cooperation/1420043/" not in listed

    last = this_year - 1
    assert client.get(f"/manage/cooperation/{plonsk.teryt}/").status_code == 200
    response = client.post(f"/manage/cooperation/{plonsk.teryt}/record", data=fields(
        f"report-{last}", happened_on=f"{this_year}-05-20",
        source_url="https://bip.plonsk.pl/sprawozdanie"))
    assert response.status_code == 302
    [report] = records(plonsk)
    assert (report.step, report.year, report.entered_by_id) == (
        Step.REPORT_PUBLISHED, last, manager.id)

    assert client.get(f"/manage/cooperation/{raciaz.teryt}/").status_code == 403
    refused = client.post(f"/manage/cooperation/{raciaz.teryt}/record", data=fields(
        f"report-{last}", happened_on=f"{this_year}-05-20",
        source_url="https://bip.raciaz.pl/sprawozdanie"))
    assert refused.status_code == 403
    assert records(raciaz) == []
    assert client.get("/manage/cooperation/9999999/").status_code == 404
    assert client.get("/manage/cooperation/3021/").status_code == 404  # outside the region


@pytest.mark.parametrize("role", [None, USER])
def test_a_plain_user_and_a_guest_are_refused(client, login_as, jst, this_year, role):
    if role is not None:
        login_as(role)
    plonsk = jst["plonsk"]
    expected = 403 if role else 302
    for response in (client.get("/manage/cooperation/"),
                     client.get(f"/manage/cooperation/{plonsk.teryt}/"),
                     client.post(f"/manage/cooperation/{plonsk.teryt}/record",
                                 data=adopted(this_year))):
        assert response.status_code == expected
        if role is None:
            assert response.headers["Location"].startswith("/auth/login")
    assert records() == []


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_document_is_the_source_when_there_is_no_page_to_link_to(client, staff, jst,
                                                                     this_year):
    plonsk = jst["plonsk"]
    url = f"/manage/cooperation/{plonsk.teryt}/record"
    key = f"adopted-{this_year}"
    sent = client.post(url, data={**adopted(this_year, source_url=""),
                                  f"{key}-document": (io.BytesIO(PDF), "Uchwała XII.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    [record] = records(plonsk)
    assert (record.source_url, record.document_filename) == ("", "uchwala-xii.pdf")
    assert record.document_content_type == "application/pdf"

    download = f"/cooperation/{plonsk.teryt}/sources/{record.id}"
    public = client.get(f"/cooperation/{plonsk.teryt}/").get_data(as_text=True)
    assert f'href="{download}"' in public
    staff_page = client.get(f"/manage/cooperation/{plonsk.teryt}/").get_data(as_text=True)
    assert f'href="{download}"' in staff_page and "uchwala-xii.pdf" in staff_page
    client.post("/auth/logout")
    response = client.get(download)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    items = client.get(f"/api/v1/cooperation/programmes?year={this_year}").get_json()["items"]
    [item] = [item for item in items if item["teryt"] == plonsk.teryt]
    assert item["source_url"].endswith(download)
    assert download in client.get(f"/cooperation/export.csv?year={this_year}").get_data(
        as_text=True)
    # Only through its own JST, and only a record that has a document.
    assert client.get(f"/cooperation/{jst['raciaz'].teryt}/sources/{record.id}"
                      ).status_code == 404


def test_a_source_is_a_link_or_a_document_told_by_its_content(client, staff, jst, this_year):
    plonsk = jst["plonsk"]
    url = f"/manage/cooperation/{plonsk.teryt}/record"
    key = f"adopted-{this_year}"
    none = client.post(url, data=adopted(this_year, source_url=""))
    assert none.status_code == 409
    assert f'id="{key}-source_url-error"' in none.get_data(as_text=True)

    not_a_document = client.post(
        url, data={**adopted(this_year, source_url=""),
                   f"{key}-document": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "uchwala.pdf")},
        content_type="multipart/form-data")
    html = not_a_document.get_data(as_text=True)
    assert not_a_document.status_code == 409
    assert f'id="{key}-document-error"' in html
    assert input_value(html, f"{key}-reference") == f"XII/85/{this_year - 1}"  # kept
    assert records(plonsk) == []
    with_link = client.get(f"/cooperation/{plonsk.teryt}/sources/1")
    assert with_link.status_code == 404
