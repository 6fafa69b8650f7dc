"""Demo news for `flask seed-demo`: three published posts, one of the demo project. Added
only when missing (by slug)."""

from datetime import timedelta

from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.events.demo import PROJECT_NAME
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.news.models import NewsPost

POSTS = [
    ("nabor-na-szkolenia-2024", "Nabór na szkolenia dla urzędników i urzędniczek",
     "Zapraszamy pracowników i pracowniczki samorządów na bezpłatne szkolenia z konsultacji.",
     "Szkolenia odbędą się w **Płońsku** i w **Płocku**. Zapisy przez stronę wydarzeń.", False),
    ("raport-jakosc-wspolpracy", "Raport o jakości współpracy NGO i JST",
     "Publikujemy wyniki badania jakości współpracy w powiatach Mazowsza.",
     "Raport jest w bibliotece materiałów. Dziękujemy wszystkim, którzy wzięli udział.", True),
    ("konferencja-dialog", "Konferencja „Dialog NGO–JST” za nami",
     "Ponad stu liderów i liderek organizacji spotkało się z przedstawicielami samorządów.",
     "Nagranie i prezentacje są w bibliotece materiałów.", False),
]


def seed_news() -> list[str]:
    project = db.session.scalar(select(FundingProject).where(
        FundingProject.name == PROJECT_NAME))
    now = utcnow().replace(microsecond=0)
    added = 0
    for age, (slug, title, lead, body, of_project) in enumerate(POSTS):
        if db.session.scalar(select(NewsPost.id).where(NewsPost.slug == slug)) is not None:
            continue
        db.session.add(NewsPost(
            slug=slug, title=title, lead=lead, body=body, published_at=now - timedelta(
                days=7 * (age + 1)),
            project_id=project.id if project and of_project else None))
        added += 1
    return [f"news: {added} demo posts added"] if added else []
