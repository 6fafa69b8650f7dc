"""The staff pages under /manage, by job: ``dashboard`` (what needs doing), ``users``
(accounts and roles), ``institutions`` (JST and organisations), ``outbox`` (the mail
outbox) and ``accessibility`` (the accessibility statement)."""

from consult.manage.routes import (  # noqa: F401
    accessibility,
    dashboard,
    institutions,
    outbox,
    users,
)
