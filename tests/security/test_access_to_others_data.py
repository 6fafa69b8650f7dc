"""Someone else's things: a registration, a comment, a network entry, an export.

Every route as every role is tests/test_permissions.py; here the person is signed in and
allowed on the route, but the object belongs to someone else.
"""

import secrets

import pytest

from consult.auth.models import MANAGER, STAFF, USER
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, CommentStatus
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from consult.network.models import Member
from tests.consultations.conftest import comment_on
from tests.events.conftest import add
from tests.security.conftest import rows, signed_in

# --- a registration's token ------------------------------------------------------------------

TOKEN_PAGES = ("/registrations/{}", "/registrations/{}.json", "/registrations/{}/calendar.ics",
               "/registrations/{}/cancel", "/registrations/{}/evaluation")


def _near_misses(token: str) -> list[str]:
    """Guesses close to a real token: a prefix, other letter case, one character off."""
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    return [secrets.token_urlsafe(32), token[:-1], token[: len(token) // 2], token.swapcase(),
            flipped, token + "x", "%", "*", "' OR 1=1 --"]


def test_registration_tokens_cannot_be_guessed(app, event_factory, user_factory):
    event = event_factory()
    registration = add(event, "Maria Łęcka", "maria@example.org")
    token = registration.token
    assert len(token) >= 32 and token != str(registration.id)
    someone = signed_in(app, user_factory())
    for template in TOKEN_PAGES:
        assert someone.get(template.format(token)).status_code in (200, 302)  # control
        for guess in _near_misses(token):
            response = someone.get(template.format(guess))
            assert response.status_code == 404, (template, guess, response.status_code)
    for guess in _near_misses(token):
        assert someone.post(f"/registrations/{guess}/cancel").status_code == 404
        assert someone.post(f"/registrations/{guess}/confirm").status_code == 404
    assert rows(Registration)[0].status == RegistrationStatus.CONFIRMED


def test_signed_in_people_do_not_see_others_registrations_in_their_data(
        app, event_factory, user_factory):
    event = event_factory()
    other = user_factory(email="inna@example.org")
    me = user_factory(email="ja@example.org")
    add(event, "Inna Osoba", other.email)
    export = signed_in(app, me).get("/account/export.json")
    assert export.status_code == 200
    assert "inna@example.org" not in export.get_data(as_text=True)
    assert "Inna Osoba" not in export.get_data(as_text=True)
    page = signed_in(app, me).get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "inna@example.org" not in page


# --- a comment -----------------------------------------------------------------------------------


COMMENT_FORM = {"section": "", "body": "Zmieniona treść uwagi.", "proposed_text": "",
                "justification": "", "on_behalf": "self", "organisation_name": "",
                "organisation_krs": ""}


def test_nobody_edits_or_withdraws_someone_elses_comment(app, consultation_factory,
                                                         user_factory):
    consultation = consultation_factory()
    author = user_factory()
    comment = comment_on(consultation, author, body="Treść autora.")
    base = f"/consultations/{consultation.slug}/comments/{comment.id}"
    for role in (USER, MANAGER, STAFF):
        other = signed_in(app, user_factory(role=role, institutions=(
            [consultation.institution] if role == MANAGER else ())))
        assert other.get(f"{base}/edit").status_code == 403, role
        assert other.post(f"{base}/edit", data=COMMENT_FORM).status_code == 403, role
        assert other.get(f"{base}/withdraw").status_code == 403, role
        assert other.post(f"{base}/withdraw").status_code == 403, role
    [stored] = rows(Comment)
    assert stored.body == "Treść autora." and stored.withdrawn_at is None
    # The author still can (control).
    assert signed_in(app, author).post(f"{base}/edit", data=COMMENT_FORM).status_code == 302
    assert rows(Comment)[0].body == COMMENT_FORM["body"]


def test_a_comment_is_reached_only_through_its_own_consultation(app, consultation_factory,
                                                                institution_factory,
                                                                user_factory):
    """The author of a comment on A cannot edit it as if it were on B (nor see it there)."""
    first = consultation_factory()
    second = consultation_factory(title="Drugi program współpracy",
                                  institution=institution_factory(teryt="1462011",
                                                                  name="Płock"))
    author = user_factory()
    comment = comment_on(first, author)
    client = signed_in(app, author)
    base = f"/consultations/{second.slug}/comments/{comment.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=COMMENT_FORM).status_code == 404
    assert client.post(f"{base}/withdraw").status_code == 404
    assert client.post(f"{base}/report", data={"reason": "x"}).status_code == 404
    assert rows(Comment)[0].body != COMMENT_FORM["body"]


def test_a_comment_awaiting_moderation_is_shown_to_its_author_only(app, consultation_factory,
                                                                  user_factory):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    author = user_factory()
    comment = comment_on(consultation, author, body="Uwaga czekająca na moderatora.")
    assert comment.status == CommentStatus.PENDING
    paths = [f"/consultations/{consultation.slug}/", f"/consultations/{consultation.slug}/print",
             f"/api/v1/consultations/{consultation.slug}"]
    assert "czekająca" in signed_in(app, author).get(paths[0]).get_data(as_text=True)
    for viewer in (None, user_factory()):
        for path in paths:
            body = signed_in(app, viewer).get(path).get_data(as_text=True)
            assert "czekająca" not in body, (viewer, path)


# --- a network entry -----------------------------------------------------------------------------


@pytest.fixture
def two_members(app, user_factory, institution_factory):
    from consult.core.timeutil import utcnow
    from consult.network import services
    from consult.network.models import FIELDS, MemberStatus

    institution = institution_factory()
    members = []
    for n in (1, 2):
        user = user_factory(email=f"czlonek{n}@example.org")
        member = Member(user_id=user.id, institution=institution, full_name=f"Członek {n}",
                        position="inspektor", work_email=f"czlonek{n}@plonsk.example.org",
                        status=MemberStatus.APPROVED, approved_at=utcnow(),
                        announcements_token=secrets.token_urlsafe(32))
        db.session.add(member)
        services.set_visibility(member, {name: "public" for name in FIELDS})
        db.session.commit()
        members.append((user, member))
    return members


def test_network_me_is_always_your_own_entry(app, two_members):
    (first_user, first), (_second_user, second) = two_members
    client = signed_in(app, first_user)
    for query in ("", f"?member_id={second.id}", f"?id={second.id}", f"?user_id={second.id}"):
        body = client.get(f"/network/me{query}").get_data(as_text=True)
        assert "Członek 1" in body and "Członek 2" not in body, query
    form = {"institution": str(first.institution_id), "full_name": "Podmieniony",
            "position": "inspektor", "work_email": first.work_email, "announcements": "y",
            "member_id": str(second.id), "id": str(second.id), "user_id": str(second.id),
            **{f"{name}_visibility": "public" for name in
               ("full_name", "position", "department", "work_email", "work_phone", "bio",
                "topics")}}
    response = client.post(f"/network/me?member_id={second.id}", data=form)
    assert response.status_code in (200, 302)
    names = {member.id: member.full_name for member in rows(Member)}
    assert names[second.id] == "Członek 2"
    assert names[first.id] == "Podmieniony"  # the own entry is what changed
    client.post(f"/network/me/leave?member_id={second.id}",
                data={"member_id": str(second.id)})
    assert second.id in {member.id for member in rows(Member)}


# --- exports -----------------------------------------------------------------------------------


def test_staff_exports_are_refused_to_users_and_other_institutions_managers(
        app, event_factory, consultation_factory, institution_factory, user_factory):
    event = event_factory()
    add(event, "Maria Łęcka", "maria@example.org")
    consultation = consultation_factory()  # Płońsk's, report not published
    comment_on(consultation, user_factory(), body="Uwaga do raportu.")
    plock = institution_factory(teryt="1462011", name="Płock")
    exports = [f"/manage/events/{event.id}/registrations.csv",
               f"/manage/events/{event.id}/registrations.xlsx",
               f"/manage/events/{event.id}/attendance.pdf", "/manage/events/impact.csv",
               "/manage/network/members.csv"]
    previews = [f"/consultations/{consultation.slug}/report{suffix}"
                for suffix in ("", ".csv", ".xlsx", ".docx")]
    people = {"user": user_factory(), "other manager": user_factory(
        role=MANAGER, institutions=[plock])}
    for who, person in people.items():
        client = signed_in(app, person)
        for path in exports:
            assert client.get(path).status_code == 403, (who, path)
        for path in previews:
            assert client.get(path).status_code == 404, (who, path)
    # The manager of the consultation's own institution sees the preview (control).
    own = signed_in(app, user_factory(role=MANAGER, institutions=[consultation.institution]))
    for path in previews:
        assert own.get(path).status_code == 200, path
