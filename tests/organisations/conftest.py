"""Fixtures of the register's tests: a county with two gminas, and organisations."""

import pytest

from consult.extensions import db
from consult.institutions.models import COUNTY, RURAL_GMINA, URBAN_GMINA, Organisation


@pytest.fixture
def places(institution_factory):
    """Powiat płoński with Płońsk (urban) and Sochocin (rural)."""
    county = institution_factory(teryt="1420", name="płoński", kind=COUNTY)
    plonsk = institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                                 parent=county)
    sochocin = institution_factory(teryt="1420092", name="Sochocin", kind=RURAL_GMINA,
                                   parent=county)
    return county, plonsk, sochocin


@pytest.fixture
def organisation_factory(app):
    def factory(name="Fundacja Łódź", **fields) -> Organisation:
        org = Organisation(name=name, **fields)
        db.session.add(org)
        db.session.commit()
        return org

    return factory
