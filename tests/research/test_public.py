"""Publishing results and who sees them: unpublished results are staff-only (404 for the
public pages, files and the API), results are published only once the survey is closed,
staff's pages are 403 for others, and the pages' queries do not grow with the answers."""

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document

from consult.extensions import db
from consult.research.models import DiagnosisStatus, QuestionKind
from tests.conftest import forget_kept_values
from tests.research.conftest import questions_of

PUBLIC = ("/research/{slug}/", "/research/{slug}/report.docx", "/research/{slug}/report.pdf",
          "/research/{slug}/results.csv", "/research/{slug}/results.xlsx",
          "/api/v1/research/diagnoses/{slug}")
STAFF = ("/manage/research/{id}/results", "/manage/research/{id}/report.docx",
         "/manage/research/{id}/report.pdf", "/manage/research/{id}/results.csv",
         "/manage/research/{id}/results.xlsx")


def _urls(paths, diagnosis):
    return [path.format(slug=diagnosis.slug, id=diagnosis.id) for path in paths]


@pytest.mark.parametrize("role", [None, "user", "manager", "staff"])
def test_unpublished_results_are_not_public(client, login_as, diagnosis_factory, role):
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED)
    if role:
        login_as(role, **({"institutions": [diagnosis.institution]} if role == "manager"
                          else {}))
    for url in _urls(PUBLIC, diagnosis):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/research/diagnoses").get_json()["items"] == []
    assert diagnosis.title not in client.get("/research/").get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("user", 403), ("manager", 403)])
def test_staff_pages_are_staff_only(client, login_as, diagnosis_factory, role, status):
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED)
    if role:
        login_as(role, **({"institutions": [diagnosis.institution]} if role == "manager"
                          else {}))
    for url in _urls(STAFF, diagnosis):
        assert client.get(url).status_code == status, url
    for action in ("publish", "unpublish"):
        response = client.post(f"/manage/research/{diagnosis.id}/results/{action}")
        assert response.status_code == status
    assert db.session.get(type(diagnosis), diagnosis.id).published_at is None


def test_staff_publish_once_closed_and_take_it_back(client, staff, diagnosis_factory):
    diagnosis = diagnosis_factory(status=DiagnosisStatus.OPEN, opens_on=date(2026, 1, 1),
                                  closes_on=date(2099, 12, 31))
    page = f"/manage/research/{diagnosis.id}/results"
    assert client.get(page).status_code == 200
    response = client.post(f"{page}/publish", data={"summary": "Nie"})
    assert response.status_code == 302
    db.session.refresh(diagnosis)
    assert diagnosis.published_at is None and diagnosis.summary == ""
    assert "once the survey is closed" in client.get(page).get_data(as_text=True)

    diagnosis.status = DiagnosisStatus.CLOSED
    db.session.commit()
    summary = "**Wnioski** <script>alert(1)</script>"
    response = client.post(f"{page}/publish", data={"summary": summary})
    assert response.status_code == 302
    db.session.refresh(diagnosis)
    assert diagnosis.published_at is not None and diagnosis.summary == summary
    html = client.get(f"/research/{diagnosis.slug}/").get_data(as_text=True)
    assert "<strong>Wnioski</strong>" in html and "<script>alert" not in html
    report = Document(io.BytesIO(client.get(f"/research/{diagnosis.slug}/report.docx").data))
    paragraphs = [paragraph.text for paragraph in report.paragraphs]
    assert "Wnioski" in paragraphs and not any("**" in text for text in paragraphs)
    assert diagnosis.title in client.get("/research/").get_data(as_text=True)
    items = client.get("/api/v1/research/diagnoses").get_json()["items"]
    assert [item["slug"] for item in items] == [diagnosis.slug]

    assert client.post(f"{page}/unpublish").status_code == 302
    db.session.refresh(diagnosis)
    assert diagnosis.published_at is None
    assert client.get(f"/research/{diagnosis.slug}/").status_code == 404


def test_a_too_long_summary_is_shown_again_with_the_error(client, staff, diagnosis_factory):
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED)
    response = client.post(f"/manage/research/{diagnosis.id}/results/publish",
                           data={"summary": "x" * 20_001})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    db.session.refresh(diagnosis)
    assert diagnosis.published_at is None


