"""Every kind of office file the platform makes, as LibreOffice renders it and poppler
reads the result (tests/clients/office.py), built from the demo data: the consultation
report (DOCX, XLSX), the registrations list (XLSX), the cooperation monitor's table (XLSX),
a diagnosis's report (DOCX; its PDF read directly) and results (XLSX), a project's funder's
report (DOCX, XLSX). Each must open, keep
its Polish letters, and show what a reader looks for; the diagnosis's files must not show a
figure of the group under the threshold."""

import pytest
from sqlalchemy import select

from consult.auth.models import STAFF
from consult.consultations.models import Consultation
from consult.cooperation.services import warsaw_today
from consult.demo import seed_demo
from consult.events.funding import FundingProject
from consult.events.models import Event, Registration
from consult.extensions import db
from consult.projects.demo import KOALICJA
from consult.research.demo import demo_slug
from tests.clients import office


@pytest.fixture
def demo(app, client, login_as):
    seed_demo()
    login_as(STAFF)
    return client


def rendered_text(response, suffix: str) -> str:
    assert response.status_code == 200, response.status_code
    pdf = office.render_pdf(response.data, suffix)
    assert office.pdf_pages(pdf) >= 1
    return " ".join(office.pdf_text(pdf).split())


def test_the_consultation_report(demo):
    reported = next(c for c in db.session.scalars(select(Consultation))
                    if c.report_published_at is not None)
    for suffix in (".docx", ".xlsx"):
        text = rendered_text(demo.get(f"/consultations/{reported.slug}/report{suffix}"), suffix)
        assert reported.institution.name.split()[-1] in text
        assert any(word in text for word in ("uwzględniona", "nieuwzględniona"))


def test_the_registrations_list(demo):
    event = db.session.scalar(select(Event).join(Registration).limit(1))
    text = rendered_text(demo.get(f"/manage/events/{event.id}/registrations.xlsx"), ".xlsx")
    person = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
    assert person.full_name in text


def test_the_cooperation_table(demo):
    year = warsaw_today().year
    text = rendered_text(demo.get(f"/cooperation/export.xlsx?year={year}"), ".xlsx")
    assert "Płońsk" in text and "Ciechanów" in text


def test_the_diagnosis_report_hides_the_small_group(demo):
    slug = demo_slug(warsaw_today().year - 1)
    for path, suffix in ((f"/research/{slug}/report.docx", ".docx"),
                         (f"/research/{slug}/results.xlsx", ".xlsx")):
        text = rendered_text(demo.get(path), suffix)
        assert "Płońsk" in text and "Infrastruktura" in text
        assert "mniej niż 5" in text  # the councillors: no figure, only that
    pdf = demo.get(f"/research/{slug}/report.pdf")
    text = " ".join(office.pdf_text(pdf.data).split())
    assert "Płońsk" in text and "mniej niż 5" in text


def test_the_funders_report(demo):
    project = db.session.scalar(select(FundingProject).where(FundingProject.name == KOALICJA))
    for suffix in (".docx", ".xlsx"):
        text = rendered_text(demo.get(f"/manage/projects/{project.id}/report{suffix}"), suffix)
        assert "Mazowiecka Koalicja" in text and "Wizyta studyjna" in text
        assert "kobieta" in text and "mężczyzna" in text  # the demo asked at two events
        assert "osób objętych wsparciem" in text and "godzin doradztwa" in text
