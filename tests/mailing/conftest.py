"""What the mailing tests share: a subscriber, an organisation with a contact address."""

import pytest

from consult.extensions import db
from consult.institutions.models import Organisation
from consult.mailing import services
from consult.mailing.models import ConsentSource


@pytest.fixture
def subscriber_factory(app):
    def factory(email: str, user=None, source=ConsentSource.ACCOUNT):
        subscriber = services.subscribe(email, source, user)
        db.session.commit()
        return subscriber
    return factory


@pytest.fixture
def organisation_factory(app):
    counter = iter(range(1, 10_000))

    def factory(email: str | None, name: str | None = None, **fields):
        n = next(counter)
        organisation = Organisation(name=name or f"Stowarzyszenie Testowe {n}", email=email,
                                    **fields)
        db.session.add(organisation)
        db.session.commit()
        return organisation
    return factory
