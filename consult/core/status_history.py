"""A status history as staff pages show it: when, from what, to what, by whom, why.

Every area logs the status changes of its own records in a table of its own, written only by
the model's ``set_status()``: ``event_status_changes``, ``registration_log``,
``comment_status_changes``, ``member_status_changes``. Their rows name the same things a
little differently (``note`` or ``reason``, ``at`` or ``changed_at``); ``StatusChange`` is
one row of any of them as the shared table shows it (``templates/macros/history.html``).
The rows of events and registrations already have its names and go to the table as they are.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    old_status: str | None  # None: the record was made with ``new_status``
    new_status: str
    # The account that made the change; None: the platform itself (a deadline, the waiting
    # list), the person through the link in their e-mail, or an account since deleted.
    actor: Any = None
    note: str = ""