def test_year_on_year_and_jst_to_jst(client, diagnosis_factory, response_factory,
                                     institution_factory):
    published = datetime(2026, 12, 10, tzinfo=UTC)
    earlier = diagnosis_factory(year=2024, status=DiagnosisStatus.CLOSED, published_at=published,
                                min_group_answers=1)
    later = diagnosis_factory(year=2026, status=DiagnosisStatus.CLOSED, published_at=published,
                              min_group_answers=1)
    other = diagnosis_factory(institution=institution_factory(teryt="1420022", name="Raciąż"),
                              status=DiagnosisStatus.CLOSED, published_at=published,
                              min_group_answers=1)
    for diagnosis, choice in ((earlier, 1), (later, 3), (other, 2)):
        first = questions_of(diagnosis, QuestionKind.SCALE)[0]
        response_factory(diagnosis, "ngo", {first: choice})
    html = client.get(f"/research/{later.slug}/").get_data(as_text=True)
    assert 'id="years-heading"' in html and 'id="chart-years-title"' in html
    assert f'href="/research/{earlier.slug}/"' in html
    index = client.get("/research/").get_data(as_text=True)
    comparison = index.split('id="comparison"')[1]
    assert "Raciąż" in comparison and comparison.count("Płońsk") == 1  # the latest only


def test_the_pages_queries_do_not_grow_with_the_answers(
        app, client, login_as, diagnosis_factory, response_factory, count_queries):
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED,
                                  published_at=datetime(2026, 12, 10, tzinfo=UTC))
    scale = questions_of(diagnosis, QuestionKind.SCALE)
    text = questions_of(diagnosis, QuestionKind.TEXT)[0]
    login_as("staff")
    urls = [f"/research/{diagnosis.slug}/", "/research/",
            f"/api/v1/research/diagnoses/{diagnosis.slug}", "/api/v1/research/diagnoses",
            f"/manage/research/{diagnosis.id}/results"]

    def measure() -> list[int]:
        counts = []
        for url in urls:
            forget_kept_values(app)
            db.session.expire_all()
            with count_queries as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    response_factory(diagnosis, "ngo", {scale[0]: 1})
    before = measure()
    for n in range(50):
        response_factory(diagnosis, ("ngo", "officials", "councillors")[n % 3],
                         {**{q: n % 5 for q in scale}, text: f"odpowiedź {n}"})
    assert measure() == before


def test_the_jst_page_lists_its_published_diagnoses_and_the_footer_links_them(
        client, diagnosis_factory, response_factory):
    published = diagnosis_factory(year=2025, status=DiagnosisStatus.CLOSED,
                                  published_at=datetime(2025, 12, 10, tzinfo=UTC),
                                  min_group_answers=1)
    diagnosis_factory(year=2026, status=DiagnosisStatus.CLOSED)  # not published
    first = questions_of(published, QuestionKind.SCALE)[0]
    response_factory(published, "ngo", {first: 3})  # 75
    html = client.get(f"/cooperation/{published.institution.teryt}/").get_data(as_text=True)
    block = html.split('id="diagnosis-results"')[1].split("</ul>")[0]
    assert f'href="/research/{published.slug}/"' in block and "75" in block
    assert "2026" not in block
    assert 'href="/research/"' in client.get("/research/").get_data(as_text=True)


def test_the_lists_queries_do_not_grow_with_the_diagnoses(
        app, client, diagnosis_factory, response_factory, institution_factory, count_queries):
    published = datetime(2026, 12, 10, tzinfo=UTC)

    def add(institution=None, year=2026):
        diagnosis = diagnosis_factory(institution=institution, year=year, published_at=published,
                                      status=DiagnosisStatus.CLOSED, min_group_answers=1)
        response_factory(diagnosis, "ngo", {questions_of(diagnosis, QuestionKind.SCALE)[0]: 2})
        return diagnosis

    def measure() -> list[int]:
        counts = []
        for url in ("/research/", "/api/v1/research/diagnoses", "/cooperation/1420011/"):
            forget_kept_values(app)
            db.session.expire_all()
            with count_queries as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    add()
    add(institution_factory(teryt="1420022", name="Raciąż"))
    before = measure()
    add(year=2024)
    for number, name in enumerate(("Sochocin", "Joniec", "Nowe Miasto")):
        add(institution_factory(teryt=f"142003{number}", name=name))
    assert measure() == before
