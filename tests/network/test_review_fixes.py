"""Verification and consent rules found by review: a rejection stays a staff decision, a
staff-approved entry changing who the person is goes back to staff, announcements need
their own consent and every change of it is logged, leaving clears the outbox copies."""

import pytest
from sqlalchemy import func, select

from consult.core.mail import OutboxMessage, queue_mail
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.network import membership, services
from consult.network.models import APPROVED, EMAIL_PENDING, PENDING, ConsentLog


def data_of(member, **changes) -> services.MemberData:
    values = dict(institution=member.institution, full_name=member.full_name,
                  position=member.position, work_email=member.work_email,
                  is_coordinator=member.is_coordinator,
                  announcements=not member.announcements_opt_out)
    return services.MemberData(**{**values, **changes})


def test_a_corrected_rejected_request_goes_back_to_staff_and_old_links_fail(
        app, institution_factory, member_factory):
    plonsk = institution_factory(domains="plonsk.pl")
    member = member_factory(institution=plonsk, status=EMAIL_PENDING, work_email="w@plonsk.pl",
                            user=None)
    services.reject(member, "To nie jest adres urzędu.")
    services.update_entry(member, data_of(member))
    services.resubmit(member)
    assert member.status == PENDING
    with pytest.raises(services.NetworkError):  # the link sent before no longer approves
        services.confirm_work_email(member, "w@plonsk.pl")
    assert member.status == PENDING


def test_a_staff_approved_entry_changing_name_or_role_is_checked_again(app, member_factory):
    member = member_factory(work_email="jan@gmail.com", user=None)
    assert member.status == APPROVED and member.email_verified_at is None
    services.update_entry(member, data_of(member, bio="Nowe zdanie o mnie."))
    assert member.status == APPROVED  # other fields change freely
    services.update_entry(member, data_of(member, full_name="Wójt Jan", is_coordinator=True))
    assert member.status == PENDING


def test_announcements_need_their_own_consent_and_changes_are_logged(app, member_factory):
    member = member_factory(user=None)
    before = db.session.scalar(select(func.count(ConsentLog.id)))
    membership.stop_announcements(member)
    membership.set_announcements(member, True)
    db.session.commit()
    logs = db.session.scalars(select(ConsentLog).order_by(ConsentLog.id)).all()
    assert len(logs) == before + 2
    assert [log.choices["announcements"] for log in logs[-2:]] == [False, True]


def test_joining_without_ticking_announcements_sends_none(app, user_factory,
                                                         institution_factory):
    user = user_factory()
    member = services.join(user, services.MemberData(
        institution=institution_factory(), full_name="Ola", position="inspektorka",
        work_email="ola@example.org"))
    assert member.announcements_opt_out is True
    assert member.consents[-1].choices["announcements"] is False


def test_leaving_removes_the_copies_of_messages_to_the_work_address(app, member_factory):
    member = member_factory(work_email="v@plonsk.pl", user=None,
                            email_verified_at=utcnow())  # the member proved the address
    with app.test_request_context():
        queue_mail("v@plonsk.pl", "Ogłoszenie", "auth/mail/verify", url="https://x", hours=1)
    db.session.commit()
    services.leave(member)
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient == "v@plonsk.pl")) == 0

