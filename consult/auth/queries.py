"""Reads about accounts shared by several areas."""

from sqlalchemy import and_, or_, select

from consult.auth.models import ADMIN, MANAGER, STAFF, User, institution_managers
from consult.extensions import db


def staff_to_notify(setting, institution_ids=None) -> list[User]:
    """Staff, and managers of any of ``institution_ids`` (all managers when None), with a
    confirmed address and ``setting`` (a User column, switched on /account/notifications)
    on: who gets the staff's notices by e-mail."""
    managers = User.role == MANAGER
    if institution_ids is not None:
        managers = and_(managers, User.id.in_(
            select(institution_managers.c.user_id)
            .where(institution_managers.c.institution_id.in_(institution_ids))))
    return list(db.session.scalars(
        select(User).where(setting.is_(True), User.email_verified_at.is_not(None),
                           or_(User.role.in_((ADMIN, STAFF)), managers))
        .order_by(User.id)))
