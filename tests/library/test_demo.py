"""The library's and news' part of `flask seed-demo`: materials (a generated PDF guide, a
report of the demo project, a recording) and three posts, nothing added on a second run."""

from sqlalchemy import func, select

from consult.demo import seed_demo
from consult.events.demo import PROJECT_NAME
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.library.models import LibraryMaterial
from consult.news.models import NewsPost
from consult.news.queries import news_of_project


def test_the_demo_materials_and_news(app, client):
    seed_demo()
    project = db.session.scalar(select(FundingProject).where(
        FundingProject.name == PROJECT_NAME))
    materials = list(db.session.scalars(select(LibraryMaterial)))
    assert {m.type for m in materials} >= {"guide", "report", "recording"}
    guide = next(m for m in materials if m.content_type == "application/pdf")
    assert client.get(f"/materials/{guide.id}/download").data.startswith(b"%PDF-")
    assert any(m.project_id == project.id and m.type == "report" for m in materials)
    assert len(news_of_project(project.id)) == 1
    # three posts, and the closing post of the Koalicja's project (consult/projects/demo.py)
    assert db.session.scalar(select(func.count()).select_from(NewsPost)) == 4

    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(LibraryMaterial)) == len(
        materials)
    assert db.session.scalar(select(func.count()).select_from(NewsPost)) == 4
