"""The Atom feed's dates, read with the standard library's XML parser: each entry is
published when the thing it announces happened (the announcement, the opening, the close,
the report), and updated then or at a later edit of the consultation."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from consult.core.timeutil import as_utc, utcnow
from consult.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entry_dates(client) -> dict[str, tuple[datetime, datetime]]:
    """Entry title → (published, updated), as aware datetimes."""
    client.set_cookie("lang", "en")
    response = client.get("/consultations/feed.atom")
    assert response.status_code == 200
    root = ET.fromstring(response.data)  # noqa: S314 - the app's own feed
    return {
        entry.findtext(f"{ATOM}title"): (
            datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
            datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
        for entry in root.iter(f"{ATOM}entry")
    }


def test_each_entry_is_dated_by_what_it_announces(client, consultation_factory,
                                                  institution_factory):
    now = utcnow().replace(microsecond=0)
    day = timedelta(days=1)
    plonsk = institution_factory()

    def made(title, announced, changed, **fields):
        consultation = consultation_factory(title, institution=plonsk, **fields)
        consultation.announced_at, consultation.updated_at = now + announced, now + changed
        return consultation

    planned = made("Planowana", -2 * day, -2 * day, opens_in=3 * day, closes_in=10 * day)
    opened = made("Otwarta", -10 * day, -10 * day, opens_in=-1 * day)
    corrected = made("Poprawiona", -10 * day, -timedelta(hours=1), opens_in=-3 * day)
    closed = made("Zamknięta", -30 * day, -30 * day, opens_in=-20 * day, closes_in=-5 * day)
    reported = made("Ze sprawozdaniem", -70 * day, -10 * day, opens_in=-60 * day,
                    closes_in=-40 * day, report_published_at=now - 10 * day)
    db.session.commit()

    dates = _entry_dates(client)

    def at(*moments):
        return tuple(as_utc(moment) for moment in moments)

    assert dates["Planned: Planowana"] == at(planned.announced_at, planned.announced_at)
    assert dates["Open for comments: Otwarta"] == at(opened.opens_at, opened.opens_at)
    # Edited after it opened: still published at the opening, updated at the edit.
    assert dates["Open for comments: Poprawiona"] == at(corrected.opens_at,
                                                         corrected.updated_at)
    assert dates["Closed: Zamknięta"] == at(closed.closes_at, closed.closes_at)
    assert dates["Report published: Ze sprawozdaniem"] == at(reported.report_published_at,
                                                             reported.report_published_at)
    assert all(published <= updated for published, updated in dates.values())
