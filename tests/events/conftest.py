"""Fixtures of the events tests."""


from consult.events import services
from consult.events.models import Registration
from consult.extensions import db


def add(event, name, email, category="ngo", guest=False, **fields) -> Registration:
    """Register someone: by staff (confirmed when there is room) or as a guest (pending)."""
    data = services.RegistrationData(full_name=name, email=email, category=category, **fields)
    registration = services.register(event, data, staff=None if guest else object())
    db.session.commit()
    return registration
