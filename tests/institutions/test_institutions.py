"""JST from the TERC register (parsing, import, CLI), demo data, staff pages for
institutions and organisations."""

import functools
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from consult.auth.models import User
from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    COUNTY_KINDS,
    GMINA_KINDS,
    RURAL_GMINA,
    URBAN_GMINA,
    VOIVODESHIP,
    Institution,
    Organisation,
)
from consult.institutions.terc import BUNDLED_TERC, TercError, import_terc, parse_terc
from tests.html import page_of

TERC_HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA"




@functools.cache
def bundled_text() -> str:
    return BUNDLED_TERC.read_text(encoding="utf-8")


@functools.cache
def bundled_units() -> tuple:
    return tuple(parse_terc(bundled_text()))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def by_teryt(code: str) -> Institution:
    return db.session.scalar(select(Institution).where(Institution.teryt == code))


@pytest.fixture
def client(client):
    """English pages, so messages can be checked word for word."""
    client.set_cookie("lang", "en")
    return client


# --- parse_terc on the bundled register -------------------------------------------------


def test_bundled_register_has_every_jst_of_poland():
    kinds = Counter(unit.kind for unit in bundled_units())
    assert kinds[VOIVODESHIP] == 16
    assert kinds[COUNTY] == 314
    assert kinds[CITY_COUNTY] == 66
    assert kinds[COUNTY] + kinds[CITY_COUNTY] == 380
    assert sum(kinds[kind] for kind in GMINA_KINDS) == 2477
    assert len(bundled_units()) == 2873
    assert len({unit.teryt for unit in bundled_units()}) == 2873


def test_mazowieckie():
    units = [unit for unit in bundled_units() if unit.teryt.startswith("14")]
    assert [unit.name for unit in units if unit.kind == VOIVODESHIP] == ["mazowieckie"]
    assert sum(1 for unit in units if unit.kind in COUNTY_KINDS) == 42
    assert sum(1 for unit in units if unit.kind in GMINA_KINDS) == 314


def test_warsaw_is_an_urban_gmina_in_a_city_with_county_rights():
    units = {unit.teryt: unit for unit in bundled_units()}
    warsaw = units["1465011"]
    assert (warsaw.name, warsaw.kind, warsaw.parent_teryt) == ("Warszawa", URBAN_GMINA, "1465")
    assert units["1465"].kind == CITY_COUNTY
    assert units["1465"].parent_teryt == "14"
    assert warsaw.register_date == date(2024, 1, 1)


def test_codes_have_the_teryt_shape_and_no_parts_or_districts():
    for unit in bundled_units():
        assert unit.teryt.isdigit()
        assert len(unit.teryt) == {VOIVODESHIP: 2, COUNTY: 4, CITY_COUNTY: 4}.get(unit.kind, 7)
        if len(unit.teryt) == 7:
            assert unit.teryt[6] not in "4589", unit
            assert unit.parent_teryt == unit.teryt[:4]
    # The file itself does list them: parts of urban-rural gminas and Warsaw's districts.
    rodz = {line.split(";")[3] for line in bundled_text().splitlines()[1:]}
    assert {"4", "5", "8", "9"} <= rodz


# --- Malformed files ---------------------------------------------------------------------


