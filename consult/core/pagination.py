"""Pagination of a select() with one COUNT and one page query, whatever the data size."""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select

from consult.extensions import db

PER_PAGE = 25
# ?page= beyond this shows this page (empty, like any page after the last): the offset
# must stay a number the database accepts however many digits are typed.
MAX_PAGE = 100_000


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def paginate(stmt: Select, page: int | None, per_page: int = PER_PAGE) -> Page:
    page = min(max(1, page or 1), MAX_PAGE)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
