"""What the staff pages list: accounts, institutions and the outbox, found by a search term
and paginated; the counties (also the register of organisations' filter)."""

from sqlalchemy import or_, select

from consult.auth.models import User
from consult.core.mail import OutboxMessage
from consult.core.pagination import Page, paginate
from consult.core.search import search_term
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, Institution


def search_users(query: str, role: str | None, page: int) -> Page:
    stmt = select(User).order_by(User.full_name, User.id)
    term = search_term(query)
    if term:
        stmt = stmt.where(
            or_(
                User.search_name.contains(term.key, autoescape=True),
                User.email.contains(term.text.lower(), autoescape=True),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    return paginate(stmt, page)


def search_institutions(query: str, kind: str | None, page: int) -> Page:
    stmt = select(Institution).order_by(Institution.teryt)
    term = search_term(query)
    if term:
        if term.text.isdigit():
            stmt = stmt.where(Institution.teryt.startswith(term.text))
        else:
            stmt = stmt.where(Institution.search_name.contains(term.key, autoescape=True))
    if kind:
        stmt = stmt.where(Institution.kind == kind)
    return paginate(stmt, page)


def outbox_page(status: str | None, page: int) -> Page:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    return paginate(stmt, page)


def counties() -> list[Institution]:
    return list(
        db.session.scalars(
            select(Institution)
            .where(Institution.kind.in_(COUNTY_KINDS), Institution.in_register.is_(True))
            .order_by(Institution.name)
        )
    )
