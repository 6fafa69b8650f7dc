"""Fixtures of the events tests."""

import pytest

from consult.events import services
from consult.events.models import Registration
from consult.extensions import db


@pytest.fixture
def staff(client, login_as):
    """A staff member signed in on ``client``, with the interface in English."""
    user = login_as("staff", full_name="Anna Organizatorka")
    client.post("/language", data={"language": "en", "next": "/"})
    return user


def add(event, name, email, category="ngo", guest=False, **fields) -> Registration:
    """Register someone: by staff (confirmed when there is room) or as a guest (pending)."""
    data = services.RegistrationData(full_name=name, email=email, category=category, **fields)
    registration = services.register(event, data, staff=None if guest else object())
    db.session.commit()
    return registration
