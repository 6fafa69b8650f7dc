"""Server-side permission checks for staff views and actions.

Anonymous visitors are sent to sign in (302); signed-in users without the role get 403.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

from consult.extensions import login_manager


def _requires(check):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


staff_required = _requires(lambda user: user.is_staff)
# Institution managers reach the management area too, but each object they touch is
# checked again with User.can_manage_institution().
manager_required = _requires(lambda user: user.is_staff or user.is_manager)