def terc(*rows: str, header: str = TERC_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


GOOD_ROWS = (
    "14;;;;MAZOWIECKIE;województwo;2024-01-01",
    "14;20;;;płoński;powiat;2024-01-01",
    "14;20;01;1;Płońsk;gmina miejska;2024-01-01",
)


def test_a_small_well_formed_file_parses():
    units = parse_terc(terc(*GOOD_ROWS))
    assert [(u.teryt, u.name, u.kind, u.parent_teryt) for u in units] == [
        ("14", "mazowieckie", VOIVODESHIP, None),
        ("1420", "płoński", COUNTY, "14"),
        ("1420011", "Płońsk", URBAN_GMINA, "1420"),
    ]


def test_wrong_header_is_refused_naming_the_line():
    with pytest.raises(TercError, match=r"line 1\b"):
        parse_terc(terc(*GOOD_ROWS, header="WOJ;POW;GMI;RODZ;NAZWA;STAN_NA"))


def test_a_three_digit_woj_is_refused_naming_the_line():
    rows = list(GOOD_ROWS)
    rows[2] = "141;20;01;1;Płońsk;gmina miejska;2024-01-01"
    with pytest.raises(TercError, match=r"line 4\b.*WOJ"):
        parse_terc(terc(*rows))


def test_a_bad_date_is_refused_naming_the_line():
    rows = list(GOOD_ROWS)
    rows[1] = "14;20;;;płoński;powiat;01.01.2024"
    with pytest.raises(TercError, match=r"line 3\b.*STAN_NA"):
        parse_terc(terc(*rows))


def test_the_line_named_is_the_line_of_the_file_even_after_a_blank_line():
    rows = [GOOD_ROWS[0], "", GOOD_ROWS[1], "141;20;01;1;Płońsk;gmina miejska;2024-01-01"]
    with pytest.raises(TercError, match=r"line 5\b"):  # header, row, blank, row, bad row
        parse_terc(terc(*rows))


@pytest.mark.parametrize("bad_row", [
    "14;20;;;płoński;powiat;2024-01-01;extra",
    "14;20;;;płoński;powiat",
])
def test_a_row_with_the_wrong_number_of_columns_is_refused_naming_the_line(bad_row):
    with pytest.raises(TercError, match=r"line 3\b"):
        parse_terc(terc(GOOD_ROWS[0], bad_row))


def test_an_empty_register_is_refused():
    with pytest.raises(TercError):
        parse_terc(terc())


# --- import_terc -------------------------------------------------------------------------


def test_first_import_creates_all_and_the_same_file_again_changes_nothing(app):
    result = import_terc(bundled_text())
    db.session.commit()
    assert (result.created, result.updated, result.removed_from_register) == (2873, 0, 0)
    assert count(Institution) == 2873

    again = import_terc(bundled_text())
    db.session.commit()
    assert (again.created, again.updated, again.removed_from_register) == (0, 0, 0)
    assert count(Institution) == 2873

    plonsk = by_teryt("1420011")
    assert plonsk.parent.teryt == "1420"
    assert plonsk.parent.kind == COUNTY
    assert plonsk.parent.parent.teryt == "14"
    assert by_teryt("14").parent is None
    warsaw = by_teryt("1465011")
    assert (warsaw.kind, warsaw.parent.teryt, warsaw.parent.kind) == (
        URBAN_GMINA, "1465", CITY_COUNTY)
    orphans = db.session.scalar(
        select(func.count()).select_from(Institution)
        .where(Institution.parent_id.is_(None), Institution.kind != VOIVODESHIP)
    )
    assert orphans == 0


def edit_register(text: str, rename: dict[str, str] = (), drop: set[str] = (),
                  stan_na: str | None = None) -> str:
    """Rename or drop gminas of the bundled register (by TERYT), change STAN_NA."""
    rename, drop = dict(rename), set(drop)
    lines = text.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cols = line.split(";")
        code = "".join(cols[:4])
        if code in drop:
            continue
        if code in rename:
            cols[4] = rename[code]
        if stan_na:
            cols[6] = stan_na
        out.append(";".join(cols))
    return "\n".join(out) + "\n"


def test_a_newer_register_updates_renamed_and_keeps_dropped_units(app):
    import_terc(bundled_text())
    db.session.commit()
    dropped_id = by_teryt("1420122").id  # Załuski
    newer = edit_register(
        bundled_text(), rename={"1420052": "Dzierzążnia Nowa"}, drop={"1420122"},
        stan_na="2025-01-01",
    )
    assert newer.count("\n") == bundled_text().count("\n") - 1

    result = import_terc(newer)
    db.session.commit()
    db.session.expire_all()
    assert result.created == 0
    assert result.removed_from_register == 1
    assert result.updated >= 1

    renamed = by_teryt("1420052")
    assert renamed.name == "Dzierzążnia Nowa"
    assert renamed.register_date == date(2025, 1, 1)
    assert renamed.in_register

    dropped = db.session.get(Institution, dropped_id)
    assert dropped is not None
    assert dropped.teryt == "1420122"
    assert dropped.name == "Załuski"
    assert dropped.in_register is False
    assert dropped.parent.teryt == "1420"
    assert count(Institution) == 2873
    assert by_teryt("1420011").in_register

    # Listed again (a correction of the register): back in it, same row.
    import_terc(bundled_text())
    db.session.commit()
    db.session.expire_all()
    back = by_teryt("1420122")
    assert (back.id, back.in_register) == (dropped_id, True)
    assert by_teryt("1420052").name == "Dzierzążnia"


def test_renaming_one_gmina_counts_one_update(app):
    import_terc(bundled_text())
    db.session.commit()
    result = import_terc(edit_register(bundled_text(), rename={"1420052": "Dzierzążnia Nowa"}))
    assert (result.created, result.updated, result.removed_from_register) == (0, 1, 0)


BOLESLAWIEC_ROWS = (
    "02;;;;DOLNOŚLĄSKIE;województwo;2024-01-01",
    "02;01;;;bolesławiecki;powiat;2024-01-01",
    "02;01;01;1;Bolesławiec;gmina miejska;2024-01-01",
)


def test_a_file_of_one_voivodeship_leaves_the_others_in_the_register(app):
    import_terc(terc(*BOLESLAWIEC_ROWS, *GOOD_ROWS))
    db.session.commit()
    result = import_terc(terc(*GOOD_ROWS[:2]))
    db.session.commit()
    assert result.removed_from_register == 1
    assert by_teryt("1420011").in_register is False
    assert by_teryt("0201011").in_register is True


# --- CLI ---------------------------------------------------------------------------------


def test_cli_imports_a_register_and_reports_counts(app, tmp_path):
    path = tmp_path / "terc.csv"
    path.write_text("\ufeff" + terc(*GOOD_ROWS), encoding="utf-8")  # as GUS gives it, with a BOM
    runner = app.test_cli_runner()
    result = runner.invoke(args=["institutions", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated, 0 no longer in the register" in result.output
    db.session.expire_all()
    assert by_teryt("1420011").parent.teryt == "1420"

    path.write_text(terc(*GOOD_ROWS[:2]), encoding="utf-8")
    result = runner.invoke(args=["institutions", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 1 no longer in the register" in result.output
    db.session.expire_all()
    assert count(Institution) == 3
    assert by_teryt("1420011").in_register is False


def test_cli_refuses_a_malformed_file_with_the_error(app, tmp_path):
    path = tmp_path / "terc.csv"
    rows = list(GOOD_ROWS)
    rows[2] = "141;20;01;1;Płońsk;gmina miejska;2024-01-01"
    path.write_text(terc(*rows), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["institutions", "import", str(path)])
    assert result.exit_code != 0
    assert "line 4" in result.output
    assert "WOJ" in result.output
    assert count(Institution) == 0


# --- flask seed-demo ---------------------------------------------------------------------


def test_seed_demo_twice_adds_nothing_the_second_time(app):
    from consult.demo import DEMO_PASSWORD, DEMO_USERS

    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    db.session.expire_all()
    counts = (count(User), count(Organisation), count(Institution))
    assert counts == (len(DEMO_USERS), 3, 2873)

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert (count(User), count(Organisation), count(Institution)) == counts

    for email, _name, role, teryt in DEMO_USERS:
        client = app.test_client()
        response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{email} cannot sign in"
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role == role
        assert [inst.teryt for inst in user.managed_institutions] == teryt

    assert by_teryt("1420011").email_domains == "plonsk.pl"
    aktywni = db.session.scalar(
        select(Organisation).where(Organisation.name == "Stowarzyszenie Aktywni Razem"))
    assert aktywni.powiat.teryt == "1420"

    # The demo staff member can open each demo organisation and save it unchanged: its
    # NIP and REGON pass the same checks as numbers typed by staff.
    staff = app.test_client()
    staff.post("/auth/login", data={"email": "staff@example.org", "password": DEMO_PASSWORD})
    for org in db.session.scalars(select(Organisation)).all():
        page = page_of(staff.get(f"/manage/organisations/{org.id}/edit"))
        data = {name: page.value_of(name) or "" for name in
                ("name", "legal_form", "krs", "other_register", "nip", "regon", "gmina_id",
                 "seat", "email", "phone", "website")}
        data.update(areas=org.area_keys, public_listing="y" if org.public_listing else "")
        response = staff.post(f"/manage/organisations/{org.id}/edit", data=data)
        assert response.status_code == 302, (org.name, response.get_data(as_text=True))


# --- Staff: institutions -----------------------------------------------------------------


@pytest.fixture
def plonsk_area(institution_factory):
    county = institution_factory(teryt="1420", name="płoński", kind=COUNTY)
    return {
        "county": county,
        "urban": institution_factory(teryt="1420011", name="Płońsk", parent=county),
        "rural": institution_factory(teryt="1420092", name="Płońsk", kind=RURAL_GMINA,
                                     parent=county),
        "raciaz": institution_factory(teryt="1420021", name="Raciąż", parent=county),
        "warsaw": institution_factory(teryt="1465011", name="Warszawa"),
        "lodz": institution_factory(teryt="1061011", name="Łódź"),
    }


def listed_codes(response) -> set[str]:
    assert response.status_code == 200
    return {row[0] for row in page_of(response).table_rows() if row[0].isdigit()}


def test_staff_find_institutions_by_name(client, login_as, plonsk_area):
    login_as("staff")
    # Both gminas named Płońsk, and the county "płoński" whose name contains the text.
    expected = {"1420011", "1420092", "1420"}
    assert listed_codes(client.get("/manage/institutions?q=płońsk")) == expected
    assert listed_codes(client.get("/manage/institutions?q=Płońsk")) == expected
    assert listed_codes(client.get("/manage/institutions?q=PŁOŃSK")) == expected


def test_staff_find_institutions_whatever_the_case_and_polish_letters(
    client, login_as, plonsk_area
):
    login_as("staff")
    assert listed_codes(client.get("/manage/institutions?q=łódź")) == {"1061011"}
    assert listed_codes(client.get("/manage/institutions?q=ŁÓDŹ")) == {"1061011"}
    assert listed_codes(client.get("/manage/institutions?q=plonsk")) == {
        "1420011", "1420092", "1420"}


def test_staff_find_institutions_by_teryt_prefix(client, login_as, plonsk_area):
    login_as("staff")
    assert listed_codes(client.get("/manage/institutions?q=1420")) == {
        "1420", "1420011", "1420021", "1420092"}
    assert listed_codes(client.get("/manage/institutions?q=1420092")) == {"1420092"}


def test_institutions_page_is_for_staff_only(client, login_as, plonsk_area):
    login_as("manager", institutions=[plonsk_area["urban"]])
    assert client.get("/manage/institutions").status_code == 403


def test_staff_set_email_domains_normalised(client, login_as, plonsk_area):
    login_as("staff")
    inst = plonsk_area["urban"]
    response = client.post(
        f"/manage/institutions/{inst.id}",
        data={"email_domains": "UM.Plonsk.pl, @plonsk.pl plonsk.pl", "website": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    inst = db.session.get(Institution, inst.id)
    assert inst.email_domains == "um.plonsk.pl plonsk.pl"
    assert inst.domains == ["um.plonsk.pl", "plonsk.pl"]
    assert inst.website is None
    assert page_of(client.get(f"/manage/institutions/{inst.id}")).value_of(
        "email_domains") == "um.plonsk.pl plonsk.pl"


# --- Staff: organisations ----------------------------------------------------------------


def organisation_form(**fields) -> dict:
    data = {"name": "Stowarzyszenie Przyjaciół Płońska", "legal_form": "association", "krs": "",
            "other_register": "", "nip": "", "regon": "", "seat": "Płońsk", "gmina_id": "0",
            "website": ""}
    data.update(fields)
    return data


@pytest.fixture
def county(institution_factory):
    return institution_factory(teryt="1420", name="płoński", kind=COUNTY)


def test_staff_add_an_organisation_with_numbers_normalised(client, login_as, county,
                                                          institution_factory):
    login_as("staff")
    gmina = institution_factory(teryt="1420011", name="Płońsk", parent=county)
    form = page_of(client.get("/manage/organisations/new"))
    assert "Płońsk" in form.options_of("gmina_id")[str(gmina.id)]

    response = client.post("/manage/organisations/new", data=organisation_form(
        krs="KRS 0000-123-456", nip="PL 526-025-02-74", regon="012345675",
        gmina_id=str(gmina.id)))
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.scalar(select(Organisation))
    assert org.name == "Stowarzyszenie Przyjaciół Płońska"
    assert org.krs == "0000123456"
    assert org.nip == "5260250274"
    assert org.regon == "012345675"
    assert org.powiat_id == county.id
    assert org.other_register is None


def test_organisation_without_county_or_krs(client, login_as, county):
    login_as("staff")
    response = client.post("/manage/organisations/new", data=organisation_form(
        other_register="Ewidencja stowarzyszeń zwykłych starosty płońskiego, nr 12"))
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert (org.krs, org.powiat_id) == (None, None)


def test_invalid_nip_is_shown_next_to_the_field_and_typing_is_kept(client, login_as, county):
    login_as("staff")
    response = client.post("/manage/organisations/new", data=organisation_form(
        name="Fundacja Błędnego Numeru", nip="1234567890"))
    assert response.status_code == 200
    page = page_of(response)
    assert "not a valid NIP" in page.text_by_id("nip-error")
    assert page.value_of("name") == "Fundacja Błędnego Numeru"
    assert page.value_of("nip") == "1234567890"
    assert count(Organisation) == 0


def test_invalid_regon_is_refused(client, login_as, county):
    login_as("staff")
    response = client.post("/manage/organisations/new", data=organisation_form(regon="123456789"))
    assert response.status_code == 200
    assert "not a valid REGON" in page_of(response).text_by_id("regon-error")
    assert count(Organisation) == 0


def test_krs_must_be_digits(client, login_as, county):
    login_as("staff")
    response = client.post("/manage/organisations/new", data=organisation_form(krs="KRS 12a"))
    assert response.status_code == 200
    assert page_of(response).by_id("krs-error") is not None
    assert count(Organisation) == 0


def test_duplicate_krs_is_refused(client, login_as, county):
    login_as("staff")
    db.session.add(Organisation(name="Pierwsza", krs="0000123456"))
    db.session.commit()
    response = client.post("/manage/organisations/new", data=organisation_form(
        name="Druga", krs="0000123456"))
    assert response.status_code == 200
    page = page_of(response)
    assert "already has this KRS" in page.text_by_id("krs-error")
    assert page.value_of("name") == "Druga"
    db.session.expire_all()
    assert db.session.scalars(select(Organisation.name)).all() == ["Pierwsza"]


def test_staff_see_which_institutions_left_the_register(client, login_as):
    import_terc(terc(*GOOD_ROWS))
    import_terc(terc(*GOOD_ROWS[:2]))
    db.session.commit()
    login_as("staff")
    page = page_of(client.get("/manage/institutions?q=1420"))
    rows = {row[0]: row[1] for row in page.table_rows()}
    assert "no longer in the register" in rows["1420011"]
    assert "no longer in the register" not in rows["1420"]
